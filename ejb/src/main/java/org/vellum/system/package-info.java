/** What the appliance runs: versions, the libraries it loaded and from where, the policy in force. */
package org.vellum.system;
