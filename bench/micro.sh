#!/usr/bin/env bash
# JMH micro-benchmarks of the production code (module benchmarks), each figure printed beside a reference measured in
# the same run on the same machine, with the ratio ours / reference: OpenSSL's SHA-256 and sha256sum for hashing and
# Merkle trees, python3's json for parsing and key-sorted serialization, OpenSSL's RSA 3072 for time-stamp tokens,
# gzip -6, zip -6 and zcat over the same entry lines for ASiC packaging and verification. The benchmarks run in groups,
# each group's references right after it, so that a ratio compares figures taken minutes, not a quarter hour, apart
# (on a shared machine the load moves in between; the table shows it).
#   bench/micro.sh [--build] [--quick] [JMH include regex ...]
# Builds benchmarks/target/vellum-benchmarks.jar when it is missing, or always with --build (a reactor build of the
# modules it needs; nothing is installed into ~/.m2). Settings from the environment, defaults in brackets:
#   BENCH_FORKS [1]  BENCH_WARMUP [5]  BENCH_WARMUP_TIME [2s]  BENCH_ITERATIONS [5]  BENCH_TIME [1s]  BENCH_HEAP [1g]
#   BENCH_OUT [target/bench-micro]
# The warm-up is 10 s because the JIT needs that long for the larger paths: minimization ran at 15,000 events/s after
# 3 s and at 94,000 after 7 s on a 2-core machine (longer while other work holds the cores). --quick (or
# BENCH_QUICK=1): 2 warm-up iterations of 1 s and 2 measured ones, to check that everything runs, not for figures. The
# benchmarks are single-threaded; the full run takes about 8 minutes on 2 cores. Writes the JMH logs and JSON, the
# references and the table (table.md) to BENCH_OUT.
# docs/BENCHMARKS.md ("Micro benchmarks (JMH)") records results.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/vellum-benchmarks.jar
OUT=${BENCH_OUT:-$PWD/target/bench-micro}
BUILD=
QUICK=${BENCH_QUICK:-}
INCLUDES=()
for arg in "$@"; do
    case $arg in
        --build) BUILD=1 ;;
        --quick) QUICK=1 ;;
        -*) echo "unknown option $arg; usage: bench/micro.sh [--build] [--quick] [JMH include regex ...]" >&2; exit 2 ;;
        *) INCLUDES+=("$arg") ;;
    esac
done
if [ -n "$QUICK" ]; then
    WARMUP=${BENCH_WARMUP:-2}
    WARMUP_TIME=${BENCH_WARMUP_TIME:-1s}
    ITERATIONS=${BENCH_ITERATIONS:-2}
else
    WARMUP=${BENCH_WARMUP:-5}
    WARMUP_TIME=${BENCH_WARMUP_TIME:-2s}
    ITERATIONS=${BENCH_ITERATIONS:-5}
fi
if [ -n "$BUILD" ] || [ ! -f "$JAR" ]; then
    mvn -B -q -DskipTests -Dspotless.check.skip=true -pl benchmarks -am package
fi
mkdir -p "$OUT"
rm -rf "$OUT/data" "$OUT"/jmh*.json "$OUT"/jmh*.log "$OUT/references.json" "$OUT/table.md"
mkdir "$OUT/data"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
machine="$(nproc) vCPU ($cpu), $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) on $machine; load average: $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee "$OUT/machine.txt"
echo "JMH: ${BENCH_FORKS:-1} fork(s), $WARMUP warm-up iterations of $WARMUP_TIME, $ITERATIONS measured ones of" \
    "${BENCH_TIME:-1s}; logs in $OUT"

# The data the benchmarks run on, for the reference tools: the same simulated events, the same period's entry lines.
java -cp "$JAR" org.vellum.bench.ReferenceData "$OUT/data"

# The references, one group at a time (python3 is on every machine of this project).
cat > "$OUT/references.py" <<'PY'
import json, os, re, shutil, statistics, subprocess, sys, time

out, group, load_before = sys.argv[1], sys.argv[2], float(sys.argv[3])
data = os.path.join(out, "data")
path = os.path.join(out, "references.json")
refs = json.load(open(path)) if os.path.exists(path) else {}


def note(key, value, what):
    refs[key] = {"value": value, "what": what}
    print(f"  {what}: {value:,.1f}" if value is not None else f"  {what}: n/a", flush=True)


def run(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout


def timed(cmd, repeat=5, before=None):
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, shell=isinstance(cmd, str))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def attempt(what, fn, *tools):
    """A reference that cannot be measured here (tool missing, output not understood) is n/a, not a failure."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        print(f"  {what}: {', '.join(missing)} not installed", file=sys.stderr)
        return None
    try:
        return fn()
    except (OSError, subprocess.CalledProcessError, StopIteration, ValueError, IndexError) as e:
        print(f"  {what}: not measured ({e})", file=sys.stderr)
        return None


def openssl_sha256(size):
    text = run(["openssl", "speed", "-evp", "sha256", "-bytes", str(size), "-seconds", "3"])
    return float(text.strip().splitlines()[-1].split()[-1].rstrip("k")) * 1000  # bytes/s


def openssl_rsa3072():
    text = run(["openssl", "speed", "-seconds", "2", "rsa3072"])
    line = next(l for l in text.splitlines() if re.match(r"^rsa\s+3072 bits", l))
    return [float(x) for x in line.split()[-2:]]  # signs/s, verifies/s


def sha256sum():
    random_bin = os.path.join(data, "random.bin")
    with open(random_bin, "wb") as f:
        f.write(os.urandom(256_000_000))
    try:
        timed(["sha256sum", random_bin], repeat=1)  # into the page cache
        return 256 / timed(["sha256sum", random_bin], repeat=3)
    finally:
        os.remove(random_bin)


def rate(fn, items, seconds=2.0):
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for item in items:
            fn(item)
        done += len(items)
    return done / (time.perf_counter() - start)


entries = os.path.join(data, "entries.jsonl")
gz = os.path.join(data, "entries.jsonl.gz")
zipped = os.path.join(data, "entries.zip")
raw = os.path.getsize(entries)
if group == "hashing":
    v = attempt("openssl sha256", lambda: openssl_sha256(16384), "openssl")
    note("openssl_sha256_16384", v and v / 1e6, "openssl speed -evp sha256 -bytes 16384 (MB/s)")
    v = attempt("openssl sha256", lambda: openssl_sha256(64), "openssl")
    note("openssl_sha256_64", v and v / 64, "openssl speed -evp sha256 -bytes 64 (hashes/s)")
    note("sha256sum", attempt("sha256sum", sha256sum, "sha256sum"), "sha256sum of 256 MB in the page cache (MB/s)")
elif group == "json":
    with open(os.path.join(data, "events.jsonl"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    refs["event_bytes"] = {"value": statistics.mean(len(l.encode()) for l in lines), "what": "mean line (bytes)"}
    note("python_loads", rate(json.loads, lines), "python3 json.loads (events/s)")
    parsed = [json.loads(l) for l in lines]
    dumps = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    note("python_dumps", rate(dumps, parsed), "python3 json.dumps(sort_keys=True) (events/s)")
elif group == "timestamp":
    rsa = attempt("openssl rsa3072", openssl_rsa3072, "openssl") or [None, None]
    note("openssl_rsa3072_sign", rsa[0], "openssl speed rsa3072 (signs/s)")
    note("openssl_rsa3072_verify", rsa[1], "openssl speed rsa3072 (verifies/s)")
elif group == "asic":
    refs["entry_bytes"] = {"value": raw, "what": "entry lines (bytes)"}
    v = attempt("gzip", lambda: raw / 1e6 / timed(f"gzip -6 -c '{entries}' > '{gz}'"), "gzip")
    note("gzip", v, "gzip -6 of the entry lines (MB/s)")
    remove = lambda: os.path.exists(zipped) and os.remove(zipped)
    v = attempt("zip", lambda: raw / 1e6 / timed(["zip", "-6", "-q", "-j", zipped, entries], before=remove), "zip")
    note("zip", v, "zip -6 of the entry lines (MB/s)")
    if os.path.exists(gz):
        refs["gzip_ratio"] = {"value": os.path.getsize(gz) / raw, "what": "gzip -6 size / entry lines"}
        v = attempt("zcat", lambda: raw / 1e6 / timed(["zcat", gz]), "zcat")
    else:
        v = None
    note("zcat", v, "zcat of the entry lines (MB/s of output)")
refs[f"load_{group}"] = {"value": [load_before, os.getloadavg()[0]], "what": "load average (1 min): benchmarks' start, references' end"}
with open(path, "w") as f:
    json.dump(refs, f, indent=1)
PY

# Which benchmarks run: all, or those the arguments select; then group by what they are measured against.
selected=$(java -jar "$JAR" -l ${INCLUDES[@]+"${INCLUDES[@]}"} | grep '^org\.vellum\.bench\.' || true)
[ -n "$selected" ] || { echo "no benchmark matches ${INCLUDES[*]}" >&2; exit 2; }
for group in hashing json timestamp asic attestation; do
    case $group in
        hashing) classes='Sha256Benchmark|LedgerHashBenchmark|MerkleBenchmark|ProofBenchmark' ;;
        json) classes='CanonicalJsonBenchmark|MinimizationBenchmark' ;;
        timestamp) classes='TimeStampBenchmark' ;;
        asic) classes='AsicBenchmark' ;;
        attestation) classes='AttestationBenchmark' ;;
    esac
    names=$(grep -E "\.($classes)\." <<< "$selected" | sed 's/.*/^&$/' | tr '\n' ' ')
    [ -n "$names" ] || continue
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "$group: JMH (load average $load) ..."
    # shellcheck disable=SC2086
    java -jar "$JAR" -f "${BENCH_FORKS:-1}" -wi "$WARMUP" -w "$WARMUP_TIME" -i "$ITERATIONS" \
        -r "${BENCH_TIME:-1s}" -jvmArgs "-Xms${BENCH_HEAP:-1g} -Xmx${BENCH_HEAP:-1g}" -foe true \
        -rf json -rff "$OUT/jmh-$group.json" $names > "$OUT/jmh-$group.log" 2>&1 \
        || { tail -30 "$OUT/jmh-$group.log"; echo "JMH failed; see $OUT/jmh-$group.log" >&2; exit 1; }
    echo "$group: references (load average $(cut -d' ' -f1 /proc/loadavg))"
    python3 "$OUT/references.py" "$OUT" "$group" "$load"
done
python3 -c 'import glob, json, sys
json.dump([b for f in sorted(glob.glob(sys.argv[1] + "/jmh-*.json")) for b in json.load(open(f))],
          open(sys.argv[1] + "/jmh.json", "w"), indent=1)' "$OUT"

python3 - "$OUT" <<'PY' | tee "$OUT/table.md"
import json, os, sys

out = sys.argv[1]
results = json.load(open(os.path.join(out, "jmh.json")))
refs = {k: v["value"] for k, v in json.load(open(os.path.join(out, "references.json"))).items()}
r = refs.get
rows = []


def find(name):
    return [b for b in results if b["benchmark"] == "org.vellum.bench." + name]


def figure(b, metric=None, scale=1.0):
    """A benchmark's score (or a secondary metric's), scaled, with its 99.9% interval as a share of it."""
    m = b["secondaryMetrics"][metric] if metric else b["primaryMetric"]
    error = m["scoreError"]  # "NaN" with a single iteration
    known = isinstance(error, (int, float)) and error == error and m["score"]
    return m["score"] * scale, (error / m["score"] if known else None)


def fmt(x, unit, digits):
    return "n/a" if x is None else f"{x:,.{digits}f} {unit}".strip()


def row(label, ours, unit, ref, ref_unit, ref_text, digits=0):
    value, share = ours
    interval = f" ± {100 * share:.0f}%" if share is not None else ""
    ratio = f"{value / ref:.2f}" if ref else "n/a"
    rows.append(f"| {label} | {fmt(value, unit, digits)}{interval} | {ref_text}: {fmt(ref, ref_unit, digits)} | {ratio} |")


for b in sorted(find("Sha256Benchmark.sha256"), key=lambda b: int(b["params"]["size"])):
    label = f"SHA-256 of {int(b['params']['size']) // 1024:,} KiB buffers (`Hashes.sha256`)"
    for key, text in (("openssl_sha256_16384", "`openssl speed -evp sha256 -bytes 16384`"),
                      ("sha256sum", "`sha256sum` of a 256 MB file")):
        row(label, figure(b, "bytes", 1e-6), "MB/s", r(key), "MB/s", text)

for name, label in (("LedgerHashBenchmark.leafAndChain", "leaf + chain hash of an entry (`LedgerEntry.append`)"),
                    ("LedgerHashBenchmark.bodyAndHashes",
                     "entry body + leaf + chain hash (`EntryBody.canonical`, `LedgerEntry.append`)")):
    for b in find(name):
        per_event = b["secondaryMetrics"]["bytes"]["score"] / b["primaryMetric"]["score"]
        ref = r("openssl_sha256_16384") * 1e6 / per_event if r("openssl_sha256_16384") else None
        row(f"{label}; {per_event:,.0f} bytes hashed per event", figure(b), "events/s", ref, "events/s",
            "OpenSSL's 16 KiB rate over as many bytes")

for name, label, key, text in (
        ("CanonicalJsonBenchmark.parse", "parse a producer line (`Json.parseObject`)", "python_loads",
         "python3 `json.loads`"),
        ("CanonicalJsonBenchmark.canonicalize", "RFC 8785 bytes of a parsed event (`CanonicalJson.bytes`)",
         "python_dumps", "python3 `json.dumps(sort_keys=True)`"),
        ("MinimizationBenchmark.normalize", "minimize a parsed event (`EventNormalizer.normalize`)", None, "no peer"),
        ("MinimizationBenchmark.parseAndNormalize", "parse + minimize a producer line", None, "no peer")):
    for b in find(name):
        row(label, figure(b), "events/s", r(key) if key else None, "events/s", text)

h64 = r("openssl_sha256_64")
for name, label, trees in (("MerkleBenchmark.streamingRoot", "Merkle root, streaming (`MerkleRoot`)", 1),
                           ("MerkleBenchmark.inMemoryRoot", "Merkle root of a list (`MerkleTree.root`)", 1),
                           ("MerkleBenchmark.sealBuilder", "the seal step's three trees (`SealBuilder`)", 3)):
    for b in find(name):
        n = int(b["params"]["leaves"])
        row(f"{label}, {n:,} leaves", figure(b, None, n), "leaves/s", h64 / trees if h64 else None, "leaves/s",
            "`openssl speed -evp sha256 -bytes 64`, hashes/s" + (" / 3" if trees == 3 else ""))
for b in find("ProofBenchmark.generateInclusion"):
    row(f"inclusion proof in a period of {int(b['params']['leaves']):,} (`LedgerProofs.inclusion`, leaves from memory)",
        figure(b), "proofs/s", None, "", "no peer")
for b in find("ProofBenchmark.verifyInclusion"):
    n = int(b["params"]["leaves"])
    depth = (n - 1).bit_length()
    row(f"verify an inclusion proof, period of {n:,} (`MerkleProofs.verifyInclusion`)", figure(b), "proofs/s",
        h64 / depth if h64 else None, "proofs/s", f"64-byte hashes/s / {depth} (the path's length)")

sign, verify = r("openssl_rsa3072_sign"), r("openssl_rsa3072_verify")
for name, label, ref, text in (
        ("TimeStampBenchmark.create", "create a time-stamp token (`TimeStampAuthority.respond`)", sign,
         "`openssl speed rsa3072`, signs/s"),
        ("TimeStampBenchmark.validate", "validate a TSA response (`TimeStampCheck.response`)",
         verify / 2 if verify else None, "`openssl speed rsa3072`, verifies/s / 2"),
        ("TimeStampBenchmark.roundTripHttp", "RFC 3161 round trip over loopback HTTP (`TimeStampClient.stamp`)", sign,
         "`openssl speed rsa3072`, signs/s")):
    for b in find(name):
        row(label, figure(b), "tokens/s", ref, "/s", text, 1)

eb = r("entry_bytes")
for name, label, refs_ in (("AsicBenchmark.write", "write the ASiC-E archive (`ArchiveWriter`)",
                            (("gzip", "`gzip -6`, same bytes"), ("zip", "`zip -6`, same bytes"))),
                           ("AsicBenchmark.verify", "verify the ASiC-E archive (`ArchiveVerifier`)",
                            (("zcat", "`zcat`, same bytes"),))):
    for b in find(name):
        what = f"{int(b['params']['entries']):,} entries" + (f", {eb / 1e6:,.1f} MB of entry lines" if eb else "")
        for key, text in refs_:
            row(f"{label}, {what}", figure(b, "bytes", 1e-6), "MB/s", r(key), "MB/s", text, 1)
for name, label in (("AttestationBenchmark.attest", "signed PDF/A-3b attestation (`AttestationPdf` + `PadesSigner`)"),
                    ("AttestationBenchmark.render", "the same document unsigned (`AttestationPdf.write`)")):
    for b in find(name):
        row(label, figure(b), "ms", None, "", "no peer", 1)

print()
print("| benchmark | ours (± 99.9% interval) | reference, same run | ours / reference |")
print("|---|---:|---|---:|")
print("\n".join(rows))
print()
if r("event_bytes"):
    print(f"Events: a clean producer-simulator spool, {r('event_bytes'):,.0f} bytes of JSON per line on average.")
loads = [f"{g} {r('load_' + g)[0]:.1f} to {r('load_' + g)[1]:.1f}" for g in ("hashing", "json", "timestamp", "asic") if r("load_" + g)]
if loads:
    print(f"Load average (1 min) from each group's benchmarks to the end of its references, on {os.cpu_count()} cores: "
          + ", ".join(loads) + ".")
if r("entry_bytes") and r("gzip_ratio"):
    print(f"Entry lines: {r('entry_bytes') / 1e6:,.1f} MB; `gzip -6` leaves {100 * r('gzip_ratio'):.0f}% of them.")
PY
rm -rf "$OUT/data"
