/** The admin console: Jakarta Faces pages over the same services and roles as the REST API. */
package org.vellum.web.ui;
