#!/usr/bin/env bash
# Packaging and offline verification of a large period's archive, against a dedicated appliance, with the same bytes
# run through zip -6 and sha256sum for comparison.
#   bench/archive.sh [events] [heap]        defaults: 1000000 1g
# Collects a simulated spool of that many events with the nightly job, whose package, attest and verify-archive steps
# write the period's signed ASiC-E archive and its PDF/A attestation and re-read both; reads the step times from the
# job (the store step copies both to the WORM folder), downloads both files, verifies them with vellum-verify archive, then extracts the archive's members and times
# zip -6 and sha256sum over exactly those bytes. Prints each figure. Uses its own home in target/bench-archive and port
# offset 320.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
HEAP=${2:-1g}
WORK=$PWD/target/bench-archive
# shellcheck source=bench/lib.sh
. bench/lib.sh
start_appliance "$WORK" 320 "$HEAP"

SPOOL=$IMPORT/spool
java -jar producer-simulator/target/vellum-producer-simulator.jar --out "$SPOOL" --events "$EVENTS" --nodes 4 \
    --seed 17 --expected "$WORK/expected.json" > /dev/null
run_nightly "$SPOOL"

archive=$(curl -sf -u "auditor:$PASSWORD" "$BASE/archives" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["items"][-1]))')
n=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["seal_number"])' "$archive")
name=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["file_name"])' "$archive")
curl -sf -u "auditor:$PASSWORD" -H 'Accept: application/vnd.etsi.asic-e+zip' "$BASE/archives/$n/content" \
    -o "$WORK/$name"
curl -sf -u "auditor:$PASSWORD" -H 'Accept: application/pdf' "$BASE/archives/$n/attestation.pdf" \
    -o "$WORK/${name%.asice}.pdf"
curl -sf "$BASE/trust-anchors" > "$WORK/anchors.pem"
mkdir -p "$WORK/members" && (cd "$WORK/members" && unzip -q "$WORK/$name")
raw=$(du -sb "$WORK/members" | cut -f1)
packed=$(stat -c %s "$WORK/$name")

python3 - "$json" "$archive" "$raw" "$packed" <<'PY'
import json, sys
from datetime import datetime
j, a, raw, packed = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
mb = raw / 1e6
print(f"archive of seal {a['seal_number']}: {a['entries']:,} entries in {a['parts']} part(s), {mb:,.1f} MB of members,"
      f" {packed / 1e6:,.1f} MB as .asice ({packed / raw:.1%})")
for name in ("seal", "package", "attest", "verify-archive", "store"):
    s = next(s for s in j["steps"] if s["name"] == name)
    secs = (t(s["ended_at"]) - t(s["started_at"])).total_seconds()
    rate = {"attest": "", "store": f"   {packed / 1e6 / secs:6.1f} MB/s of .asice to the WORM folder"}
    print(f"  step {name:15s} {secs:7.2f} s" + rate.get(name, f"   {mb / secs:6.1f} MB/s of members"))
PY

start=$(date +%s.%N)
java -jar verifier/target/vellum-verify.jar archive "$WORK/$name" --trust "$WORK/anchors.pem" | tail -1
secs=$(echo "$(date +%s.%N) - $start" | bc)
echo "vellum-verify archive (with its attestation): $secs s = $(echo "scale=1; $raw / 1000000 / $secs" | bc) MB/s of members"
start=$(date +%s.%N)
(cd "$WORK/members" && zip -6 -q -r "$WORK/baseline.zip" .)
secs=$(echo "$(date +%s.%N) - $start" | bc)
echo "zip -6 over the same members: $secs s = $(echo "scale=1; $raw / 1000000 / $secs" | bc) MB/s, $(stat -c %s "$WORK/baseline.zip") bytes"
start=$(date +%s.%N)
find "$WORK/members" -type f -exec sha256sum {} + > /dev/null
secs=$(echo "$(date +%s.%N) - $start" | bc)
echo "sha256sum over the same members: $secs s = $(echo "scale=1; $raw / 1000000 / $secs" | bc) MB/s"
start=$(date +%s.%N)
unzip -p "$WORK/$name" > /dev/null
secs=$(echo "$(date +%s.%N) - $start" | bc)
echo "unzip -p (inflate only) over the archive: $secs s = $(echo "scale=1; $raw / 1000000 / $secs" | bc) MB/s"
start=$(date +%s.%N)
cp "$WORK/$name" "$WORK/copy.asice" && sync -f "$WORK/copy.asice" && sha256sum "$WORK/copy.asice" > /dev/null
secs=$(echo "$(date +%s.%N) - $start" | bc)
echo "cp + sync + sha256sum of the .asice (what a WORM copy must do at least): $secs s = $(echo "scale=1; $packed / 1000000 / $secs" | bc) MB/s"
