#!/usr/bin/env bash
# Re-judges the runs of a finished `gate-rates-independent.sh history` work directory with other settings,
# so that rules compare on identical data (post hoc: quote such rates as a comparison, not as a new
# independent measurement). What can change:
#   H      - the history length (--history), default 10
#   FORKS  - keep only each run's first FORKS forks (as if the runs had been made with --forks FORKS;
#            the score becomes those forks' mean and the error JMH's 99.9% t half-width over their iterations)
#   GATE_ARGS - extra gate arguments (e.g. "--score mean")
# The history is rebuilt in the original order: the seed runs, then each trial's identical-build run after
# that trial was judged (ROLLING=1 work directories) or the trial's baseline run before it (the default).
# Usage: decoder-bench/scripts/gate-rates-replay.sh WORKDIR
set -euo pipefail
src=${1:?usage: gate-rates-replay.sh WORKDIR (of gate-rates-independent.sh history)}
h=${H:-10}
forks=${FORKS:-}
read -r -a gate_args <<< "${GATE_ARGS:-}"
[ -f "$src/a.jar" ] || { echo "no a.jar in $src: not a gate-rates work directory" >&2; exit 2; }
work=$(mktemp -d /tmp/gate-replay.XXXX)
mkdir -p "$work/runs"

prepare() { # $1 source JSON -> prints the file to judge (first $forks forks only when FORKS is set)
  local out="$work/runs/$(basename "$1")"
  if [ -z "$forks" ]; then
    cp "$1" "$out"
  else
    python3 - "$1" "$out" "$forks" <<'EOF'
import json, math, sys
from statistics import mean, stdev
# JMH's 99.9% two-sided Student-t quantiles by degrees of freedom (enough for a few forks of 8 iterations)
T999 = {7: 5.408, 15: 4.073, 23: 3.768, 31: 3.633, 39: 3.558}
src, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = json.load(open(src))
for b in rows:
    pm = b["primaryMetric"]
    raw = pm["rawData"][:k]
    its = [x for fork in raw for x in fork]
    pm["rawData"] = raw
    pm["score"] = mean(its)
    pm["scoreError"] = T999.get(len(its) - 1, 3.3) * stdev(its) / math.sqrt(len(its)) if len(its) > 1 else float("nan")
    b["forks"] = len(raw)
json.dump(rows, open(out, "w"))
EOF
  fi
  echo "$out"
}
judge() { # $1 trial, $2 category, $3 candidate file
  local s
  set +e
  java -jar "$src/a.jar" gate --max-regression "${MAXREG:-10}" --baseline "$work/history" --history "$h" \
      "${gate_args[@]}" --current "$3" >"$work/t$1-$2.gate.log" 2>&1
  s=$?
  set -e
  printf 'replay\t%s\t%s\t%s\t0\n' "$1" "$2" "$s" >> "$work/outcomes.tsv"
}
record() {
  java -jar "$src/a.jar" gate --record "$work/history" --current "$1" --commit "$(basename "$1" .json)" >/dev/null
  sleep 1 # history entries are named by the second
}

: > "$work/outcomes.tsv"
j=1
while [ -f "$src/hist-seed-$j.json" ]; do
  record "$(prepare "$src/hist-seed-$j.json")"
  j=$((j + 1))
done
i=1
while [ -f "$src/t$i-same.json" ]; do
  if [ -f "$src/t$i-base.json" ]; then
    record "$(prepare "$src/t$i-base.json")"
  fi
  for c in same slow alloc; do
    [ -f "$src/t$i-$c.json" ] && judge "$i" "$c" "$(prepare "$src/t$i-$c.json")"
  done
  if [ ! -f "$src/t$i-base.json" ]; then
    record "$work/runs/t$i-same.json"
  fi
  i=$((i + 1))
done
echo "replayed $((i - 1)) trials of $src; history $h runs${forks:+; first $forks fork(s) of each run}${GATE_ARGS:+; $GATE_ARGS}"
for c in same slow alloc; do
  awk -F'\t' -v c="$c" '
    $3 == c && $4 == 2 { broken++; next }
    $3 == c { n++; if ($4 == 1) k++ }
    END {
      if (n == 0) exit
      z = 1.959964; p = k / n
      centre = (p + z*z/(2*n)) / (1 + z*z/n)
      half = z * sqrt(p*(1-p)/n + z*z/(4*n*n)) / (1 + z*z/n)
      lo = centre - half; if (lo < 0) lo = 0; hi = centre + half; if (hi > 1) hi = 1
      label = c == "same" ? "false alarms (identical builds)" : c == "slow" ? "detections (20% slowdown)" : "detections (32 B/sample allocation)"
      printf "%-38s %3d of %3d = %5.1f%%  Wilson 95%% [%5.1f%%, %5.1f%%]%s\n", label, k, n, 100*p, 100*lo, 100*hi,
             broken ? sprintf("  (%d broken, exit 2)", broken) : ""
    }' "$work/outcomes.tsv"
done
echo "outcomes and gate logs: $work"
