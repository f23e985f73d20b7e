/** The appliance's users and roles: the table Elytron's JDBC realm reads, and its bootstrap on first start. */
package org.vellum.security;
