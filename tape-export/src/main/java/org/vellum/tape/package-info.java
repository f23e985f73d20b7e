/** Writing archives to tape (SIMH images, st devices) and LTFS, in plain Java. Empty until issue 7. */
package org.vellum.tape;
