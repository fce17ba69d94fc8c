#!/bin/sh
# Benchmark of the normaliser (issue 5): the scorer of ../shared on
# vorleserd --normalize beside raw eSpeak NG (-- cat) in the same run, and
# the throughput in MB/s on a large German text made from the test cases.
set -u
cd "$(dirname "$0")/.." || exit 2
score=../shared/bench/normalize/score
if [ ! -x "$score" ]; then
	echo "normalize: skipped: $score not found (needs the development kit" \
	    "beside the checkout)"
	exit 0
fi
if ! command -v espeak-ng >/dev/null 2>&1; then
	echo "normalize: skipped: espeak-ng is not installed" \
	    "(apt-get install espeak-ng)"
	exit 0
fi
[ -x ./vorleserd ] || { echo "normalize: build first (make)"; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

"$score" -- ./vorleserd --normalize >"$tmp/ours" || exit 1
"$score" -- cat >"$tmp/raw" || exit 1
printf '%-10s %-28s %s\n' category "vorleserd --normalize" "raw eSpeak NG (cat)"
paste "$tmp/ours" "$tmp/raw" | awk -F'\t' '{
	split($1, a, " +"); split($2, b, " +")
	if (a[1] == "normalize:")
		printf "%-10s %-28s %s\n", "TOTAL",
		    a[2] " " a[3] " " a[4] " " a[5],
		    b[2] " " b[3] " " b[4] " " b[5]
	else
		printf "%-10s %-28s %s\n", a[1],
		    a[2] " " a[3] "  " a[4] " " a[5],
		    b[2] " " b[3] "  " b[4] " " b[5]
}'
grep '^normalize:' "$tmp/ours" | sed 's/^/vorleserd: /'
grep '^normalize:' "$tmp/raw" | sed 's/^/raw eSpeak NG: /'

# Throughput: the case inputs and the dev sentences, repeated to about
# 16 MB, through one process.
cut -f1 tests/data/normalize/*.tsv | grep -v '^#' >"$tmp/one"
tail -n +2 ../shared/bench/normalize/dev.tsv | cut -f3 >>"$tmp/one"
i=0
while [ "$(wc -c <"$tmp/one")" -lt 1048576 ]; do
	cat "$tmp/one" "$tmp/one" >"$tmp/two" && mv "$tmp/two" "$tmp/one"
done
: >"$tmp/big"
while [ "$i" -lt 16 ]; do
	cat "$tmp/one" >>"$tmp/big"
	i=$((i + 1))
done
bytes=$(wc -c <"$tmp/big")
# Wall time, and the CPU time of the child from the shell's "times" (the
# machine may be shared, so wall time alone can understate the speed).
times >"$tmp/t0"
start=$(date +%s.%N)
./vorleserd --normalize <"$tmp/big" >"$tmp/big.out" || exit 1
end=$(date +%s.%N)
times >"$tmp/t1"
lin=$(wc -l <"$tmp/big")
lout=$(wc -l <"$tmp/big.out")
[ "$lin" -eq "$lout" ] || echo "normalize: $lin lines in, $lout out!"
cpu() { # seconds of child user+sys time from the second line of "times"
	sed -n 2p "$1" | awk '{ t = 0
		for (i = 1; i <= 2; i++) {
			split($i, a, "m"); sub("s", "", a[2])
			t += a[1] * 60 + a[2]
		}
		print t }'
}
awk -v b="$bytes" -v s="$start" -v e="$end" -v c0="$(cpu "$tmp/t0")" \
    -v c1="$(cpu "$tmp/t1")" \
    -v load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)" 'BEGIN {
	t = e - s; if (t <= 0) t = 0.001
	c = c1 - c0; if (c <= 0) c = 0.001
	printf "throughput: %.1f MB: %.1f MB/s wall (%.2f s), %.1f MB/s CPU " \
	    "(%.2f s); load %s; target >= 10\n", b / 1e6, b / 1e6 / t, t,
	    b / 1e6 / c, c, load
}'
