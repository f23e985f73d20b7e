/** The offline {@code vellum-verify} command line: an auditor's check that needs nothing from the appliance. */
package org.vellum.verify;
