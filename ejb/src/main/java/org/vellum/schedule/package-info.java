/** Job schedules as admins set them over the configured defaults, each change recorded in the ledger. */
package org.vellum.schedule;
