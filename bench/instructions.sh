#!/usr/bin/env bash
# bench/instructions.sh counts the instructions that one op of the engine's
# benchmarks executes, at a base revision and in the work tree, side by side
# (docs/performance.md records the figures).
#
# On a shared machine, time per op (even CPU time) moves by more than the
# few percent a change to the engine's hot paths makes. Instructions do not:
# each benchmark runs under valgrind's cachegrind with the garbage collector
# off and one P, at two iteration counts, and the difference divided by the
# extra iterations is one op, the setup cancelling out. Two runs of the same
# binary agree to within 0.1%. Instructions are not time (cache misses and
# branch mispredictions are not counted), so confirm a real change with
# `go test -bench` and benchstat.
#
# It needs valgrind (Debian: apt-get install valgrind) and takes a few
# minutes; do not run it in CI.
#
# Usage: bench/instructions.sh              (base main)
#        bench/instructions.sh HEAD~3 WhatIf Evaluate
set -euo pipefail

base=${1:-main}
shift || true
benches=("$@")
if [ ${#benches[@]} -eq 0 ]; then
	benches=(Evaluate EvaluateTrace WhatIf)
fi

if ! command -v valgrind >/dev/null 2>&1; then
	echo "bench/instructions.sh: valgrind is not installed (Debian: apt-get install valgrind)" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
	echo "bench/instructions.sh: $base is not a revision of this repository" >&2
	exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/orgadvisor-instr.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir "$work/base"
git archive "$base" | tar -x -C "$work/base"
(cd "$work/base" && go test -c -o "$work/base.test" ./internal/rules)
go test -c -o "$work/head.test" ./internal/rules

# iterations BENCH: the two iteration counts, about 0.2 s and 0.6 s of work.
iterations() {
	case $1 in
	Evaluate | EvaluateParallel) echo 100000 300000 ;;
	EvaluateTrace | TypeAnswers) echo 30000 90000 ;;
	WhatIf) echo 1000 3000 ;;
	LoadDefault) echo 10 30 ;;
	*) echo 1000 3000 ;;
	esac
}

# instructions BINARY BENCH N: the instructions of a whole run.
instructions() {
	(cd internal/rules && GOGC=off GOMAXPROCS=1 valgrind --tool=cachegrind --cache-sim=no \
		--cachegrind-out-file=/dev/null "$1" -test.run '^$' -test.bench "^Benchmark$2\$" \
		-test.benchtime "$3x" 2>&1 >/dev/null) |
		awk '/I *refs:/ { gsub(",", "", $NF); print $NF }'
}

# perop BINARY BENCH: instructions per op.
perop() {
	local n1 n2 i1 i2
	read -r n1 n2 < <(iterations "$2")
	i1=$(instructions "$1" "$2" "$n1")
	i2=$(instructions "$1" "$2" "$n2")
	echo $(((i2 - i1) / (n2 - n1)))
}

printf '| benchmark | %s | work tree | change |\n|---|---:|---:|---:|\n' "$base"
for b in "${benches[@]}"; do
	old=$(perop "$work/base.test" "$b")
	new=$(perop "$work/head.test" "$b")
	printf '| %s | %d | %d | %+.1f%% |\n' "$b" "$old" "$new" \
		"$(awk -v o="$old" -v n="$new" 'BEGIN { print (n - o) * 100 / o }')"
done
