package org.vellum.ingest;

import java.util.Map;
import org.vellum.ledger.Receipt;

/** Where the appliance appends the events it records about itself; durable when the call returns. */
@FunctionalInterface
public interface EventLog {
    Receipt record(String type, Map<String, Object> fields);
}
