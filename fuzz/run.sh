#!/usr/bin/env bash
# Coverage-guided fuzzing of the library's readers: AFL++ (Debian's afl++) driving the harnesses of
# fuzz/Xcally.Licensing.Fuzz through SharpFuzz, for a bounded time each.
#
#   bash fuzz/run.sh [seconds-per-harness]      (default 60)
#
# It installs what is missing (afl++ through apt-get, the sharpfuzz tool from .config/dotnet-tools.json),
# builds the fuzz program in Release, instruments Xcally.Licensing.dll in a copy of the build output,
# writes the seeds (docs/vectors/license-verification.json when present, the vectors of
# docs/license-format.md, fuzz/seeds), replays them, and runs afl-fuzz on every harness, FUZZ_JOBS at
# a time (default 2, at most the number of cores). It prints each harness's figures from fuzzer_stats
# and exits non-zero if a seed or a fuzzed input crashed or hung a harness (printing each such input in
# base64, with what it throws), or if afl-fuzz did not start or ran nothing: a fuzzing step that
# silently does nothing would look like a pass. Everything it writes is under artifacts/fuzz/, or the
# folder FUZZ_WORK names.
set -uo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash fuzz/run.sh [seconds-per-harness]" >&2
  exit 2
fi
cores=$(nproc 2>/dev/null || echo 1)
jobs=${FUZZ_JOBS:-2}
[ "$jobs" -gt "$cores" ] && jobs=$cores
# FUZZ_HARNESSES picks some of them (space-separated), for a long campaign run in parts.
read -r -a harnesses <<<"${FUZZ_HARNESSES:-armor envelope payload token verify}"
work=${FUZZ_WORK:-artifacts/fuzz}
corpus=docs/vectors/license-verification.json
# Per-execution timeout: inputs take well under a millisecond; anything near this is a hang. Generous,
# because the machine's two cores are shared with builds and the first input of a process includes JIT.
exec_timeout_ms=2000
# How long a saved input may run when it is replayed before it counts as a hang.
replay_timeout_s=20
# How many crashing or hanging inputs of each harness are printed in full.
shown_per_kind=5

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
fail() { echo "fuzz: $*" >&2; echo "fuzz: ${#harnesses[@]} harnesses, 0 execs, not run"; exit 1; }

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "fuzz: installing afl++"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null ||
    fail "could not install afl++"
fi
command -v afl-fuzz >/dev/null 2>&1 || fail "afl-fuzz is not on PATH after installing afl++"
dotnet tool restore >/dev/null || fail "dotnet tool restore failed (the sharpfuzz tool, .config/dotnet-tools.json)"

# The plain build replays inputs and writes seeds; the instrumented copy is what afl-fuzz runs. Copying
# keeps instrumentation idempotent: the tool refuses an assembly it has already instrumented.
echo "== fuzz: building =="
rm -rf "$work/build" "$work/instrumented"
# IL only (-p:XcallyReadyToRun=false): sharpfuzz instruments the IL, which precompiled code would bypass.
dotnet build fuzz/Xcally.Licensing.Fuzz -c Release -p:XcallyReadyToRun=false -o "$work/build" -v q -nologo || fail "the fuzz program did not build"
cp -r "$work/build" "$work/instrumented"
dotnet tool run sharpfuzz "$work/instrumented/Xcally.Licensing.dll" || fail "sharpfuzz could not instrument Xcally.Licensing.dll"
# An instrumented assembly references SharpFuzz.Common, where its coverage map lives.
grep -q "SharpFuzz.Common" "$work/instrumented/Xcally.Licensing.dll" || fail "Xcally.Licensing.dll is not instrumented after sharpfuzz"
plain="$work/build/Xcally.Licensing.Fuzz.dll"
instrumented="$work/instrumented/Xcally.Licensing.Fuzz.dll"

echo "== fuzz: seeds =="
rm -rf "$work/seeds" "$work/findings" "$work/logs" "$work/regressions"
mkdir -p "$work/findings" "$work/logs"
dotnet "$plain" seeds "$corpus" "$work/seeds" || fail "could not write the seeds"

problems=()
crashes_total=0
hangs_total=0
replays_failing=0

# Prints one saved input in base64 and what it does when replayed on the plain build.
show_input() { # harness kind file
  local size
  size=$(stat -c %s "$3")
  echo "  $2 input ($size bytes, $3):"
  echo "    base64: $(base64 -w0 "$3")"
  local out
  out=$(timeout "$replay_timeout_s" dotnet "$plain" run "$1" "$3" 2>&1)
  local rc=$?
  if [ "$rc" -eq 124 ]; then
    echo "    replay: still running after ${replay_timeout_s} s (a hang)"
  else
    echo "$out" | sed 's/^/    replay: /'
  fi
}

# A seed that already crashes a harness is a finding too; afl-fuzz is told to skip such seeds
# (AFL_SKIP_CRASHES), so they are replayed here first, with the inputs of earlier findings
# (fuzz/crashes-found/HARNESS/*.b64, base64): until the bug is fixed, each fails every run, not just
# the runs whose fuzzing happens to find it again.
echo "== fuzz: replaying the seeds and earlier findings =="
for h in "${harnesses[@]}"; do
  mkdir -p "$work/regressions/$h"
  for found in fuzz/crashes-found/"$h"/*.b64; do
    base64 -d "$found" >"$work/regressions/$h/$(basename "$found" .b64)"
  done
  if ! timeout 300 dotnet "$plain" run "$h" "$work/seeds/$h"/* "$work/regressions/$h"/* >"$work/logs/$h.seeds.log" 2>&1; then
    echo "$h: a seed or an earlier finding still crashes or hangs the harness:"
    grep -v ": no exception" "$work/logs/$h.seeds.log" | head -60
    problems+=("$h: a seed or an earlier finding crashes or hangs the harness (see above)")
    replays_failing=$((replays_failing + $(grep -c "^$work/.*: $h: [A-Za-z.]*Exception" "$work/logs/$h.seeds.log")))
  fi
done

fuzz_one() { # harness
  local h=$1
  AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
  AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CRASHES=1 \
    timeout $((seconds + 180)) afl-fuzz -i "$work/seeds/$h" -o "$work/findings/$h" -x "$work/seeds/$h.dict" \
      -t "$exec_timeout_ms" -m none -V "$seconds" -- dotnet "$instrumented" "$h" >"$work/logs/$h.log" 2>&1
  echo $? >"$work/logs/$h.rc"
}

echo "== fuzz: afl-fuzz, ${seconds} s per harness, ${jobs} at a time =="
for h in "${harnesses[@]}"; do
  fuzz_one "$h" &
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n
  done
done
wait

stat_of() { awk -v key="$2" -F' *: *' '$1 == key { print $2 }' "$1"; }
execs_total=0
for h in "${harnesses[@]}"; do
  stats="$work/findings/$h/default/fuzzer_stats"
  rc=$(cat "$work/logs/$h.rc" 2>/dev/null || echo missing)
  if [ "$rc" != 0 ] || [ ! -f "$stats" ]; then
    echo "$h: afl-fuzz did not run to its time limit (exit $rc); the end of its log:"
    tail -25 "$work/logs/$h.log" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g; s/^/  /'
    problems+=("$h: afl-fuzz failed (exit $rc)")
    # If the target died under afl-fuzz, the input it was running is the one to look at.
    [ -s "$work/findings/$h/default/.cur_input" ] && show_input "$h" "last" "$work/findings/$h/default/.cur_input"
    continue
  fi

  execs=$(stat_of "$stats" execs_done)
  rate=$(stat_of "$stats" execs_per_sec)
  edges=$(stat_of "$stats" edges_found)
  coverage=$(stat_of "$stats" bitmap_cvg)
  paths=$(stat_of "$stats" corpus_count)
  stability=$(stat_of "$stats" stability)
  crashes=$(find "$work/findings/$h/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  hangs=$(find "$work/findings/$h/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
  echo "$h: ${execs} execs, ${rate} execs/s, ${edges} edges (${coverage} of the map), ${paths} paths, stability ${stability}, ${crashes} crashes, ${hangs} hangs"
  execs_total=$((execs_total + execs))
  crashes_total=$((crashes_total + crashes))
  hangs_total=$((hangs_total + hangs))

  if [ "${execs:-0}" -eq 0 ] || [ "${edges:-0}" -eq 0 ]; then
    problems+=("$h: afl-fuzz ran no input or saw no coverage (is the library instrumented?)")
  fi
  # One bug usually gives many inputs (one for each path to it): the first few are shown in full.
  for folder in crashes hangs; do
    kind=${folder%s} && kind=${kind%e}
    shown=0
    for file in "$work/findings/$h/default/$folder"/id:*; do
      if [ "$shown" -lt "$shown_per_kind" ]; then
        show_input "$h" "$kind" "$file"
      fi
      shown=$((shown + 1))
      problems+=("$h: $kind $(basename "$file")")
    done
    if [ "$shown" -gt "$shown_per_kind" ]; then
      echo "  ... and $((shown - shown_per_kind)) more ${folder} in $work/findings/$h/default/$folder"
    fi
  done
done

for problem in "${problems[@]}"; do
  echo "fuzz: $problem"
done
summary="fuzz: ${#harnesses[@]} harnesses, ${execs_total} execs, ${crashes_total} crashes, ${hangs_total} hangs"
[ "$replays_failing" -gt 0 ] && summary="$summary; ${replays_failing} seeds or earlier findings still crash"
echo "$summary"
[ ${#problems[@]} -eq 0 ]
