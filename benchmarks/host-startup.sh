#!/usr/bin/env bash
# What licensing adds to an ASP.NET Core host's time to its first response (docs/performance.md):
# benchmarks/HostStartup started without and with AddXcallyLicensing (an installed license, the
# example key), and with the automatic update configured as well, alternately, RUNS times each, as
# an ordinary Release build and as ReadyToRun. Each run prints the time from its process's start to its first response; the medians are compared.
#
#   benchmarks/host-startup.sh           # 30 runs of each
#   RUNS=10 benchmarks/host-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building (Release, and Release with ReadyToRun)"
dotnet build -c Release benchmarks/HostStartup -o "$work/jit" -v q -nologo >/dev/null
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true benchmarks/HostStartup -o "$work/r2r" -v q -nologo >/dev/null
dotnet build -c Release benchmarks/ColdStart -o "$work/coldstart" -v q -nologo >/dev/null
source benchmarks/example-license.sh
install_example_license "$work/coldstart/coldstart" "$work/state" >/dev/null

port=$((20000 + RANDOM % 20000))
for build in jit r2r; do
  : > "$work/$build.times"
  for i in $(seq 1 "$runs"); do
    for mode in without with with-update; do
      port=$((port + 1))
      line=$("$work/$build/hoststartup" "$mode" "$port" "--Licensing:StateDirectory=$work/state")
      case "$line" in
        *"HTTP/1.1 200"*) ;;
        *) echo "run failed: $line" >&2; exit 1 ;;
      esac
      if [ "$mode" != without ] && [[ "$line" != *"(licensed)"* ]]; then
        echo "the licensed host did not answer Active: $line" >&2; exit 1
      fi
      echo "$mode ${line##*after }" >> "$work/$build.times"
    done
  done
  python3 - "$work/$build.times" "$build" <<'PY'
import statistics, sys
times = {"with": [], "without": [], "with-update": []}
for line in open(sys.argv[1]):
    mode, value, _ = line.split()
    times[mode].append(float(value))
without, with_, update = (statistics.median(times[m]) for m in ("without", "with", "with-update"))
print(f"{sys.argv[2]}: {len(times['with'])} runs each; median time to first response without licensing {without:.1f} ms, "
      f"with {with_:.1f} ms, difference {with_ - without:+.1f} ms; with the automatic update configured too {update:.1f} ms "
      f"({update - with_:+.1f} ms over licensing alone)")
PY
done
