package org.vellum.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.List;
import java.util.Set;

/**
 * JAX-RS under {@code /api/v1}. The resources are listed rather than scanned: this list is what is served and what the
 * OpenAPI document ({@link OpenApiResource}) describes, so the two cannot differ.
 */
@ApplicationPath("/api/v1")
public class RestApplication extends Application {
    /** Every resource class of the API, in the order the OpenAPI document lists them. */
    static final List<Class<?>> RESOURCES = List.of(
            EventsResource.class,
            LedgerResource.class,
            SealsResource.class,
            ArchivesResource.class,
            StorageResource.class,
            TapesResource.class,
            JobsResource.class,
            QuarantineResource.class,
            UsersResource.class,
            TrustAnchorsResource.class,
            SystemResource.class,
            OpenApiResource.class);

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new java.util.LinkedHashSet<>(RESOURCES);
        classes.add(ProblemMapper.class);
        return classes;
    }
}
