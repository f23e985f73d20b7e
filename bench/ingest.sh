#!/usr/bin/env bash
# Sustained HTTP ingest against a running appliance (start it with ./run.sh first).
#   VELLUM_BENCH_PASSWORD=<producer's password> bench/ingest.sh [base-url] [clients] [batch] [seconds] [basic|session]
# Defaults: http://127.0.0.1:8080/ 4 1000 60 basic. Prints events/s and p50/p99 request-to-receipt times.
# Sends traffic to the given address only, for a bounded time. docs/BENCHMARKS.md records results.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${VELLUM_BENCH_PASSWORD:?set VELLUM_BENCH_PASSWORD to the password of the producer user}"
# BENCH_NO_BUILD=1 skips the build (it would replace the EAR under a server started from this checkout).
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -DskipTests -Dspotless.check.skip=true -pl ear -am package
exec java -cp verifier/target/test-classes:verifier/target/classes:ear/target/test-classes \
    org.vellum.bench.IngestLoad "${1:-http://127.0.0.1:8080/}" producer "" "${2:-4}" "${3:-1000}" "${4:-60}" "${5:-basic}"
