package org.vellum.web.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vellum.canonical.CanonicalJson;
import org.vellum.event.MinimizationPolicy;
import org.vellum.ledger.LedgerService;
import org.vellum.security.Role;
import org.vellum.system.SystemService;

/** {@code /system}: what this appliance is and runs, for its administrators. */
@RequestScoped
@Path("/system")
public class SystemResource {

    @Inject
    SystemService system;

    @Inject
    LedgerService ledger;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN_NAME)
    public String info() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("appliance_id", ledger.genesis().applianceId());
        json.put("ledger_seq", ledger.head().seq());
        json.put("indexed_seq", ledger.indexedSeq());
        json.put(
                "minimization_policy",
                Map.of("version", MinimizationPolicy.VERSION, "sha256", MinimizationPolicy.sha256()));
        Map<String, Object> libraries = new LinkedHashMap<>();
        system.libraries()
                .forEach((name, lib) -> libraries.put(
                        name, Map.of("version", lib.version(), "jar", lib.jar(), "class_loader", lib.classLoader())));
        json.put("libraries", libraries);
        json.put("jvm_wide_bc_provider", system.cryptoProviders().jvmWideBc());
        return CanonicalJson.string(json);
    }
}
