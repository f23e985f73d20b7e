/** How the web module authenticates people and programs: the login page that answers each in its own terms. */
package org.vellum.web.security;
