#!/usr/bin/env bash
# One nightly run at scale, end to end, each figure beside a reference measured in the same run on the same machine.
#   bench/nightly.sh [events] [heap]        defaults: 1000000 1g
# Starts a dedicated appliance (own home in target/bench-nightly-<events>, port offset 330, GC log), writes a simulated
# spool of that many events, runs nightly-archive over it (collect, verify, seal, package, attest, verify-archive,
# store), then downloads the archive and verifies it offline with vellum-verify. References: zcat -f | wc -l over the
# spool (the raw read rate) for the collect step, zip -6 over the archive's members for packaging, sha256sum over the
# same members for verification. Prints a line per figure, and RESULT lines (figure|value|unit|reference|reference
# value) that bench/all.sh gathers into its table.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
HEAP=${2:-1g}
WORK=$PWD/target/bench-nightly-$EVENTS
GC_LOG=$PWD/target/bench-nightly-$EVENTS.gc.log
rm -f "$GC_LOG"
# shellcheck source=bench/lib.sh
. bench/lib.sh
BENCH_JAVA_OPTS="-Xlog:gc:file=$GC_LOG ${BENCH_JAVA_OPTS:-}" start_appliance "$WORK" 330 "$HEAP"

SPOOL=$IMPORT/spool
java -jar producer-simulator/target/vellum-producer-simulator.jar --out "$SPOOL" --events "$EVENTS" --nodes 4 \
    --seed 23 --expected "$WORK/expected.json" > /dev/null
sync
spool_bytes=$(du -sb "$SPOOL" | cut -f1)
start=$(date +%s.%N)
lines=$(find "$SPOOL" -type f | sort | xargs zcat -f | wc -l)
zcat_secs=$(echo "$(date +%s.%N) - $start" | bc)

DATA=$WORK/home/standalone/data
data_bytes() { du -sb --exclude=import "$DATA" | cut -f1; }
before=$(data_bytes)
run_nightly "$SPOOL"
after=$(data_bytes)

archive=$(curl -sf -u "auditor:$PASSWORD" "$BASE/archives?limit=100" \
    | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["items"][-1]))')
n=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["seal_number"])' "$archive")
name=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["file_name"])' "$archive")
curl -sf -u "auditor:$PASSWORD" -H 'Accept: application/vnd.etsi.asic-e+zip' "$BASE/archives/$n/content" -o "$WORK/$name"
curl -sf -u "auditor:$PASSWORD" -H 'Accept: application/pdf' "$BASE/archives/$n/attestation.pdf" \
    -o "$WORK/${name%.asice}.pdf"
curl -sf "$BASE/trust-anchors" > "$WORK/anchors.pem"
rm -rf "$WORK/members" && mkdir -p "$WORK/members" && (cd "$WORK/members" && unzip -q "$WORK/$name")
members=$(du -sb "$WORK/members" | cut -f1)

start=$(date +%s.%N)
java -jar verifier/target/vellum-verify.jar archive "$WORK/$name" --trust "$WORK/anchors.pem" > "$WORK/verify.out"
verify_secs=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
find "$WORK/members" -type f -exec sha256sum {} + > /dev/null
sha_secs=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
(cd "$WORK/members" && zip -6 -q -r "$WORK/baseline.zip" .)
zip_secs=$(echo "$(date +%s.%N) - $start" | bc)
rm -rf "$WORK/members" "$WORK/baseline.zip"

python3 - "$json" "$archive" "$EVENTS" "$HEAP" "$GC_LOG" <<PY
import json, re, sys
from datetime import datetime
j, a, events, heap, gclog = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
spool, lines, zcat = $spool_bytes, $lines, $zcat_secs
before, after = $before, $after
members, verify, sha, zipped = $members, $verify_secs, $sha_secs, $zip_secs
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = lambda name: next((t(s["ended_at"]) - t(s["started_at"])).total_seconds() for s in j["steps"] if s["name"] == name)
acc = j["collection"]["accounting"]
appended = acc["appended"]
total = sum(secs(s["name"]) for s in j["steps"])
gc = [(int(m.group(1)), int(m.group(2))) for m in re.finditer(r"(\d+)M->(\d+)M", open(gclog).read())]
live = max((x for _, x in gc), default=0)
mb = members / 1e6
n = f"{events:,}"
def result(figure, value, unit, reference="", ref_value=""):
    print(f"RESULT|{figure}|{value}|{unit}|{reference}|{ref_value}")
print(f"{n} events: {lines:,} spool lines ({spool / 1e6:,.1f} MB gzipped), {appended:,} appended; status {j['status']}")
for s in j["steps"]:
    print(f"  step {s['name']:15s} {secs(s['name']):8.2f} s")
print(f"  whole run {total:,.1f} s; heap after GC at most {live} MiB (-Xmx{heap}); data folder +{(after - before) / 1e6:,.1f} MB")
print(f"  archive {a['size'] / 1e6:,.1f} MB .asice, {mb:,.1f} MB of members; vellum-verify {verify:.1f} s,"
      f" sha256sum {sha:.1f} s, zip -6 {zipped:.1f} s")
result(f"collect step, {n} events", round(lines / secs("collect")), "lines/s", "zcat -f, counted by wc -l", round(lines / zcat))
result(f"collect step, {n} events, appended", round(appended / secs("collect")), "events/s")
result(f"nightly run, {n} events, all steps", round(total, 1), "s")
result(f"nightly run, {n} events, time per event", round(total / max(appended, 1) * 1e6, 2), "us/event")
result(f"peak live heap, {n} events", live, "MiB", "-Xmx", heap)
result(f"disk per event, {n} events (ledger, journal, archive, WORM copy)", round((after - before) / max(appended, 1)),
       "bytes", "gzipped spool per event", round(spool / max(appended, 1)))
result(f"package step, {n} events", round(mb / secs("package"), 1), "MB/s", "zip -6", round(mb / zipped, 1))
result(f"offline verification (vellum-verify archive), {n} events", round(mb / verify, 1), "MB/s", "sha256sum",
       round(mb / sha, 1))
PY
