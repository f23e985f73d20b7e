#!/usr/bin/env bash
# Every benchmark, one after the other, and one table of their figures, each beside the reference measured in the
# same run on the same machine, with the ratio.
#   bench/all.sh [quick|full]          default: quick
# quick: the JMH micro benchmarks, the reference tools, HTTP ingest at batches of 10, 100 and 1,000, and the
#        nightly run at 100,000 and 1,000,000 events (about 30 minutes on 2 cores);
# full:  the same with the nightly run at 10,000,000 events too, and tape export (about 2 hours, about 40 GB of disk).
# The table goes to stdout and to target/bench/results.md; each benchmark's own output to target/bench/<name>.log.
# Nothing here runs in the test suite; docs/BENCHMARKS.md records what it printed.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-quick}
OUT=$PWD/target/bench
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: > "$RESULTS"
# BENCH_NO_BUILD=1 uses what an earlier build left (the EAR, the simulator, the verifier, the benchmarks' jar)
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -DskipTests -Dspotless.check.skip=true install
export BENCH_NO_BUILD=1

result() { echo "RESULT|$1|$2|$3|${4:-}|${5:-}" >> "$RESULTS"; }
seconds() { local start=$1; echo "$(date +%s.%N) - $start" | bc; }

# References: the machine's own hashing, compression and copying.
ref=$OUT/ref && mkdir -p "$ref"
sha=$(openssl speed -evp sha256 -bytes 16384 -seconds 3 2> /dev/null | awk '/^sha256/ {print $NF}' | tr -d k)
result "openssl speed -evp sha256 (16 KiB blocks)" "$(echo "scale=1; $sha * 1000 / 1000000" | bc)" "MB/s"
head -c 1000000000 /dev/urandom > "$ref/random.bin"
start=$(date +%s.%N); sha256sum "$ref/random.bin" > /dev/null; s=$(seconds "$start")
result "sha256sum over 1 GB" "$(echo "scale=1; 1000 / $s" | bc)" "MB/s"
start=$(date +%s.%N); tar -b 512 -cf "$ref/random.tar" -C "$ref" random.bin && sync -f "$ref/random.tar"; s=$(seconds "$start")
result "tar -b 512 -cf + sync over 1 GB" "$(echo "scale=1; 1000 / $s" | bc)" "MB/s"
rm -f "$ref/random.bin" "$ref/random.tar"

# Micro benchmarks (JMH), with their own references and table (target/bench/micro/table.md).
# The install above built its jar. Its own default settings in both modes: shorter warm-ups measure the JIT compiler.
# BENCH_SKIP_MICRO=1 leaves them out (they take about 8 minutes), e.g. right after a bench/micro.sh of its own.
rm -rf "$OUT/micro"
if [ -z "${BENCH_SKIP_MICRO:-}" ]; then
    BENCH_OUT=$OUT/micro bench/micro.sh > "$OUT/micro.log" 2>&1
fi

# HTTP ingest: a dedicated appliance, producers keeping a session, three batch sizes; PostgreSQL inserts as the
# database reference where PostgreSQL runs.
(
    # shellcheck source=bench/lib.sh
    . bench/lib.sh
    start_appliance "$PWD/target/bench-ingest" 340 2g
    for batch in 10 100 1000; do
        java -cp verifier/target/test-classes:verifier/target/classes:ear/target/test-classes \
            org.vellum.bench.IngestLoad "http://127.0.0.1:8420/" producer "$PASSWORD" 4 "$batch" 40 session \
            2>&1 | tee -a "$OUT/ingest.log" | grep '^RESULT|' >> "$RESULTS"
    done
)
if command -v pgbench > /dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    psql -q -h 127.0.0.1 -U postgres -c 'DROP DATABASE IF EXISTS vellum_bench' -c 'CREATE DATABASE vellum_bench'
    psql -q -h 127.0.0.1 -U postgres -d vellum_bench \
        -c 'CREATE TABLE entry (seq bigserial PRIMARY KEY, event_id uuid UNIQUE, body text, hash bytea)'
    cat > "$OUT/insert.sql" <<'SQL'
BEGIN;
INSERT INTO entry (event_id, body, hash)
SELECT gen_random_uuid(), repeat('x', 900), sha256(random()::text::bytea) FROM generate_series(1, 1000);
COMMIT;
SQL
    tps=$(pgbench -n -h 127.0.0.1 -U postgres -c 4 -T 30 -f "$OUT/insert.sql" vellum_bench 2> /dev/null \
        | awk '/^tps/ {print $3}')
    result "pgbench: transactions of 1,000 inserted rows (about 1 KB, unique uuid), 4 clients" \
        "$(echo "$tps * 1000 / 1" | bc)" "rows/s"
    psql -q -h 127.0.0.1 -U postgres -c 'DROP DATABASE vellum_bench'
fi

# The nightly run at growing scale: time should grow linearly, live heap stay flat.
sizes="100000 1000000"
[ "$MODE" = full ] && sizes="$sizes 10000000"
for n in $sizes; do
    bench/nightly.sh "$n" 1g 2>&1 | tee "$OUT/nightly-$n.log" | grep '^RESULT|' >> "$RESULTS"
    rm -rf "target/bench-nightly-$n"
done

if [ "$MODE" = full ]; then
    bench/tape.sh 4 256 2>&1 | tee "$OUT/tape.log" | grep '^RESULT|' >> "$RESULTS" || true
fi

python3 - "$RESULTS" "$MODE" "$OUT/micro/table.md" <<'PY' | tee "$OUT/results.md"
import sys
rows = [l.rstrip("\n").split("|")[1:] for l in open(sys.argv[1]) if l.startswith("RESULT|")]
print(f"Vellum benchmarks ({sys.argv[2]}), one run; figures beside their references from the same run\n")
import os
if os.path.exists(sys.argv[3]):
    print("## Micro benchmarks (JMH)\n")
    print(open(sys.argv[3]).read())
print("## End to end\n")
print("| figure | value | unit | reference | reference value | ratio |")
print("|---|---:|---|---|---:|---:|")
for figure, value, unit, ref, ref_value in rows:
    ratio = ""
    try:
        ratio = f"{float(value) / float(ref_value):.2f}"
    except ValueError:
        pass
    print(f"| {figure} | {value} | {unit} | {ref} | {ref_value} | {ratio} |")
PY
