#!/usr/bin/env bash
# kpibrief's benchmark: whole-process timings (min and median of several
# runs, with hyperfine) and peak memory (GNU time), at 1×, 10× and 100× the
# example workspace, with plain `typst compile` of the same .typ files as the
# reference for what typesetting alone costs.
#
#   bench/run.sh            # everything (the 100× cold build takes a while)
#   QUICK=1 bench/run.sh    # fewer runs, no 100× build
#
# Writes bench/results.md (the table for docs/performance.md) and the raw
# hyperfine JSON under bench/out/. Installs what it needs: hyperfine and GNU
# time from Debian, typst-cli at the version of the typst crates.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${BENCH_DIR:-/tmp/kpibrief-bench}
RAW=$ROOT/bench/out
mkdir -p "$WORK" "$RAW"
RUNS=${RUNS:-10}
[ -n "${QUICK:-}" ] && RUNS=3

need_apt() {
  command -v "$1" >/dev/null 2>&1 && return
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
}
need_apt hyperfine hyperfine
[ -x /usr/bin/time ] || need_apt /usr/bin/time time

TYPST_VERSION=$(grep -A1 'name = "typst"' Cargo.lock | sed -n 's/version = "\(.*\)"/\1/p' | head -1)
TYPST=${TYPST:-$(command -v typst || true)}
if [ -z "$TYPST" ] || ! "$TYPST" --version | grep -q "$TYPST_VERSION"; then
  TOOLS=${TOOLS:-$HOME/.cache/kpibrief-bench-tools}
  if [ ! -x "$TOOLS/bin/typst" ] || ! "$TOOLS/bin/typst" --version | grep -q "$TYPST_VERSION"; then
    echo "installing typst-cli $TYPST_VERSION (a few minutes, once)" >&2
    cargo install typst-cli --version "$TYPST_VERSION" --locked --root "$TOOLS" >&2
  fi
  TYPST=$TOOLS/bin/typst
fi

cargo build --release --quiet --bin kpibrief --example gen_workspace
KP=$ROOT/target/release/kpibrief
GEN=$ROOT/target/release/examples/gen_workspace

# Workspaces: 1× is data/ itself; 10× and 100× are generated.
WS1=$ROOT/data
WS10=$WORK/ws10
WS100=$WORK/ws100
[ -d "$WS10" ] || "$GEN" --scale 10 --out "$WS10" >/dev/null
[ -d "$WS100" ] || "$GEN" --scale 100 --out "$WS100" >/dev/null

# The .typ sources of one bulletin and one handout, for typst compile.
TYP=$WORK/typ
TYP100=$WORK/typ100
for pair in "$WS1:$TYP" "$WS100:$TYP100"; do
  ws=${pair%%:*} dir=${pair#*:}
  rm -rf "$dir" && "$KP" -q --data "$ws" weekly 2026-W20 --format typ --out "$dir" && "$KP" -q --data "$ws" monthly 2026-06 --format typ --out "$dir"
done

results=$ROOT/bench/results.md
: > "$results.tmp"
ratios=$WORK/ratios.tmp
: > "$ratios"
declare -A JSON # bench name -> its hyperfine JSON
ratio() { # name, kpibrief's bench name, typst's bench name
  python3 - "$1" "${JSON[$2]}" "${JSON[$3]}" >> "$ratios" <<'PY'
import json, sys
name, ours, ref = sys.argv[1:]
best = lambda p: min(json.load(open(p))["results"][0]["times"])
print(f"- {name}: {best(ours)*1000:.0f} / {best(ref)*1000:.0f} ms = **{best(ours)/best(ref):.2f}×** (minimum against minimum)")
PY
}
row() { # name, json file, rss-kb
  python3 - "$1" "$2" "$3" >> "$results.tmp" <<'PY'
import json, sys
name, path, rss = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.load(open(path))["results"][0]
times = sorted(r["times"])
med = times[len(times) // 2] if len(times) % 2 else (times[len(times)//2 - 1] + times[len(times)//2]) / 2
print(f"| {name} | {min(times)*1000:.0f} ms | {med*1000:.0f} ms | {len(times)} | {int(rss)/1024:.0f} MB |")
PY
}
rss() { # peak RSS in KB of one run of the command
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>&1 || true
  cat "$WORK/rss"
}
bench() { # name, runs, prepare, command...
  local name=$1 runs=$2 prepare=$3; shift 3
  local json=$RAW/$(printf %s "$name" | tr -c 'A-Za-z0-9' '_').json
  JSON[$name]=$json
  hyperfine --style none --runs "$runs" --warmup 1 ${prepare:+--prepare "$prepare"} --export-json "$json" -- "$*" >/dev/null
  [ -n "$prepare" ] && bash -c "$prepare"
  row "$name" "$json" "$(rss "$@")"
}

OUT=$WORK/out
FONTS="--font-path $ROOT/assets/fonts --ignore-system-fonts --ignore-embedded-fonts"
bench "check, 1×"                  "$RUNS" "" "$KP" -q --data "$WS1" check
bench "check, 10×"                 "$RUNS" "" "$KP" -q --data "$WS10" check
bench "check, 100×"                "$RUNS" "" "$KP" -q --data "$WS100" check
bench "weekly bulletin, md"        "$RUNS" "rm -rf $OUT" "$KP" -q --data "$WS1" weekly 2026-W20 --format md --out "$OUT"
against_typst() { # scale suffix for the names, workspace, folder of its .typ files
  local at=$1 ws=$2 typ=$3 doc
  for doc in "weekly bulletin:weekly 2026-W20" "monthly handout:monthly 2026-06"; do
    local name=${doc%%:*} command=${doc#*:}
    local source=$typ/${command% *}/${command#* }.typ
    bench "$name, pdf$at" "$RUNS" "rm -rf $OUT" "$KP" -q --data "$ws" $command --format pdf --out "$OUT"
    bench "typst compile, same $name .typ$at" "$RUNS" "" "$TYPST" compile $FONTS --pdf-standard a-2b --creation-timestamp 0 "$source" "$WORK/typst.pdf"
    ratio "$name${at:-, 1×}" "$name, pdf$at" "typst compile, same $name .typ$at"
  done
}
against_typst "" "$WS1" "$TYP"
bench "build, 1×, cold (md+pdf)"   "$RUNS" "rm -rf $OUT" "$KP" -q --data "$WS1" build --out "$OUT"
"$KP" -q --data "$WS1" build --out "$OUT"
bench "build, 1×, no-op rebuild"   "$RUNS" "" "$KP" -q --data "$WS1" build --out "$OUT"
bench "build, 10×, cold"           3 "rm -rf $OUT" "$KP" -q --data "$WS10" build --out "$OUT"
"$KP" -q --data "$WS10" build --out "$OUT"
bench "build, 10×, no-op rebuild"  "$RUNS" "" "$KP" -q --data "$WS10" build --out "$OUT"
bench "weekly bulletin, md, 10×"   "$RUNS" "rm -rf $OUT" "$KP" -q --data "$WS10" weekly 2026-W20 --format md --out "$OUT"
bench "weekly bulletin, pdf, 10×"  "$RUNS" "rm -rf $OUT" "$KP" -q --data "$WS10" weekly 2026-W20 --format pdf --out "$OUT"
bench "monthly handout, pdf, 10×"  "$RUNS" "rm -rf $OUT" "$KP" -q --data "$WS10" monthly 2026-06 --format pdf --out "$OUT"
bench "weekly bulletin, md, 100×"  "$RUNS" "rm -rf $OUT" "$KP" -q --data "$WS100" weekly 2026-W20 --format md --out "$OUT"
against_typst ", 100×" "$WS100" "$TYP100"
if [ -z "${QUICK:-}" ]; then
  # Time against the number of documents: the 100× workspace cut to its
  # first 13 and 26 weeks (all 12 months kept), then whole (52 weeks).
  for weeks in 13 26; do
    cut=$WORK/ws100-${weeks}w
    if [ ! -d "$cut" ]; then
      cp -r "$WS100" "$cut"
      for f in "$cut"/weekly/*.yaml; do
        n=$(basename "$f" .yaml | sed 's/.*-W0*//')
        [ "$n" -gt "$weeks" ] && rm "$f"
      done
    fi
    bench "build, 100×, $weeks weeks + 12 months, cold" 2 "rm -rf $OUT" "$KP" -q --data "$cut" build --out "$OUT"
  done
  bench "build, 100×, cold"        2 "rm -rf $OUT" "$KP" -q --data "$WS100" build --out "$OUT"
  "$KP" -q --data "$WS100" build --out "$OUT"
  bench "build, 100×, no-op rebuild" "$RUNS" "" "$KP" -q --data "$WS100" build --out "$OUT"
fi

{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); typst-cli $("$TYPST" --version | awk '{print $2}')."
  echo
  echo "| what (whole process) | min | median | runs | peak RSS |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  cat "$results.tmp"
  echo
  echo "Ratio of kpibrief to plain \`typst compile\` of the same .typ, whole process:"
  echo
  cat "$ratios"
} > "$results"
rm -f "$results.tmp" "$ratios"
cat "$results"
