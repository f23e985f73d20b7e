#!/usr/bin/env bash
# The collect step on a simulated spool, against a dedicated appliance started here with a limited heap.
#   bench/collect.sh [events] [heap] [item-count] [rounds]        defaults: 1000000 1g 1000 2
# Each round collects a new spool of that many events on the same server, as successive nights would: the first round
# runs on a freshly started JVM (its JIT compiler still busy), the later ones on a warm one with a bigger ledger.
# Prints, per round, the raw read rate of the same files (zcat -f | wc -l) and the collect step's lines/s and events/s,
# then the peak heap from the server's GC log. Uses its own home in target/bench-collect and port offset 300.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
HEAP=${2:-1g}
ITEMS=${3:-1000}
ROUNDS=${4:-2}
WORK=$PWD/target/bench-collect
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
BASE=http://127.0.0.1:8380/vellum/api/v1

rm -rf "$WORK" && mkdir -p "$WORK"
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -DskipTests -Dspotless.check.skip=true -pl producer-simulator,ear -am install
IMPORT=$WORK/home/standalone/data/vellum/import
mkdir -p "$IMPORT"
VELLUM_DEMO=0 VELLUM_HOME=$WORK/home VELLUM_PORT_OFFSET=300 VELLUM_PASSWORD_ADMIN=$PASSWORD \
    VELLUM_JAVA_SIZING="-Xms$HEAP -Xmx$HEAP -Xlog:gc:file=$WORK/gc.log ${BENCH_JAVA_OPTS:-}" \
    setsid ./run.sh > "$WORK/run.log" 2>&1 &
trap 'pkill -f "jboss.server.base.dir=$WORK/home" || true' EXIT
for _ in $(seq 1 120); do
    curl -sf -u "admin:$PASSWORD" "$BASE/system" > /dev/null 2>&1 && break
    sleep 2
done

for round in $(seq 1 "$ROUNDS"); do
    SPOOL=$IMPORT/spool-$round
    java -jar producer-simulator/target/vellum-producer-simulator.jar --out "$SPOOL" --events "$EVENTS" --nodes 4 \
        --seed $((6 + round)) --start "$(date -u -d "2026-11-01 +$round day" +%Y-%m-%dT00:00:00Z)" \
        --expected "$WORK/expected-$round.json" > /dev/null
    sync
    start=$(date +%s.%N)
    lines=$(find "$SPOOL" -type f | sort | xargs zcat -f | wc -l)
    raw=$(echo "$(date +%s.%N) - $start" | bc)
    id=$(curl -sf -u "admin:$PASSWORD" -X POST -H 'Content-Type: application/json' \
        -d "{\"sourceDir\":\"$SPOOL\",\"sourceName\":\"bench-$round\",\"itemCount\":\"$ITEMS\"}" \
        "$BASE/jobs/nightly-archive" | python3 -c 'import json,sys; print(json.load(sys.stdin)["execution_id"])')
    while true; do
        json=$(curl -sf -u "admin:$PASSWORD" "$BASE/jobs/executions/$id")
        status=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["status"])' "$json")
        case $status in COMPLETED|FAILED|STOPPED) break ;; esac
        sleep 5
    done
    python3 - "$json" "$lines" "$raw" "$round" "$(du -sh "$SPOOL" | cut -f1)" <<'PY'
import json, sys
from datetime import datetime
j, lines, raw, r, size = json.loads(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
collect = next(s for s in j["steps"] if s["name"] == "collect")
secs = (t(collect["ended_at"]) - t(collect["started_at"])).total_seconds()
a = j["collection"]["accounting"]
print(f"round {r}: spool {size}; status {j['status']}; accounting balanced: {a['balanced']}")
print(f"  zcat -f | wc -l   {lines:>10,} lines in {raw:6.2f} s = {lines / raw:>12,.0f} lines/s")
print(f"  collect step      {a['lines_read']:>10,} lines in {secs:6.2f} s = {a['lines_read'] / secs:>12,.0f} lines/s"
      f"  ({a['appended'] / secs:,.0f} events/s appended; {raw / secs * 100:.1f}% of the raw rate)")
PY
    rm -rf "$SPOOL"
done
system=$(curl -sf -u "admin:$PASSWORD" "$BASE/system")
python3 - "$WORK/gc.log" "$HEAP" "$system" <<'PY'
import json, re, sys
gclog, heap = sys.argv[1], sys.argv[2]
gc = [(int(m.group(1)), int(m.group(2))) for m in re.finditer(r"(\d+)M->(\d+)M", open(gclog).read())]
peak, live = max((b for b, _ in gc), default=0), max((a for _, a in gc), default=0)
print(f"heap: peak {peak} MiB before a GC, at most {live} MiB left after one (-Xmx{heap})")
print("ledger after the runs:", {k: v for k, v in json.loads(sys.argv[3]).items() if "seq" in k})
PY
