/** Starting, stopping, listing and scheduling the appliance's batch jobs: the one way jobs are launched. */
package org.vellum.jobs;
