/** The appliance's side of minimization: the pseudonym secret and the normalizer built on it. */
package org.vellum.minimize;
