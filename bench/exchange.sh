#!/usr/bin/env bash
# The spreadsheet round trip at province scale (100× the example: 1,200
# units): `forms` for one week, then `import` of every form back. Whole
# process, wall time and peak memory (GNU time). The forms are imported as
# written (every cell read; every task blank, so the week file records them
# all as not reported), which is the reading and merging work of a full
# return.
#
#   bench/exchange.sh          # uses $CARGO_TARGET_DIR/debug (or target/debug)
#
# Prints a table for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# BIN=target/release bench/exchange.sh for a release build.
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/debug}
WORK=${BENCH_DIR:-/tmp/kpibrief-bench-exchange}
RUNS=${RUNS:-3}
command -v /usr/bin/time >/dev/null || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq time >/dev/null
}
rm -rf "$WORK" && mkdir -p "$WORK"
"$BIN/examples/gen_workspace" --scale 100 --out "$WORK/ws" >/dev/null
# Mid-year, when every unit has tasks under way; its file is removed, so the
# import writes it anew, as on a Friday.
NEXT=${WEEK:-2026-W27}
rm -f "$WORK/ws/weekly/$NEXT.yaml"

measure() { # name, command...
  local name=$1; shift
  local best=999999 rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
    read -r secs kb <"$WORK/time"
    best=$(python3 -c "print(min($best, $secs))")
    rss=$(( kb > rss ? kb : rss ))
  done
  printf '| %s | %s s | %d MB | %s |\n' "$name" "$best" $(( rss / 1024 )) "$RUNS"
}

echo "| what (whole process, 100×: 1,200 units) | wall (min) | peak RSS | runs |"
echo "| --- | ---: | ---: | ---: |"
measure "forms $NEXT" "$BIN/kpibrief" --data "$WORK/ws" forms "$NEXT" --out "$WORK/out" --quiet
N=$(ls "$WORK/out/forms/$NEXT" | wc -l)
measure "import $NEXT, $N files" bash -c "rm -f '$WORK/ws/weekly/$NEXT.yaml'; exec '$BIN/kpibrief' --data '$WORK/ws' import '$NEXT' '$WORK/out/forms/$NEXT'/*.xlsx --quiet"
