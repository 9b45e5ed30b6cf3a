#!/usr/bin/env bash
# Does a quick run tell the same story as a careful one? (issue 16; docs/benchmarks.md "Quick vs careful")
# Runs `bench --quick` and the careful `bench` on one corpus with the same jar, times the quick run, and
# prints the Markdown table of QuickVsCareful: per row the careful and quick scores, their ratio, whether the
# quick score lies within the careful interval ± 15% of the careful score, and whether the quick 99.9% error
# is at most 15% of its score. Exit 0 when every row agrees and is tight.
# Needs an otherwise idle machine to mean anything (run nothing else; `uptime` is printed before and after).
# Usage: decoder-bench/scripts/quick-vs-careful.sh [CORPUS=typical] [WORKDIR] [extra bench arguments...]
#   e.g. a tiny check: decoder-bench/scripts/quick-vs-careful.sh typical /tmp/qvc --decoder aircompressor+scanner --no-batch --no-references
set -euo pipefail
corpus=${1:-typical}
work=${2:-$(mktemp -d /tmp/quick-vs-careful.XXXX)}
extra=("${@:3}")
here="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$work"
[ -f "$here/cli/target/promsnap.jar" ] || "$here/promsnap" --version >/dev/null
cp "$here/cli/target/promsnap.jar" "$work/promsnap.jar"   # a fixed copy: rebuilds elsewhere cannot change it
echo "before: $(uptime)"
t0=$(date +%s)
java -jar "$work/promsnap.jar" bench --quick --corpus "$corpus" --json "$work/quick.json" "${extra[@]}" >"$work/quick.log" 2>&1
t1=$(date +%s)
java -jar "$work/promsnap.jar" bench --corpus "$corpus" --json "$work/careful.json" "${extra[@]}" >"$work/careful.log" 2>&1
t2=$(date +%s)
echo "after:  $(uptime)"
echo "quick run: $((t1 - t0)) s (goal: at most 240 s for every decoder and reference); careful run: $((t2 - t1)) s"
set +e
java -cp "$work/promsnap.jar" io.promsnap.bench.results.QuickVsCareful "$work/quick.json" "$work/careful.json" \
    | tee "$work/quick-vs-careful.md"
status=${PIPESTATUS[0]}
echo "table: $work/quick-vs-careful.md; logs and JMH JSON: $work"
exit "$status"
