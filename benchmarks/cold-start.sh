#!/usr/bin/env bash
# Reproduces the cold-start comparison of docs/performance.md with hyperfine (Debian's package):
# benchmarks/ColdStart (read the installed license, compute the token, print the state) against
# benchmarks/ColdStart.Empty (print one line), each as an ordinary Release build and as ReadyToRun.
#
#   benchmarks/cold-start.sh            # 30 runs each, after 3 warm-up runs
#   RUNS=50 benchmarks/cold-start.sh
#
# It prints hyperfine's tables and the difference of the medians; the JSON exports stay in
# artifacts/cold-start/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "installing hyperfine"
  sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get update -qq && sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi

out=artifacts/cold-start
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

echo "building (Release, and Release with ReadyToRun)"
dotnet build -c Release benchmarks/ColdStart -o "$work/jit/coldstart" -v q -nologo >/dev/null
dotnet build -c Release benchmarks/ColdStart.Empty -o "$work/jit/empty" -v q -nologo >/dev/null
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true benchmarks/ColdStart -o "$work/r2r/coldstart" -v q -nologo >/dev/null
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true benchmarks/ColdStart.Empty -o "$work/r2r/empty" -v q -nologo >/dev/null
source benchmarks/example-license.sh
install_example_license "$work/jit/coldstart/coldstart" "$work/state"
"$work/jit/coldstart/coldstart" "$work/state"

for build in jit r2r; do
  echo
  echo "== $build =="
  hyperfine --warmup 3 --runs "$runs" --shell=none --style basic \
    --export-json "$out/$build.json" \
    -n empty "$work/$build/empty/coldstart-empty" \
    -n coldstart "$work/$build/coldstart/coldstart $work/state"
  python3 - "$out/$build.json" "$build" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
empty, cold = results["empty"]["median"] * 1000, results["coldstart"]["median"] * 1000
print(f"{sys.argv[2]}: median empty {empty:.1f} ms, coldstart {cold:.1f} ms, difference {cold - empty:.1f} ms")
PY
done
