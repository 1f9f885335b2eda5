#!/usr/bin/env bash
# The benchmarks in a short mode, so they cannot rot: every BenchmarkDotNet benchmark runs once
# (--job dry: one process per benchmark, one measured operation) and the cold-start comparison runs
# 5 times, the host startup 3 times and the delivery server under a small load. It checks that each still runs and prints its figures; it does not judge them: the shared
# CI machines are too noisy for that (docs/performance.md has the figures from a full run).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project benchmarks/Xcally.Licensing.Benchmarks -- --filter '*' --job dry --artifacts artifacts/benchmarks-short
RUNS=5 bash benchmarks/cold-start.sh
RUNS=3 bash benchmarks/host-startup.sh
COUNT=1000 DURATION=2 RATE=200 bash benchmarks/delivery-load.sh
