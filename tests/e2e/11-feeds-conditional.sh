# The second poll is conditional (If-None-Match / If-Modified-Since with
# the stored validators), every feed answers 304, and nothing is added.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

DATA="$TOP/tests/data/feeds/mix"
start_httpd www "$DATA"
P=$(cat "$T/www.port")
sed "s|^http://127.0.0.1:8080/|http://127.0.0.1:$P/|" "$DATA/feeds.txt" \
    > "$FEEDS"
n=$(grep -c . "$FEEDS")

poll_once
grep -q "poll-once: $n feeds polled, 0 new, [1-9][0-9]* old" "$T/daemon.log" ||
    fail "first poll did not store the items"
http_get "http://127.0.0.1:$P/_reset" > /dev/null
poll_once
http_get "http://127.0.0.1:$P/_stats" > "$T/stats"
[ "$(json_field "$T/stats" 'd["requests"]')" -eq "$n" ] || fail "requests"
[ "$(json_field "$T/stats" 'd["conditional"]')" -eq "$n" ] ||
    fail "not every request was conditional: $(cat "$T/stats")"
[ "$(json_field "$T/stats" 'd["s304"]')" -eq "$n" ] || fail "not all 304"
tail -n 1 "$T/daemon.log" | grep -q "poll-once: $n feeds polled, 0 new, 0 old, 0 duplicate, 0 failed" ||
    fail "second poll: $(tail -n 1 "$T/daemon.log")"
ok "second poll: $n conditional requests, all 304, nothing added"

start_daemon
"$VORLESER" feed info 1 > "$T/info" || fail "feed info"
grep -q '^etag: "' "$T/info" || fail "no ETag stored: $(cat "$T/info")"
grep -q '^last-modified: [A-Z][a-z][a-z], ' "$T/info" || fail "no Last-Modified"
grep -qx 'http-status: 304' "$T/info" || fail "last status not 304"
ok "validators and status stored"
