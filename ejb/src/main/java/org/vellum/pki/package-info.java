/** The embedded default's own small PKI: a root CA, the seal-signing certificate, the TSA certificate and the CRL. */
package org.vellum.pki;
