#!/bin/sh
# Runs each libFuzzer binary for SECONDS on a scratch corpus seeded from
# tests/fuzz/NAME/, prints its execution count, and fails on a crash.
# Usage: run.sh SECONDS build-fuzz/fuzz_NAME...
set -u
secs=$1
shift
rc=0
pass=0
fail=0
for f in "$@"; do
	name=${f##*/fuzz_}
	corpus=build-fuzz/corpus/$name
	mkdir -p "$corpus"
	log=build-fuzz/$name.log
	echo "=== fuzz $name for $secs s"
	# The module's test fixtures seed it too (tests/data/NAME).
	seeds="tests/fuzz/$name"
	[ -d "tests/data/$name" ] && seeds="$seeds tests/data/$name"
	# shellcheck disable=SC2086
	if "$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=build-fuzz/"$name"- \
	    "$corpus" $seeds > "$log" 2>&1; then
		grep -E 'stat::number_of_executed_units' "$log"
		echo "PASS fuzz $name"
		pass=$((pass + 1))
	else
		tail -n 40 "$log"
		echo "FAIL fuzz $name (see $log)"
		fail=$((fail + 1))
		rc=1
	fi
done
echo "$pass passed, $fail failed"
exit $rc
