#!/usr/bin/env bash
# What a secondary index on random event ids costs H2 (see docs/BENCHMARKS.md): inserts N ledger-shaped rows with a
# unique UUID index, a BIGINT index, and no secondary index, printing rows/s per million. Default N: 3000000.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -Dspotless.check.skip=true -pl ejb -am install
h2=$(find ~/.m2/repository/com/h2database/h2 -name 'h2-*.jar' | sort | tail -1)
exec java -Xmx1g -cp "ejb/target/test-classes:$h2" org.vellum.bench.H2IndexCost "${1:-3000000}"
