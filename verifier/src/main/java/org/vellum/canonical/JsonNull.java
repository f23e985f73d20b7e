package org.vellum.canonical;

/** The JSON literal {@code null}, distinct from an absent member. */
public enum JsonNull {
    INSTANCE;

    @Override
    public String toString() {
        return "null";
    }
}
