# Hostile HTTP from our own attacker (tests/hostile.py): an endless body,
# a gzip bomb, a body that trickles one byte a second, a server that
# accepts and says nothing, one that drips fast enough never to be slow
# but never ends (cut by feeds.timeout), a redirect loop, redirects to file:// (also
# to a marker file of ours), gopher:// and dict:// (aimed at the
# attacker's own port, which counts request lines that are not HTTP),
# 401, 404 and 500, and a host name that cannot exist (.invalid).  Each
# must end in a clear error in `feeds` and `feed info` within the short
# limits of the test configuration, while a good feed polls every second:
# see hostilelib.sh for what must hold all along.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostilelib.sh"

ATTACKS="endless gzip trickle stall drip loop to-file to-marker to-gopher
to-dict 401 404 500"
hostile_servers
for a in $ATTACKS; do
	hostile_feed "$a"
done
echo "http://nirgendwo.invalid/feed.rss interval=3s" >> "$FEEDS"
start_daemon
attack_begin
paths=$(for a in $ATTACKS; do printf '/feed/%s ' "$a"; done)
wait_long "$WAIT" polled_all 2 $paths ||
    fail "not every attack was polled twice: $(cat "$T/hstats")"
# ... and the slow ones had the time to fail.
wait_long "$WAIT" '"$VORLESER" feeds > "$T/feeds" &&
    [ "$(grep -c "^status: error" "$T/feeds")" -ge 14 ]' ||
    fail "not every attack shows an error: $(grep -E '^(url|status|error):' "$T/feeds")"
attack_end

"$VORLESER" feeds > "$T/feeds" || fail "feeds"
expect_error /feed/endless "^body over 16777216 bytes"
expect_error /feed/gzip "^body over 16777216 bytes"
expect_error /feed/trickle "too slow\|timed out"
expect_error /feed/stall "too slow\|timed out"
expect_error /feed/drip "timed out after 4[0-9][0-9][0-9] milliseconds"
expect_error /feed/loop "redirects"
expect_error /feed/to-file 'Protocol "file" not supported'
expect_error /feed/to-marker 'Protocol "file" not supported'
expect_error /feed/to-gopher 'Protocol "gopher" not supported'
expect_error /feed/to-dict 'Protocol "dict" not supported'
expect_error /feed/401 "^HTTP 401$"
expect_error /feed/404 "^HTTP 404$"
expect_error /feed/500 "^HTTP 500$"
expect_error nirgendwo.invalid/feed.rss "resolve host"
# feed info shows the same, with the HTTP status and the error count.
id=$(feed_field /feed/401 id)
"$VORLESER" feed info "$id" > "$T/info" || fail "feed info"
grep -qx 'error: HTTP 401' "$T/info" || fail "feed info: $(cat "$T/info")"
grep -qx 'http-status: 401' "$T/info" || fail "feed info: http status"
grep -q '^error-count: [1-9]' "$T/info" || fail "feed info: error count"
for a in $ATTACKS; do
	[ "$(feed_field "/feed/$a" items)" = 0 ] || fail "$a: items stored"
done
ok "every attack ends in its error"

# The refused schemes were never followed: our own port never saw a
# gopher or dict request line, and no file content arrived.
[ "$(hostile_stats "d['bad_requests']")" = 0 ] ||
    fail "a gopher:// or dict:// redirect was followed"
check_store
stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "exit status $DSTATUS"
ok "clean exit"
