#!/usr/bin/env bash
# bench/batch.sh measures orgadvisor against its floors, side by side, in one
# run (docs/performance.md records the figures):
#
#   1. `orgadvisor batch` over N synthetic JSON Lines profiles against
#      `jq -c .` over the same file (jq only parses and prints);
#   2. one-shot runs (`advise ... -o json`, `--version`) against a
#      hello-world Go binary (the floor for any Go process): the median CPU
#      time of paired runs and their ratio (go run ./bench/startup -runs),
#      for the binary as go build makes it and as CGO_ENABLED=0 does, with
#      the package initialisation that dominates start-up
#      (GODEBUG=inittrace=1);
#   3. the peak memory of batch over SMALL and N records.
#
# It uses hyperfine when installed (Debian: apt-get install hyperfine jq),
# else /usr/bin/time, else bash's time. It takes minutes and wants an idle
# machine: do not run it in CI.
#
# Usage: bench/batch.sh            (N=1000000 SMALL=10000 RUNS=3 SEED=1 PAIRS=200)
#        N=100000 RUNS=5 bench/batch.sh
set -euo pipefail

N=${N:-1000000}
SMALL=${SMALL:-10000}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
PAIRS=${PAIRS:-200}

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/orgadvisor-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"

have() { command -v "$1" >/dev/null 2>&1; }

echo "== machine"
echo "cores:      $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
echo "cpu:        $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || uname -m)"
echo "go:         $(go version)"
echo "jq:         $(have jq && jq --version || echo 'not installed')"
echo "hyperfine:  $(have hyperfine && hyperfine --version || echo 'not installed')"
echo "load:       $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

echo
echo "== build"
go build -o "$work/orgadvisor" ./cmd/orgadvisor
CGO_ENABLED=0 go build -o "$work/orgadvisor-static" ./cmd/orgadvisor
go build -o "$work/startup" ./bench/startup
echo "orgadvisor: $(du -h "$work/orgadvisor" | cut -f1), CGO_ENABLED=0: $(du -h "$work/orgadvisor-static" | cut -f1)"

echo
echo "== generate $N and $SMALL profiles (seed $SEED)"
go run ./bench/gen -n "$N" -seed "$SEED" >"$work/profiles.jsonl"
go run ./bench/gen -n "$SMALL" -seed "$SEED" >"$work/small.jsonl"
echo "profiles.jsonl: $(wc -c <"$work/profiles.jsonl") bytes; first record:"
head -1 "$work/profiles.jsonl"

# timeit NAME COMMAND...: wall time of one run, by /usr/bin/time or bash.
timeit() {
	local name=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KiB peak RSS" "$@" >/dev/null
	else
		echo "$name:"
		time "$@" >/dev/null
	fi
}

# peak_rss COMMAND...: the peak resident set size in KiB, from
# /usr/bin/time -v, else by watching VmHWM in /proc while it runs.
peak_rss() {
	if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
		/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}'
		return
	fi
	"$@" >/dev/null 2>&1 &
	local pid=$! peak=0 hwm
	while kill -0 "$pid" 2>/dev/null; do
		hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
		[ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
		sleep 0.01
	done
	wait "$pid" || true
	echo "$peak"
}

echo
echo "== 1. batch vs jq -c . over $N records"
batch=("$work/orgadvisor" batch --input "$work/profiles.jsonl")
if have hyperfine && have jq; then
	hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$work/batch.md" \
		-n "jq -c ." "jq -c . $work/profiles.jsonl" \
		-n "orgadvisor batch" "${batch[*]}"
	cat "$work/batch.md"
else
	have jq && timeit "jq -c ." jq -c . "$work/profiles.jsonl"
	timeit "orgadvisor batch" "${batch[@]}"
fi
echo "summary of one run:"
"${batch[@]}" 2>&1 >/dev/null | sed 's/^/  /'

echo
echo "== 2. one-shot runs vs a hello-world Go binary, CPU time of $PAIRS paired runs"
advise=(advise --no-input --employees 40 --product-driven --sector technology -o json)
for bin in orgadvisor orgadvisor-static; do
	for args in "${advise[*]}" "--version"; do
		echo "-- $bin $args"
		# shellcheck disable=SC2086 # the words of args are the arguments
		"$work/startup" -runs "$PAIRS" -bin "$work/$bin" -- $args | sed 's/^/  /'
	done
done
echo "where the time goes after the runtime starts (bench/startup):"
"$work/startup" -- "${advise[@]}" | sed 's/^/  /'
echo "package initialisation, slowest first (GODEBUG=inittrace=1):"
GODEBUG=inittrace=1 "$work/orgadvisor" "${advise[@]}" 2>&1 >/dev/null |
	awk '/^init / {total += $5; print $5, "ms", $2} END {printf "%.2f ms total\n", total}' |
	sort -rn | head -12 | sed 's/^/  /'

echo
echo "== 3. peak memory of batch: $SMALL vs $N records"
small_kib=$(peak_rss "$work/orgadvisor" batch --input "$work/small.jsonl")
large_kib=$(peak_rss "${batch[@]}")
echo "$SMALL records: $small_kib KiB"
echo "$N records: $large_kib KiB"
awk -v s="$small_kib" -v l="$large_kib" 'BEGIN { if (s > 0) printf "ratio: %.2f (target: at most 2)\n", l / s }'
