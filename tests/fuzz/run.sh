#!/bin/sh
# Runs each libFuzzer binary for SECONDS on a scratch corpus seeded from
# tests/fuzz/NAME/, prints its execution count, and fails on a crash.
# Usage: run.sh SECONDS build-fuzz/fuzz_NAME...
set -u
secs=$1
shift
rc=0
for f in "$@"; do
	name=${f##*/fuzz_}
	corpus=build-fuzz/corpus/$name
	mkdir -p "$corpus"
	log=build-fuzz/$name.log
	echo "=== fuzz $name for $secs s"
	if "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=build-fuzz/"$name"- \
	    "$corpus" "tests/fuzz/$name" > "$log" 2>&1; then
		grep -E 'stat::number_of_executed_units' "$log"
		echo "PASS fuzz $name"
	else
		tail -n 40 "$log"
		echo "FAIL fuzz $name (see $log)"
		rc=1
	fi
done
exit $rc
