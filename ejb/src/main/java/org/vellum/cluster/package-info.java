/**
 * Several appliances on one database: which nodes are alive, which node runs which job execution, and which node runs
 * a scheduled job, all decided in the database they share (docs/operations.md, "Cluster").
 */
package org.vellum.cluster;
