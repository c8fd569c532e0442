#!/usr/bin/env bash
# bench/serve.sh measures `orgadvisor serve` under load, on this machine's
# loopback interface only (docs/performance.md records the figures): it
# builds orgadvisor, starts `orgadvisor serve` on a free port with its
# default settings (request log included, to a file), and runs the load
# client bench/load against it: GET /healthz as the baseline (the same
# server, middleware and log, no advice), then POST /v1/advise without and
# with the what-if search, the HTML report page and POST /v1/batch, each
# for N requests (or MAXTIME) at C concurrent clients; then C2 clients for
# the cheapest advice, to show the latency as clients queue. The client and
# the server share the machine's cores. It takes about a minute and wants
# an idle machine: do not run it in CI.
#
# Usage: bench/serve.sh                  (N=20000 C=16 C2=64 MAXTIME=30s)
#        N=50000 C=32 bench/serve.sh
set -euo pipefail

N=${N:-20000}
C=${C:-16}
C2=${C2:-64}
MAXTIME=${MAXTIME:-30s}

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/orgadvisor-serve-bench.XXXXXX")
server=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -TERM "$server"; wait "$server" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$root"

echo "== machine"
echo "cores:      $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
echo "cpu:        $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || uname -m)"
echo "go:         $(go version)"
echo "load:       $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

echo
echo "== build"
go build -o "$work/orgadvisor" ./cmd/orgadvisor
go build -o "$work/load" ./bench/load

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
url="http://127.0.0.1:$port"
"$work/orgadvisor" serve --addr "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
  if "$work/load" -url "$url" -only healthz -n 1 -c 1 >/dev/null 2>&1; then break; fi
  sleep 0.1
done

echo
echo "== $C clients"
"$work/load" -url "$url" -n "$N" -c "$C" -max-time "$MAXTIME" -pid "$server"

echo
echo "== $C2 clients"
"$work/load" -url "$url" -n "$N" -c "$C2" -max-time "$MAXTIME" -pid "$server" -only healthz
"$work/load" -url "$url" -n "$N" -c "$C2" -max-time "$MAXTIME" -pid "$server" -only what_if=false | tail -1

hwm=$(grep VmHWM "/proc/$server/status" 2>/dev/null | awk '{print $2, $3}' || echo unknown)
kill -TERM "$server"
status=0
wait "$server" || status=$?
server=
echo
echo "== server"
echo "peak memory (VmHWM): $hwm"
echo "exit status after SIGTERM: $status"
echo "requests logged: $(grep -c 'msg=request' "$work/server.log")"
