#!/usr/bin/env bash
# Sealing a large period, proofs per second, and offline verification of the seals, against a dedicated appliance.
#   bench/seal.sh [events] [heap] [proofs]        defaults: 1000000 1g 200
# Collects a simulated spool of that many events with the nightly job (its seal step seals the whole period: leaf
# hashes read from the database, both Merkle trees, CAdES signing, a time-stamp round trip to the built-in TSA over
# HTTP), seals an empty period on demand, fetches proofs for random events over HTTP with one keep-alive connection,
# downloads the seals and the ledger and checks them with vellum-verify. Prints each figure. Uses its own home in
# target/bench-seal and port offset 310.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
HEAP=${2:-1g}
PROOFS=${3:-200}
WORK=$PWD/target/bench-seal
# shellcheck source=bench/lib.sh
. bench/lib.sh
start_appliance "$WORK" 310 "$HEAP"

SPOOL=$IMPORT/spool
java -jar producer-simulator/target/vellum-producer-simulator.jar --out "$SPOOL" --events "$EVENTS" --nodes 4 \
    --seed 17 --expected "$WORK/expected.json" > /dev/null
run_nightly "$SPOOL"

python3 - "$json" "$BASE" "$PASSWORD" "$PROOFS" <<'PY'
import base64, http.client, json, random, sys, time
from datetime import datetime
from urllib.parse import urlparse
j, base, password, proofs = json.loads(sys.argv[1]), urlparse(sys.argv[2]), sys.argv[3], int(sys.argv[4])
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
step = next(s for s in j["steps"] if s["name"] == "seal")
secs = (t(step["ended_at"]) - t(step["started_at"])).total_seconds()
conn = http.client.HTTPConnection(base.hostname, base.port)
def call(method, path, user="auditor", accept="application/json"):
    auth = base64.b64encode(f"{user}:{password}".encode()).decode()
    conn.request(method, base.path + path, headers={"Authorization": "Basic " + auth, "Accept": accept})
    r = conn.getresponse()
    body = r.read()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {body[:300]}")
    return body
seals = json.loads(call("GET", "/seals"))["items"]
night = seals[-1]
print(f"nightly seal step: seal {night['seal_number']} over {night['tree_size']:,} entries in {secs:.2f} s"
      f" ({night['tree_size'] / secs:,.0f} entries/s, step start to end: reading leaf hashes, two trees, signing,"
      f" one TSA round trip)")
start = time.perf_counter()
empty = json.loads(call("POST", "/seals", "admin"))
print(f"on-demand seal of an empty period: {(time.perf_counter() - start) * 1000:.0f} ms (HTTP, signing, TSA)")
head = night["last_seq"]
ids = []
for _ in range(proofs):
    seq = random.randint(1, head)
    line = call("GET", f"/ledger/export?from={seq}&to={seq}", accept="application/x-ndjson").decode().splitlines()[1]
    ids.append(json.loads(line)["event_id"])
start = time.perf_counter()
for i in ids[: proofs // 4]:
    call("GET", f"/events/{i}/proof")
basic = (time.perf_counter() - start) / (proofs // 4)
# the same with a signed-in session: HTTP Basic checks a bcrypt hash on every request (about 100 ms here)
import http.cookiejar, urllib.parse, urllib.request
root = f"{base.scheme}://{base.netloc}"
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
browser.open(root + "/vellum/index.html").read()
form = urllib.parse.urlencode({"j_username": "auditor", "j_password": password}).encode()
browser.open(urllib.request.Request(root + "/vellum/j_security_check", data=form)).read()
start = time.perf_counter()
for i in ids:
    r = browser.open(urllib.request.Request(f"{root}{base.path}/events/{i}/proof", headers={"Accept": "application/json"}))
    assert json.loads(r.read())["format"] == "vellum-proof/1"
secs = time.perf_counter() - start
print(f"proofs (period of {night['tree_size']:,} entries): {proofs} with a session in {secs:.2f} s ="
      f" {proofs / secs:.1f} proofs/s ({secs / proofs * 1000:.1f} ms each);"
      f" with HTTP Basic {basic * 1000:.0f} ms each")
PY

start=$(date +%s.%N)
curl -sf -u "auditor:$PASSWORD" "$BASE/seals/export" > "$WORK/seals.jsonl"
echo "seals export: $(echo "$(date +%s.%N) - $start" | bc) s for $(wc -l < "$WORK/seals.jsonl") seals"
curl -sf "$BASE/trust-anchors" > "$WORK/anchors.pem"
curl -sf -u "auditor:$PASSWORD" "$BASE/ledger/export" > "$WORK/ledger.jsonl"
start=$(date +%s.%N)
java -jar verifier/target/vellum-verify.jar seals "$WORK/seals.jsonl" --trust "$WORK/anchors.pem" \
    --ledger "$WORK/ledger.jsonl" | tail -1
secs=$(echo "$(date +%s.%N) - $start" | bc)
mb=$(du -m "$WORK/ledger.jsonl" | cut -f1)
echo "vellum-verify seals --ledger: $secs s over a ${mb} MB ledger export ($(echo "$mb / $secs" | bc) MB/s)"
