/** The storage jobs: {@code verify-archives} (re-verify every stored copy) and {@code retention-purge}. */
package org.vellum.jobs.storage;
