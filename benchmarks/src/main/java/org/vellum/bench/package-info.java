/**
 * JMH micro-benchmarks of the production code paths, each measured beside a physical or peer reference by {@code
 * bench/micro.sh}; the set-up classes build their data with the production code too.
 */
package org.vellum.bench;
