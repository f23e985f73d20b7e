/** The one base type of business failures, with the stable codes that REST turns into problem details. */
package org.vellum.problem;
