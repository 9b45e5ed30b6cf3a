#!/usr/bin/env bash
# The CI gate's false-alarm and detection rates from INDEPENDENT runs, with Wilson 95% intervals (issue 16;
# docs/ci-gate.md "Measured false-alarm and detection rates"). Each trial i has its own runs, and each
# category below is judged once per trial, so the N outcomes of a category are independent (unlike
# gate-rates.sh, which compares all pairs of a few runs):
#   same  - the build against itself              -> exit 1 is a FALSE ALARM
#   slow  - candidate 20% slower (-Dpromsnap.bench.slowdown=0.2, a real, timed slowdown) -> exit 1 is a DETECTION
#   alloc - candidate allocating a byte[16] (32 B) per sample (-Dpromsnap.bench.allocate=16),
#           throughput otherwise unchanged                                              -> exit 1 is a DETECTION
# Modes (the ones docs/ci-gate.md recommends):
#   interleaved - gate --baseline-jar A --candidate-jar B --rounds R (baseline and candidate in one invocation)
#   files       - bench --quick for a fresh baseline and each candidate, then gate --baseline B --current C
#   history     - like files, but the baseline is a --record history of the last H baseline runs of the same
#                 build (pooled median, between-run spread in the interval). H baseline runs are made first;
#                 each trial then adds its own baseline run to the history, so consecutive trials share H-1
#                 baseline runs (say so when quoting the rates: they are independent in the candidates only).
#                 The gate's default for such a history scores rows by each run's best iteration (--score auto);
#                 the same runs are also judged with --score mean and in files mode (the trial's own baseline
#                 run alone), so the three rules' rates come from identical data.
#                 ROLLING=1: no separate baseline run per trial; the trial's identical-build run is recorded
#                 into the history after it was judged, as a CI records main's run after a merge (files mode
#                 then compares with the newest history run alone). A third fewer benchmark runs per trial.
# Usage: decoder-bench/scripts/gate-rates-independent.sh MODE [N=20] [DECODERS] [WORKDIR]
# Environment: ROUNDS (interleaved, default 6), H (history, default 5), ROLLING (history, default 0), MAXREG (default 10),
#   BENCH_ARGS (files/history, default "--quick --no-references --no-batch"), GATE_ARGS (extra gate arguments).
# Output: WORKDIR/outcomes.tsv (mode, trial, category, exit code, seconds), WORKDIR/bench-seconds.tsv (each
# benchmark run's wall time: with the judging, a CI gate's cost) and a summary with Wilson intervals.
set -euo pipefail
mode=${1:?usage: gate-rates-independent.sh interleaved|files|history [N] [DECODERS] [WORKDIR]}
n=${2:-20}
decoders=${3:-snappy-java+scanner,aircompressor+jackson}
work=${4:-$(mktemp -d /tmp/gate-rates-$mode.XXXX)}
rounds=${ROUNDS:-6}
h=${H:-5}
rolling=${ROLLING:-0}
maxreg=${MAXREG:-10}
read -r -a bench_args <<< "${BENCH_ARGS:---quick --no-references --no-batch}"
read -r -a gate_args <<< "${GATE_ARGS:-}"
here="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$work"
[ -f "$here/cli/target/promsnap.jar" ] || "$here/promsnap" --version >/dev/null
cp "$here/cli/target/promsnap.jar" "$work/a.jar"   # two fixed copies of one build
cp "$here/cli/target/promsnap.jar" "$work/b.jar"
inject_slow=-Dpromsnap.bench.slowdown=0.2
inject_alloc=-Dpromsnap.bench.allocate=16
out="$work/outcomes.tsv"
: > "$out"
: > "$work/bench-seconds.tsv"

bench() { # $1 json file, then extra bench arguments; retried (JMH's lock is taken while another JMH runs)
  local attempt t0
  for attempt in 1 2 3 4 5; do
    t0=$(date +%s)
    if java -jar "$work/a.jar" bench "${bench_args[@]}" --decoder "$decoders" --json "$1" "${@:2}" >"$1.log" 2>&1; then
      printf '%s\t%s\n' "$(basename "$1")" "$(( $(date +%s) - t0 ))" >> "$work/bench-seconds.tsv"
      return 0
    fi
    echo "bench run $1 failed (attempt $attempt; $(tail -2 "$1.log" | head -1)); retrying in 30 s" >&2
    sleep 30
  done
  echo "bench run $1 failed 5 times; see $1.log" >&2
  return 1
}
judge() { # $1 trial, $2 category, then the gate arguments; appends one line to outcomes.tsv
  local t0 s
  t0=$(date +%s)
  set +e
  java -jar "$work/a.jar" gate --max-regression "$maxreg" "${gate_args[@]}" "${@:3}" >"$work/t$1-$2.gate.log" 2>&1
  s=$?
  set -e
  printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$1" "$2" "$s" "$(( $(date +%s) - t0 ))" >> "$out"
  echo "$s"
}

start=$(date +%s)
newest=""
if [ "$mode" = history ]; then
  for j in $(seq 1 "$h"); do
    bench "$work/hist-seed-$j.json"
    java -jar "$work/a.jar" gate --record "$work/history" --current "$work/hist-seed-$j.json" --commit "seed-$j" >/dev/null
    newest="$work/hist-seed-$j.json"
    sleep 1 # history entries are named by the second
  done
fi
for i in $(seq 1 "$n"); do
  t0=$(date +%s)
  case "$mode" in
    interleaved)
      common=(--baseline-jar "$work/a.jar" --candidate-jar "$work/b.jar" --rounds "$rounds" --decoder "$decoders")
      s=$(judge "$i" same "${common[@]}" --work-dir "$work/t$i-same")
      d=$(judge "$i" slow "${common[@]}" --work-dir "$work/t$i-slow" --candidate-jvm-arg="$inject_slow")
      a=$(judge "$i" alloc "${common[@]}" --work-dir "$work/t$i-alloc" --candidate-jvm-arg="$inject_alloc")
      ;;
    files|history)
      if [ "$rolling" = 1 ] && [ "$mode" = history ]; then
        own="$newest"
      else
        bench "$work/t$i-base.json"
        own="$work/t$i-base.json"
      fi
      bench "$work/t$i-same.json"
      bench "$work/t$i-slow.json" --jvm-arg="$inject_slow"
      bench "$work/t$i-alloc.json" --jvm-arg="$inject_alloc"
      if [ "$mode" = history ]; then
        if [ "$rolling" != 1 ]; then
          java -jar "$work/a.jar" gate --record "$work/history" --current "$own" --commit "trial-$i" >/dev/null
        fi
        base=(--baseline "$work/history" --history "$h")
      else
        base=(--baseline "$own")
      fi
      s=$(judge "$i" same "${base[@]}" --current "$work/t$i-same.json")
      d=$(judge "$i" slow "${base[@]}" --current "$work/t$i-slow.json")
      a=$(judge "$i" alloc "${base[@]}" --current "$work/t$i-alloc.json")
      if [ "$mode" = history ]; then
        # the same runs judged by the other rules too (so their rates compare on identical data): the history
        # scored by run means (--score mean), and files mode against this trial's own baseline run alone
        for c in same slow alloc; do
          judge "$i" "$c-mean" "${base[@]}" --score mean --current "$work/t$i-$c.json" >/dev/null
          judge "$i" "$c-files" --baseline "$own" --current "$work/t$i-$c.json" >/dev/null
        done
        if [ "$rolling" = 1 ]; then # main's run after the merge joins the history
          java -jar "$work/a.jar" gate --record "$work/history" --current "$work/t$i-same.json" --commit "trial-$i" >/dev/null
          newest="$work/t$i-same.json"
          sleep 1
        fi
      fi
      ;;
    *) echo "unknown mode $mode (interleaved, files or history)" >&2; exit 2 ;;
  esac
  echo "trial $i/$n: same exit $s, slow exit $d, alloc exit $a  ($(( $(date +%s) - t0 )) s, load $(cut -d' ' -f1 /proc/loadavg))"
done

summary() { # category, label
  awk -F'\t' -v c="$1" -v label="$2" '
    $3 == c && $4 == 2 { broken++; next }   # a broken run (exit 2) is neither an alarm nor a pass
    $3 == c { n++; if ($4 == 1) k++; secs += $5 }
    END {
      if (n == 0) { printf "%-38s no valid run%s\n", label, broken ? sprintf(" (%d broken)", broken) : ""; exit }
      z = 1.959964; p = k / n
      centre = (p + z*z/(2*n)) / (1 + z*z/n)
      half = z * sqrt(p*(1-p)/n + z*z/(4*n*n)) / (1 + z*z/n)
      lo = centre - half; if (lo < 0) lo = 0; hi = centre + half; if (hi > 1) hi = 1
      printf "%-38s %3d of %3d = %5.1f%%  Wilson 95%% [%5.1f%%, %5.1f%%]  mean gate time %.0f s%s\n",
             label, k, n, 100*p, 100*lo, 100*hi, secs/n, broken ? sprintf("  (%d broken runs, exit 2)", broken) : ""
    }' "$out"
}
echo
echo "mode $mode; decoders $decoders; $n trials; --max-regression $maxreg$([ "$mode" = interleaved ] && echo "; rounds $rounds")$([ "$mode" = history ] && echo "; history $h runs$([ "$rolling" = 1 ] && echo ", rolling")"); bench ${bench_args[*]}; $(( $(date +%s) - start )) s in all"
awk -F'\t' '{ n++; s += $2; if ($2 > m) m = $2 } END { if (n) printf "benchmark runs: %d, mean %.0f s, longest %d s (a CI gate pays one candidate run plus the judging)\n", n, s/n, m }' "$work/bench-seconds.tsv"
summary same  "false alarms (identical builds)"
summary slow  "detections (20% slowdown)"
summary alloc "detections (32 B/sample allocation)"
if [ "$mode" = history ]; then
  echo "the same runs, history scored by run means (--score mean):"
  summary same-mean  "false alarms (identical builds)"
  summary slow-mean  "detections (20% slowdown)"
  summary alloc-mean "detections (32 B/sample allocation)"
  echo "the same runs, files mode (each trial's own baseline run alone):"
  summary same-files  "false alarms (identical builds)"
  summary slow-files  "detections (20% slowdown)"
  summary alloc-files "detections (32 B/sample allocation)"
fi
echo "outcomes: $out"
