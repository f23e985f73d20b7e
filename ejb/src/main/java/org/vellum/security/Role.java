package org.vellum.security;

import java.util.Arrays;
import java.util.Optional;

/** The appliance's roles; the embedded default creates one user per role, named after it. */
public enum Role {
    ADMIN("admin"),
    PRODUCER("producer"),
    COMPLIANCE_OFFICER("compliance-officer"),
    ARCHIVIST("archivist"),
    AUDITOR("auditor");

    public static final String ADMIN_NAME = "admin";
    public static final String PRODUCER_NAME = "producer";
    public static final String COMPLIANCE_OFFICER_NAME = "compliance-officer";
    public static final String ARCHIVIST_NAME = "archivist";
    public static final String AUDITOR_NAME = "auditor";

    private final String roleName;

    Role(String roleName) {
        this.roleName = roleName;
    }

    public String roleName() {
        return roleName;
    }

    public static Optional<Role> byName(String name) {
        return Arrays.stream(values()).filter(r -> r.roleName.equals(name)).findFirst();
    }
}
