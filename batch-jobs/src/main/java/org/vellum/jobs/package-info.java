/** Jakarta Batch jobs, one package per job; the job XML lives in META-INF/batch-jobs. Empty until issue 3. */
package org.vellum.jobs;
