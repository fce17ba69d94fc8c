# The wall clock jumps (libfaketime, changed while the daemon runs; the
# monotonic clock is left alone).  Checks: a jump back or forward by a day
# starts no polls (no storm); a Retry-After of 3 s is over 3 s later even
# though the clock went back a day (no stall); polls and new items get the
# clock's time as stored dates; and after a restart on a clock set back by
# a day, the feeds are polled at once instead of a day later.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items 2
python3 "$TOP/tests/mkfeed.py" "$T/www/b.rss" --name b --items 2
cat > "$T/www.rules" <<'EOT'
{"/b.rss": {"status": 429, "headers": {"Retry-After": "3"}}}
EOT
start_httpd www "$T/www"
P=$(cat "$T/www.port")
printf 'http://127.0.0.1:%s/a.rss\nhttp://127.0.0.1:%s/b.rss\n' "$P" "$P" \
    > "$FEEDS"
hits() {
	http_get "http://127.0.0.1:$P/_stats" > "$T/stats"
	json_field "$T/stats" "d['paths'].get('/$1.rss', 0)"
}
# epoch_of KEY FILE: a feed info time as UTC seconds.
epoch_of() {
	python3 -c 'import calendar, sys, time
print(calendar.timegm(time.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ")))' \
	    "$(sed -n "s/^$1: //p" "$2")"
}
# near A B SLACK: |A - B| <= SLACK
near() {
	[ $(($1 - $2)) -le "$3" ] && [ $(($2 - $1)) -le "$3" ]
}

fake_clock
start_daemon
wait_for '[ "$(hits a)" -eq 1 ] && [ "$(hits b)" -eq 1 ]' ||
    fail "first polls: $(cat "$T/stats")"
T429=$(date +%s)
ok "both feeds polled, b answered 429 Retry-After: 3"

# Back by a day: no poll starts by itself.
clock "-1d"
sleep 2
[ "$(hits a)" -eq 1 ] && [ "$(hits b)" -eq 1 ] ||
    fail "the jump back started polls: $(cat "$T/stats")"
# The Retry-After of 3 s is over in real time, whatever the wall clock.
while [ "$(date +%s)" -le $((T429 + 4)) ]; do sleep 0.2; done
"$VORLESER" reload 2 > "$T/reload" || fail "reload 2"
grep -q '^held-back:' "$T/reload" &&
    fail "held back for a day by a clock set back: $(cat "$T/reload")"
wait_for '[ "$(hits b)" -eq 2 ]' || fail "b not polled after its Retry-After"
ok "clock back a day: no storm, Retry-After not stretched"

# Dates stored after the jump are the daemon's clock, and the next poll
# is one interval after the last, not a day.
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items 3
"$VORLESER" reload 1 >/dev/null || fail "reload 1"
wait_for '[ "$(hits a)" -eq 2 ]' || fail "a not polled"
wait_for '"$VORLESER" articles --all | grep -q "^title: a Meldung 3"' ||
    fail "new item not stored"
YESTERDAY=$(($(date +%s) - 86400))
"$VORLESER" feed info 1 > "$T/info" || fail "feed info"
lp=$(epoch_of last-poll "$T/info")
np=$(epoch_of next-poll "$T/info")
near "$lp" "$YESTERDAY" 60 || fail "last-poll $lp, clock $YESTERDAY"
[ "$np" -gt "$lp" ] && [ $((np - lp)) -le 1000 ] ||
    fail "next-poll $np after last-poll $lp"
id=$("$VORLESER" articles --all | awk '/^id: / { id = $2 }
    /^title: a Meldung 3/ { print id }')
"$VORLESER" article "$id" > "$T/item" || fail "article $id"
near "$(epoch_of first-seen "$T/item")" "$YESTERDAY" 60 ||
    fail "first-seen $(sed -n 's/^first-seen: //p' "$T/item")"
ok "stored dates follow the clock: last-poll, next-poll, first-seen"

# Forward by a day: no storm either.
clock "+1d"
n=$(hits a)
sleep 2
[ "$(hits a)" -eq "$n" ] || fail "the jump forward started polls"
# Poll once on that clock, so the store's next poll is tomorrow.
"$VORLESER" reload 1 >/dev/null || fail "reload"
wait_for '[ "$(hits a)" -eq $((n + 1)) ]' || fail "a not polled"
sleep 0.5
stop_daemon
ok "clock forward a day: no storm"

# The clock goes back to today: the stored next poll is a day away.  The
# daemon notices and polls now.
clock "+0"
n=$(hits a)
start_daemon
wait_for '[ "$(hits a)" -gt "$n" ]' ||
    fail "after a restart on a clock set back, a is not polled"
grep -q 'the clock went back' "$T/daemon.log" || fail "not logged"
ok "restart on a clock set back: polled at once"
stop_daemon
