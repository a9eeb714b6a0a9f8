#!/bin/sh
# Builds the benchmarks module (and the autoconfigure module it measures) and runs every benchmark.
#   benchmarks/run.sh --quick   CI smoke test, about 2.5 minutes on 2 cores; results in benchmarks/target/benchmark-results
#   benchmarks/run.sh --full    the figures for the docs, about 10 minutes on 2 cores; results in docs/benchmarks
#   benchmarks/run.sh --soak    the reliability soak (docs/reliability.md), under 5 minutes; fails on a lost request,
#                               a count mismatch or leaked descriptors or threads; soak-summary.csv in benchmark-results
#   benchmarks/run.sh --soak-full   the longer soak whose figures are in docs/reliability.md; results in docs/benchmarks
# Further arguments go to Maven, for example a partial run or more rounds of the unix suite (its route / hand-wired
# intervals must be within ±3 %; unix-targets.csv says how many rounds a too wide one would need):
#   benchmarks/run.sh --full -Dbenchmarks.suites=unix -Dbenchmarks.unix.rounds=48
# The benchmarks exit non-zero only when something crashes; missed targets are reported in the results, not failed.
set -eu
cd "$(dirname "$0")/.."
mode=quick
profile=benchmarks
out=
case "${1:---quick}" in
	--quick) ;;
	--full) mode=full; out="-Dbenchmarks.out=$(pwd)/docs/benchmarks" ;;
	--soak) mode=soak; profile=soak ;;
	--soak-full) mode=soak-full; profile=soak; out="-Dbenchmarks.out=$(pwd)/docs/benchmarks" ;;
	*) echo "usage: $0 [--quick|--full|--soak|--soak-full] [-Dproperty=value ...]" >&2; exit 2 ;;
esac
if [ $# -gt 0 ]; then shift; fi
exec ./mvnw -B -q -pl benchmarks -am -P"$profile" -DskipTests verify -Dbenchmarks.mode="$mode" $out "$@"
