/** Real-time ingestion: a request body of one event or many, normalized, minimized and appended with receipts. */
package org.vellum.ingest;
