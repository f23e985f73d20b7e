#!/usr/bin/env bash
# Tape export throughput: N archive-sized files of random bytes (default 4 x 256 MB, each with a 1 MB .pdf) exported
# to a SIMH tape image on local disk by the production TapeExporter (fixed 256 KiB records, fsync at the end), and
# read back and verified; against GNU tar -b 512 writing the same files to a file (then sync), in the same run.
# An LTO-9 drive streams about 400 MB/s: the export must not be the bottleneck.
#   bench/tape.sh [count] [MB each]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-4}
SIZE=${2:-256}
WORK=$PWD/target/bench-tape
rm -rf "$WORK" && mkdir -p "$WORK/files"
[ -n "${BENCH_NO_BUILD:-}" ] || mvn -B -q -DskipTests -Dspotless.check.skip=true -pl tape-export -am install
mvn -B -q -o -Dspotless.check.skip=true -pl tape-export test-compile
cp=$(mvn -B -q -o -pl tape-export dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test | sed "s/\x1b\[[0-9;]*m//g")
files=()
for i in $(seq 1 "$COUNT"); do
    head -c $((SIZE * 1000000)) /dev/urandom > "$WORK/files/bench-seal-$i.asice"
    head -c 1000000 /dev/urandom > "$WORK/files/bench-seal-$i.pdf"
    files+=("$WORK/files/bench-seal-$i.asice")
done
sync
total=$(du -cb "$WORK"/files/* | tail -1 | cut -f1)
echo "$COUNT archives, $(echo "scale=1; $total / 1000000" | bc) MB in all"
ours=$(java -cp "tape-export/target/test-classes:tape-export/target/classes:$cp" org.vellum.bench.TapeThroughput \
    "$WORK/image.tap" 262144 "${files[@]}")
echo "$ours"
start=$(date +%s.%N)
(cd "$WORK/files" && tar -b 512 -cf "$WORK/baseline.tar" . && sync -f "$WORK/baseline.tar")
secs=$(echo "$(date +%s.%N) - $start" | bc)
tar_rate=$(echo "scale=1; $total / 1000000 / $secs" | bc)
echo "tar -b 512 -cf + sync over the same files: $secs s = $tar_rate MB/s"
start=$(date +%s.%N)
sha256sum "$WORK"/files/* > /dev/null
secs=$(echo "$(date +%s.%N) - $start" | bc)
sha_rate=$(echo "scale=1; $total / 1000000 / $secs" | bc)
echo "sha256sum over the same files: $secs s = $sha_rate MB/s"
# for bench/all.sh's table
rates=$(sed -E 's/.* = ([0-9.]+) MB\/s; .* = ([0-9.]+) MB\/s.*/\1 \2/' <<< "$ours")
echo "RESULT|tape export to a SIMH image, $COUNT x $SIZE MB|${rates% *}|MB/s|tar -b 512 -cf + sync|$tar_rate"
echo "RESULT|tape read-back verification, $COUNT x $SIZE MB|${rates#* }|MB/s|sha256sum|$sha_rate"
rm -rf "$WORK/files" "$WORK/baseline.tar"
