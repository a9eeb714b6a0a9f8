#!/bin/sh
# Builds the benchmarks module (and the autoconfigure module it measures) and runs every benchmark.
#   benchmarks/run.sh --quick   CI smoke test, about 2.5 minutes on 2 cores; results in benchmarks/target/benchmark-results
#   benchmarks/run.sh --full    the figures for the docs, about 15 minutes on 2 cores; results in docs/benchmarks
# Exits non-zero only when something crashes; missed targets are reported in the results, not failed.
set -eu
cd "$(dirname "$0")/.."
mode=quick
out=
case "${1:---quick}" in
	--quick) ;;
	--full) mode=full; out="-Dbenchmarks.out=$(pwd)/docs/benchmarks" ;;
	*) echo "usage: $0 [--quick|--full]" >&2; exit 2 ;;
esac
exec ./mvnw -B -q -pl benchmarks -am -Pbenchmarks -DskipTests verify -Dbenchmarks.mode="$mode" $out
