/** The database schema and its versioned, forward-only migrations. */
package org.vellum.schema;
