package org.vellum.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Activates JAX-RS for every resource in this WAR under {@code /api/v1}. */
@ApplicationPath("/api/v1")
public class RestApplication extends Application {}
