/** The REST API under /vellum/api/v1: thin resources that translate HTTP to the services and back. */
package org.vellum.web.api;
