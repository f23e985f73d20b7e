package org.vellum.web.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vellum.security.Role;

/**
 * The console's pages and who may open each: the same roles as the REST endpoints they show. The navigation lists
 * only the pages a user may open, and {@link ConsoleAccessFilter} refuses the others.
 */
public enum ConsolePage {
    DASHBOARD("dashboard", "Dashboard", Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.ARCHIVIST, Role.AUDITOR),
    SCHEDULES("schedules", "Schedules", Role.ADMIN, Role.COMPLIANCE_OFFICER),
    JOBS("jobs", "Jobs", Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.ARCHIVIST),
    ARCHIVES("archives", "Archives and seals", Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.ARCHIVIST, Role.AUDITOR),
    EVENTS("events", "Event lookup", Role.AUDITOR, Role.COMPLIANCE_OFFICER),
    QUARANTINE("quarantine", "Quarantine", Role.COMPLIANCE_OFFICER),
    TAPES("tapes", "Tapes", Role.ARCHIVIST, Role.ADMIN, Role.COMPLIANCE_OFFICER, Role.AUDITOR),
    USERS("users", "Users and roles", Role.ADMIN);

    private final String id;
    private final String title;
    private final List<Role> roles;

    ConsolePage(String id, String title, Role... roles) {
        this.id = id;
        this.title = title;
        this.roles = List.of(roles);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The page's address below the application, e.g. {@code /console/jobs.xhtml}. */
    public String path() {
        return "/console/" + id + ".xhtml";
    }

    public boolean allows(HttpServletRequest request) {
        return roles.stream().anyMatch(r -> request.isUserInRole(r.roleName()));
    }

    public static Optional<ConsolePage> byPath(String path) {
        return Arrays.stream(values()).filter(p -> p.path().equals(path)).findFirst();
    }
}
