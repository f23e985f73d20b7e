/** Nightly collection of the platform's log files: finding them, reading each line once, classifying it, accounting. */
package org.vellum.collect;
