# Every format and encoding of the committed fixtures (tests/data/feeds,
# made by the benchmark kit's generator) goes through the whole daemon:
# HTTP, parsing, store.  What is stored must match each set's manifest:
# titles, absolute links and UTC dates.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

DATA="$TOP/tests/data/feeds"
sets=$(cd "$DATA" && ls)
[ -n "$sets" ] || fail "no fixture sets in $DATA"
: > "$FEEDS"
for s in $sets; do
	start_httpd "$s" "$DATA/$s"
	p=$(cat "$T/$s.port")
	sed "s|^http://127.0.0.1:8080/|http://127.0.0.1:$p/|" \
	    "$DATA/$s/feeds.txt" >> "$FEEDS"
done

poll_once
start_daemon
"$VORLESER" feeds > "$T/feeds.out" || fail "feeds"
"$VORLESER" articles --all > "$T/articles.out" || fail "articles"
[ "$(count_records "$T/feeds.out")" -eq "$(grep -c . "$FEEDS")" ] ||
    fail "not every feed is stored"
grep -q '^status: error' "$T/feeds.out" && fail "a fixture feed failed: $(grep '^error: .' "$T/feeds.out" | head -3)"
for s in $sets; do
	python3 "$TOP/tests/feedcheck.py" "$DATA/$s/manifest.json" \
	    "$T/feeds.out" "$T/articles.out" "$(cat "$T/$s.port")" \
	    > "$T/check.$s" || { cat "$T/check.$s"; fail "set $s differs from its manifest"; }
	ok "$s: $(tail -n 1 "$T/check.$s")"
done
