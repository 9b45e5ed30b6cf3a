#!/usr/bin/env bash
# Measures the CI gate's false-alarm and detection rates in two-file mode (docs/ci-gate.md):
# N quick benchmark runs of one build, N more with a real 20% slowdown injected
# (-Dpromsnap.bench.slowdown=0.2), then `gate` over every (baseline, candidate) pair:
#   false alarms = identical-build pairs that exit 1, detections = (normal, slowed) pairs that exit 1.
# Pairs share runs, so they are not independent; the run-level spread is printed too.
# Usage: decoder-bench/scripts/gate-rates.sh [N=10] [DECODERS] [WORKDIR]
set -euo pipefail
n=${1:-10}
decoders=${2:-aircompressor+scanner,snappy-java+scanner,snappy-java+jackson}
work=${3:-$(mktemp -d /tmp/gate-rates.XXXX)}
here="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$work"
[ -f "$here/cli/target/promsnap.jar" ] || "$here/promsnap" --version >/dev/null
cp "$here/cli/target/promsnap.jar" "$work/promsnap.jar"   # a fixed copy: rebuilds elsewhere cannot change it
run() { java -jar "$work/promsnap.jar" "$@"; }
for i in $(seq 1 "$n"); do
  run bench --quick --no-references --no-batch --decoder "$decoders" --json "$work/same-$i.json" >"$work/same-$i.log" 2>&1
  run bench --quick --no-references --no-batch --decoder "$decoders" --json "$work/slow-$i.json" \
      --jvm-arg=-Dpromsnap.bench.slowdown=0.2 >"$work/slow-$i.log" 2>&1
  echo "round $i/$n done $(date +%T)"
done
fa=0; fa_n=0; det=0; det_n=0
for i in $(seq 1 "$n"); do
  for j in $(seq 1 "$n"); do
    if [ "$i" != "$j" ]; then
      fa_n=$((fa_n + 1))
      if ! run gate --baseline "$work/same-$i.json" --current "$work/same-$j.json" --max-regression 10 >/dev/null 2>&1; then
        fa=$((fa + 1)); fi
    fi
    det_n=$((det_n + 1))
    if ! run gate --baseline "$work/same-$i.json" --current "$work/slow-$j.json" --max-regression 10 >/dev/null 2>&1; then
      det=$((det + 1)); fi
  done
done
echo "decoders: $decoders; runs: $n normal + $n slowed; work dir: $work"
echo "false alarms: $fa of $fa_n identical-build pairs"
echo "detections:   $det of $det_n (normal, 20%-slower) pairs"
