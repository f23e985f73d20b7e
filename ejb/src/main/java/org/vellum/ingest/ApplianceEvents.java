package org.vellum.ingest;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import org.vellum.ledger.LedgerService;
import org.vellum.ledger.Receipt;
import org.vellum.minimize.MinimizationService;

/**
 * Events the appliance records about itself (retention.purged, retention.legal_hold, storage.non_worm_accepted),
 * appended to the same ledger as the producers' events and minimized by the same policy. Their node is
 * {@code vellum/<appliance id>}; producers cannot send these types.
 */
@Singleton
@LocalBean
@Local(EventLog.class)
@DependsOn({"LedgerService", "MinimizationService"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ApplianceEvents implements EventLog {
    @Inject
    LedgerService ledger;

    @Inject
    MinimizationService minimization;

    @Override
    public Receipt record(String type, Map<String, Object> fields) {
        return OwnEvents.record(
                minimization.normalizer(),
                ledger.genesis().applianceId(),
                ledger::append,
                type,
                fields,
                Clock.systemUTC());
    }
}
