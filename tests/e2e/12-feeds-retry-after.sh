# A 429 with Retry-After: the feed shows the error and the time, and no
# poll (neither the next one-shot poll nor a manual reload) asks before it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
python3 "$TOP/tests/mkfeed.py" "$T/www/ok.rss" --name ok
python3 "$TOP/tests/mkfeed.py" "$T/www/busy.rss" --name busy
cat > "$T/www.rules" <<'EOT'
{"/busy.rss": {"status": 429, "headers": {"Retry-After": "3600"}}}
EOT
start_httpd www "$T/www"
P=$(cat "$T/www.port")
printf 'http://127.0.0.1:%s/ok.rss\nhttp://127.0.0.1:%s/busy.rss\n' "$P" "$P" \
    > "$FEEDS"

before=$(date +%s)
poll_once
poll_once
http_get "http://127.0.0.1:$P/_stats" > "$T/stats"
[ "$(json_field "$T/stats" 'd["paths"].get("/busy.rss", 0)')" -eq 1 ] ||
    fail "busy feed asked again before Retry-After: $(cat "$T/stats")"
[ "$(json_field "$T/stats" 'd["paths"].get("/ok.rss", 0)')" -eq 2 ] ||
    fail "the other feed was not polled twice"
ok "second one-shot poll skips the feed under Retry-After"

start_daemon
"$VORLESER" feed info 2 > "$T/info" || fail "feed info"
grep -qx 'http-status: 429' "$T/info" || fail "status: $(cat "$T/info")"
grep -qx 'status: error' "$T/info" || fail "no error state"
grep -qx 'error: HTTP 429' "$T/info" || fail "error text"
ra=$(sed -n 's/^retry-after: //p' "$T/info")
np=$(sed -n 's/^next-poll: //p' "$T/info")
python3 - "$ra" "$np" "$before" <<'EOT' || fail "retry-after $ra / next-poll $np"
import calendar, sys, time
ra, np, before = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = lambda s: calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))
assert t(ra) >= before + 3600, "retry-after too early"
assert t(np) >= t(ra), "next poll before retry-after"
EOT
ok "feed info shows HTTP 429, retry-after and a next poll after it"

"$VORLESER" reload 2 > "$T/reload" || fail "reload"
grep -q '^held-back: ' "$T/reload" || fail "reload not held back"
"$VORLESER" reload all > /dev/null || fail "reload all"
# Give a wrong implementation the time to ask; then count.
sleep 1
http_get "http://127.0.0.1:$P/_stats" > "$T/stats"
[ "$(json_field "$T/stats" 'd["paths"].get("/busy.rss", 0)')" -eq 1 ] ||
    fail "a reload asked the server before Retry-After"
ok "manual reloads wait for Retry-After too"
