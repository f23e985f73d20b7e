#!/usr/bin/env bash
# Streaming check of packaging and verification: a period of N entries (default 10,000,000, about 7 GB of entry lines)
# generated on the fly, packaged by the production ArchiveWriter and verified by ArchiveVerifier in a JVM with a small
# heap (default 256m), printing times and MB/s: finishing at all in that heap is the point. Writes into target/archive-streaming (the .asice is
# deleted at the end).
#   bench/archive-stream.sh [entries] [heap] [bytes]
# With a third argument (the entry lines' size in bytes, as the first run printed it), it only verifies the archive an
# earlier run left behind (it is kept when verification fails).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -DskipTests -Dspotless.check.skip=true -pl ejb -am install
cp=$(mvn -B -q -o -pl ejb dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test | sed "s/\x1b\[[0-9;]*m//g")
exec java "-Xmx${2:-256m}" -cp "ejb/target/test-classes:ejb/target/classes:$cp" org.vellum.bench.ArchiveStreaming \
    "${1:-10000000}" target/archive-streaming ${3:+verify "$3"}
