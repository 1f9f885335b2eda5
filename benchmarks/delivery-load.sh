#!/usr/bin/env bash
# The delivery server under load (docs/performance.md, "Delivery"): a ledger of COUNT licenses issued
# by the real tool, `xcally-license serve` on loopback, then
#   1. wrk (Debian's), closed loop, 64 connections: the most requests per second it answers;
#   2. an open-loop load at RATE requests/s (benchmarks/Xcally.Licensing.Benchmarks delivery-load):
#      the latency percentiles, each counted from when its request was due.
# Every request asks for a random token of the ledger. The rate limit is raised for the run (one
# client address sends everything).
#
#   benchmarks/delivery-load.sh                          # 100,000 licenses, 20 s, 1,000/s for 20 s
#   COUNT=1000 DURATION=2 RATE=200 benchmarks/delivery-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-100000}
seconds=${DURATION:-20}
rate=${RATE:-1000}
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
dotnet build -c Release src/Xcally.Licensing.Signer -v q -nologo >/dev/null
dotnet build -c Release benchmarks/Xcally.Licensing.Benchmarks -v q -nologo >/dev/null
signer=src/Xcally.Licensing.Signer/bin/Release/net10.0/Xcally.Licensing.Signer
bench=benchmarks/Xcally.Licensing.Benchmarks/bin/Release/net10.0/Xcally.Licensing.Benchmarks

echo "issuing $count licenses into a fresh ledger"
"$bench" write-batch-requests "$work/requests.jsonl" "$count"
"$signer" issue "$work/requests.jsonl" --key keys.example/example.private.pem --ledger "$work/ledger.db" --out-dir "$work/out" >/dev/null
python3 - "$work/requests.jsonl" "$work/tokens.txt" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        out.write(json.loads(line)["token"] + "\n")
PY

port=$((20000 + RANDOM % 20000))
XCALLY_LICENSE_Delivery__PermitsPerMinute=100000000 XCALLY_LICENSE_Delivery__Burst=100000000 \
  "$signer" serve --ledger "$work/ledger.db" --urls "http://127.0.0.1:$port" > "$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "serving licenses" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done

cat > "$work/random-token.lua" <<LUA
local tokens = {}
for line in io.lines("$work/tokens.txt") do tokens[#tokens + 1] = line end
math.randomseed(20261203)
request = function()
  return wrk.format("GET", "/v1/licenses/" .. tokens[math.random(#tokens)])
end
LUA
curl -sf -o /dev/null "http://127.0.0.1:$port/v1/licenses/$(head -1 "$work/tokens.txt")"
echo "== wrk, closed loop, 64 connections, ${seconds} s (after a 3 s warm-up) =="
wrk -t2 -c64 -d3s -s "$work/random-token.lua" "http://127.0.0.1:$port" >/dev/null
wrk -t2 -c64 -d"${seconds}s" --latency -s "$work/random-token.lua" "http://127.0.0.1:$port"
echo "== open loop, $rate requests/s for ${seconds} s (after a 3 s warm-up at the same rate) =="
"$bench" delivery-load "http://127.0.0.1:$port/" "$work/tokens.txt" "$rate" "$seconds"
python3 - "$work/ledger.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("fetches recorded in the ledger:", db.execute("select count(*) from fetches").fetchone()[0])
PY
