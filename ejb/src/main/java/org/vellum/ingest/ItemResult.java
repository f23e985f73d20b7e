package org.vellum.ingest;

import org.vellum.ledger.Receipt;

/**
 * What became of one item of a request: a receipt, or a rejection naming why.
 *
 * @param index the item's 0-based position in the request
 * @param eventId the item's {@code event_id} if it had a readable one, else null
 */
public record ItemResult(int index, String eventId, Receipt receipt, Rejection rejection) {

    /** Why an item was not appended; {@code field} is the dotted path of the offending field, or null. */
    public record Rejection(String code, String field, String detail) {}

    public static ItemResult appended(int index, Receipt receipt) {
        return new ItemResult(index, receipt.eventId(), receipt, null);
    }

    public static ItemResult rejected(int index, String eventId, Rejection rejection) {
        return new ItemResult(index, eventId, null, rejection);
    }

    public boolean isAppended() {
        return receipt != null;
    }
}
