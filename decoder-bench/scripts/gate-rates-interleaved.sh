#!/usr/bin/env bash
# Measures the same-invocation (interleaved) gate's false-alarm and detection rates (docs/ci-gate.md):
# N gate runs of a jar against an identical copy of itself, and N more whose candidate is really 20%
# slower (-Dpromsnap.bench.slowdown=0.2 in the candidate's forks). Every run is independent (its own
# forks), unlike the two-file script's pairs.
#   false alarms = identical runs that exit 1; detections = slowed runs that exit 1; exit 2 = broken run.
# Usage: decoder-bench/scripts/gate-rates-interleaved.sh [N=5] [DECODERS] [ROUNDS=6] [WORKDIR]
set -euo pipefail
n=${1:-5}
decoders=${2:-snappy-java+scanner,aircompressor+jackson}
rounds=${3:-6}
work=${4:-$(mktemp -d /tmp/gate-rates-interleaved.XXXX)}
here="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$work"
[ -f "$here/cli/target/promsnap.jar" ] || "$here/promsnap" --version >/dev/null
cp "$here/cli/target/promsnap.jar" "$work/a.jar"   # two fixed copies of one build
cp "$here/cli/target/promsnap.jar" "$work/b.jar"
gate() { # $1 label, then extra gate arguments; prints the exit code
  set +e
  java -jar "$work/a.jar" gate --baseline-jar "$work/a.jar" --candidate-jar "$work/b.jar" --rounds "$rounds" \
      --decoder "$decoders" --max-regression 10 --work-dir "$work/$1" "${@:2}" >"$work/$1.log" 2>&1
  echo $?
  set -e
}
fa=0; det=0; broken=0
for i in $(seq 1 "$n"); do
  s=$(gate "same-$i"); [ "$s" = 1 ] && fa=$((fa + 1)); [ "$s" = 2 ] && broken=$((broken + 1))
  d=$(gate "slow-$i" --candidate-jvm-arg=-Dpromsnap.bench.slowdown=0.2)
  [ "$d" = 1 ] && det=$((det + 1)); [ "$d" = 2 ] && broken=$((broken + 1))
  echo "run $i/$n: identical exit $s, slowed exit $d  $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
done
echo "decoders: $decoders; rounds: $rounds; runs: $n identical + $n slowed; work dir: $work"
echo "false alarms: $fa of $n identical runs"
echo "detections:   $det of $n slowed runs"
[ "$broken" = 0 ] || echo "broken runs (exit 2): $broken"
