#!/bin/sh
# Article extraction benchmark: vorleserd --extract side by side with
# Readability.js (jsdom) and readability-lxml (Debian's python3-readability)
# on the public set (data/, 181 pages) and the German pages (de/) of the
# shared benchmark, in one run.  Prints F1, precision, recall and ms per
# page for each; the German target is F1 and P >= 0.98, the public one
# F1 >= 0.96, at <= 10 ms per page including process start.
#
# Environment: EXTRACT_BENCH (the benchmark folder, default
# ../shared/bench/extract), VORLESERD (default ./vorleserd), JOBS (pages
# run in parallel, default 1; timings are only comparable at 1),
# PEER_JOBS (the same for the peers, default JOBS: they are slow), PEERS
# (default "readability-js readability-lxml"; empty to skip them),
# VORLESER_BENCH_CACHE (where npm installs Readability.js and jsdom,
# default ~/.cache/vorleser-bench; never inside the repository).
set -u
cd "$(dirname "$0")/.." || exit 2
bench=${EXTRACT_BENCH:-../shared/bench/extract}
vorleserd=${VORLESERD:-./vorleserd}
jobs=${JOBS:-1}
peer_jobs=${PEER_JOBS:-$jobs}
peers=${PEERS-readability-js readability-lxml}
cache=${VORLESER_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vorleser-bench}
export VORLESER_BENCH_CACHE="$cache"

if [ ! -x "$bench/score" ]; then
	echo "extract.sh: no benchmark at $bench (set EXTRACT_BENCH)" >&2
	exit 2
fi

# Installs the Readability.js peer into the cache once.
need_js() {
	[ -d "$cache/node_modules/@mozilla/readability" ] &&
	    [ -d "$cache/node_modules/jsdom" ] && return 0
	command -v npm >/dev/null 2>&1 || return 1
	mkdir -p "$cache" &&
	    npm install --prefix "$cache" --no-audit --no-fund --silent \
	    @mozilla/readability jsdom >/dev/null 2>&1
}

results=$(mktemp) || exit 2
trap 'rm -f "$results"' EXIT INT TERM

# run NAME SET JOBS -- command...: one scorer run, one result line.
run() {
	name=$1 set=$2 j=$3
	shift 4
	if [ "$set" = de ]; then
		line=$("$bench/score" --jobs "$j" --data "$bench/de" \
		    --gold-format txt -- "$@" | tail -n 1)
	else
		line=$("$bench/score" --jobs "$j" -- "$@" | tail -n 1)
	fi
	echo "$name $set $line" >>"$results"
	echo "$name $set $line" >&2
}

for set in de data; do
	run vorleserd "$set" "$jobs" -- "$vorleserd" --extract {}
	for p in $peers; do
		case $p in
		readability-js)
			if need_js; then
				run readability.js "$set" "$peer_jobs" -- node \
				    bench/readability-js.js {}
			else
				echo "readability.js: skipped (no npm)" >&2
			fi ;;
		readability-lxml)
			if /usr/bin/python3 -c 'import readability' \
			    2>/dev/null; then
				run readability-lxml "$set" "$peer_jobs" -- \
				    /usr/bin/python3 \
				    bench/readability-lxml.py {}
			else
				echo "readability-lxml: skipped (apt-get" \
				    "install python3-readability)" >&2
			fi ;;
		esac
	done
done

# "NAME SET extract: F1 x P x R x pages n ms/page m"
printf '\n%-18s %-5s %6s %6s %6s %6s %9s\n' tool set F1 P R pages ms/page
awk '{ set = $2 == "data" ? "pub" : $2
	printf "%-18s %-5s %6s %6s %6s %6s %9s\n", $1, set, $5, $7, $9, $11, $13
}' "$results"
