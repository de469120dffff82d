#!/usr/bin/env bash
# What records that carry their data cost (docs/performance.md, "Records"):
# bytes and milliseconds per PDF with the sources attached (PDF/A-3b, the
# default) against `archive: { attach_sources: false }` (PDF/A-2b), on the
# example and at 100×, and the time of `verify FILE.pdf`.
#
#   bench/records.sh                 # RUNS=5 each; KPIBRIEF=path/to/kpibrief
#
# Minimum and median of RUNS whole-process runs, wall time, from `date +%s%N`.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bin=${KPIBRIEF:-$target/debug/kpibrief}
gen=${GEN:-$target/debug/examples/gen_workspace}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# min and median of a command's wall time over $runs runs, in ms.
time_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%d ms (median %d ms)", a[1], a[int((NR+1)/2)]}'
}

# min and median of the "typeset PDF" stage of `--timings` (in-process: the
# layout, the export with its attachments), in ms. $1 data, $2 command, $3 period.
typeset_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/run"
    times+=($("$bin" "$2" "$3" --data "$1" --out "$work/run" --format pdf --timings 2>&1 |
      awk '/typeset PDF/ {printf "%d", $3}'))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%d ms (median %d ms)", a[1], a[int((NR+1)/2)]}'
}

# $1 workspace, $2 weekly|monthly, $3 period, $4 label
measure() {
  local ws=$1 cmd=$2 period=$3 label=$4 folder=$2
  local off="$work/off-$label"
  rm -rf "$off" && cp -r "$ws" "$off"
  if grep -q 'attach_sources:' "$off/config.yaml"; then
    sed -i 's/attach_sources: true/attach_sources: false/' "$off/config.yaml"
  else
    printf '\narchive:\n  attach_sources: false\n' >>"$off/config.yaml"
  fi
  for mode in on off; do
    local data=$ws
    [ "$mode" = off ] && data=$off
    local out="$work/out-$label-$mode"
    rm -rf "$out"
    "$bin" "$cmd" "$period" --data "$data" --out "$out" --format pdf --quiet
    local pdf="$out/$folder/$period.pdf"
    local size
    size=$(stat -c %s "$pdf")
    # A fresh archive each run, so that every run typesets (removing it is
    # part of the time, and the same for both modes).
    local t
    t=$(time_ms bash -c 'rm -rf "$1" && "$2" "$3" "$4" --data "$5" --out "$1" --format pdf --quiet' _ \
      "$work/run" "$bin" "$cmd" "$period" "$data")
    echo "$label $cmd $period attach=$mode: $size bytes, process $t, typeset PDF $(typeset_ms "$data" "$cmd" "$period")"
    [ "$mode" = on ] && cp "$pdf" "$work/$label.pdf"
  done
  echo "$label verify $period.pdf: $(time_ms "$bin" verify "$work/$label.pdf")"
}

measure data weekly 2026-W14 example
measure data monthly 2026-06 example
"$gen" --scale 100 --out "$work/ws100" >/dev/null
measure "$work/ws100" weekly 2026-W14 100x
measure "$work/ws100" monthly 2026-06 100x
