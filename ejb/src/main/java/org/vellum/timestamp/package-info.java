/** RFC 3161 time-stamping: the appliance's built-in TSA (ETSI EN 319 422 profile) and the client that uses TSAs. */
package org.vellum.timestamp;
