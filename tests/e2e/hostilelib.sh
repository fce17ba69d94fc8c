# Helpers for the hostile-server tests (tests/e2e/5N-hostile-*.sh),
# sourced after lib.sh (they source feedlib.sh): the attacker (tests/hostile.py), a well-behaved
# feed on the ordinary test server (tests/httpd.py), and the checks every
# attack must pass (see docs/hardening.md):
#
#   - the daemon runs and answers `ping` all along (within MAX_GAP);
#   - the good feed is polled on its 1 s interval all along (no gap of
#     MAX_GAP or more between two of its requests, nor at either end);
#   - no line of /etc/passwd and nothing of a marker file of our own
#     reaches the database or the story texts;
#   - every text in the database is valid UTF-8 without NUL bytes;
#   - peak RSS (VmHWM) stays under 64 MB.

GOOD_INTERVAL=1		# seconds, the good feed's interval
HOSTILE_INTERVAL=3	# seconds, the attackers' (errors back off from it)
# A stall is 10 s without an answer to `ping` or without a poll of the
# good feed.  The stalls these tests found were 19 s to hours; the bound
# is loose because the test machine may be shared and loaded (load 12 on
# 2 cores stretched normal answers to 4 s).
MAX_GAP=10
WAIT=40			# seconds for all attacks to have been served
# Under ASan (with fast_unwind_on_malloc=0, as the Makefile sets) the
# parsers' many small allocations take 10 to 100 times as long.
case $VORLESERD in */build-san/*) MAX_GAP=30 WAIT=180 ;; esac
# Under valgrind (lib.sh's WAIT_SCALE) everything is slower still; the
# stall bound only guards against the loop blocking for good there.
if [ "${VALGRIND:-0}" = 1 ]; then
	MAX_GAP=$((10 * WAIT_SCALE)) WAIT=$((40 * WAIT_SCALE))
fi
RSS_LIMIT_KB=65536	# 64 MB
MARKER="vorleser-geheim-$$-$(date +%s%N)"
PASSWD_LINE=$(head -n 1 /etc/passwd)

# Short limits, so that a trickle or a stalled server is cut in seconds;
# backlog-max so that every story of a hostile feed is new (and its page
# fetched).
cat > "$XDG_CONFIG_HOME/vorleser/vorleser.conf" <<EOT
[speech]
autoplay = off
[audio]
device = null
[feeds]
interval = ${GOOD_INTERVAL}s
connect-timeout = 2s
timeout = 4s
low-speed-limit = 100
low-speed-time = 2s
backlog-max = 1000
EOT
. "$(dirname "$0")/feedlib.sh"	# (keeps the configuration above)

# hostile_servers: the marker file, the attacker on $HP and the ordinary
# server with good.rss on $GP (its requests logged with times).
hostile_servers() {
	printf '%s\n' "$MARKER" > "$T/marker"
	python3 "$TOP/tests/hostile.py" --port-file "$T/hostile.port" \
	    --marker "$T/marker" 2>>"$T/hostile.err" &
	PIDS="$PIDS $!"
	mkdir -p "$T/www"
	python3 "$TOP/tests/mkfeed.py" "$T/www/good.rss" --name good
	start_httpd www "$T/www"
	wait_for "[ -s '$T/hostile.port' ]" ||
	    fail "attacker did not start: $(cat "$T/hostile.err")"
	HP=$(cat "$T/hostile.port")
	GP=$(cat "$T/www.port")
	echo "http://good.localhost:$GP/good.rss" > "$FEEDS"
}

# hostile_feed NAME [TAG...]: subscribes to /feed/NAME, on a host name
# of its own so that the per-host cap does not queue attacks together.
hostile_feed() {
	_n=$1
	shift
	echo "http://$_n.localhost:$HP/feed/$_n interval=${HOSTILE_INTERVAL}s $*" \
	    >> "$FEEDS"
}

# hostile_stats EXPR: a Python expression over the attacker's /_stats.
hostile_stats() {
	http_get "http://127.0.0.1:$HP/_stats" > "$T/hstats"
	json_field "$T/hstats" "$1"
}

# attack_begin: starts watching; call after start_daemon.
attack_begin() {
	rm -f "$T/stop-watch" "$T/pings" "$T/pingfail"
	T0=$(date +%s.%N)
	(
		while [ ! -e "$T/stop-watch" ]; do
			_s=$(date +%s%N)
			if timeout "$MAX_GAP" "$VORLESER" ping \
			    >/dev/null 2>&1; then
				echo $((($(date +%s%N) - _s) / 1000000)) \
				    >> "$T/pings"
			else
				date +%T >> "$T/pingfail"
			fi
			sleep 0.2
		done
	) &
	WATCH=$!
	PIDS="$PIDS $WATCH"
}

# attack_end: stops watching and checks what must hold during any attack.
attack_end() {
	T1=$(date +%s.%N)
	: > "$T/stop-watch"
	wait "$WATCH" 2>/dev/null
	kill -0 "$DPID" 2>/dev/null || fail "the daemon died"
	[ ! -s "$T/pingfail" ] ||
	    fail "no answer within $MAX_GAP s at $(tr '\n' ' ' < "$T/pingfail")"
	[ -s "$T/pings" ] || fail "no ping was answered"
	PING_MAX=$(sort -n "$T/pings" | tail -n 1)
	ok "answered all $(wc -l < "$T/pings" | tr -d ' ') pings, slowest ${PING_MAX} ms"
	# The good feed's requests in the window, and the longest gap
	# between two (the window's ends count as requests).
	set -- $(awk -v t0="$T0" -v t1="$T1" '/GET \/good.rss/ {
		t = $1 + 0
		if (t < t0 || t > t1) next
		n++
		if (t - last > gap) gap = t - last
		last = t
	    }
	    BEGIN { last = t0 }
	    END { if (t1 - last > gap) gap = t1 - last
		printf "%d %.1f %.1f\n", n, gap, t1 - t0 }' "$T/www.log")
	[ "$1" -ge 1 ] || fail "good feed not polled during the attack"
	awk -v g="$2" -v m="$MAX_GAP" 'BEGIN { exit !(g < m) }' ||
	    fail "good feed not polled for $2 s during the attack"
	ok "good feed polled $1 times in $3 s, longest gap $2 s"
	check_rss
}

check_rss() {
	_hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$DPID/status")
	[ -n "$_hwm" ] || fail "no VmHWM for $DPID"
	# ASan's shadow memory and quarantine are not the daemon's, nor is
	# valgrind's.
	if [ "${VALGRIND:-0}" = 1 ]; then
		ok "peak RSS ${_hwm} kB (not checked under valgrind)"
		return 0
	fi
	case $VORLESERD in
	*/build-san/*)
		ok "peak RSS ${_hwm} kB (not checked under ASan)"
		return 0
		;;
	esac
	[ "$_hwm" -lt "$RSS_LIMIT_KB" ] ||
	    fail "peak RSS ${_hwm} kB, over $RSS_LIMIT_KB kB"
	ok "peak RSS ${_hwm} kB"
}

# check_store: nothing local and nothing invalid reached the database.
check_store() {
	for _f in "$XDG_STATE_HOME"/vorleser/vorleser.db*; do
		[ -f "$_f" ] || continue
		grep -qaF "$PASSWD_LINE" "$_f" && fail "passwd in $_f"
		grep -qaF "$MARKER" "$_f" && fail "marker in $_f"
		grep -qaF "EVIL-DTD-LOADED" "$_f" && fail "external DTD in $_f"
	done
	python3 - "$XDG_STATE_HOME/vorleser/vorleser.db" <<'EOF' ||
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
db.text_factory = bytes
bad = []
for table in ("feeds", "items"):
    cols = [r[1] for r in db.execute("PRAGMA table_info(%s)" % table)]
    for row in db.execute("SELECT * FROM %s" % table):
        for c, v in zip(cols, row):
            if not isinstance(v, bytes):
                continue
            try:
                v.decode("utf-8")
            except UnicodeDecodeError:
                bad.append("%s.%s of %s: invalid UTF-8" % (table, c, row[0]))
            if b"\0" in v:
                bad.append("%s.%s of %s: NUL byte" % (table, c, row[0]))
for b in bad[:10]:
    print(b)
sys.exit(1 if bad else 0)
EOF
	    fail "bad text in the database"
	ok "database: no local file content, valid UTF-8, no NUL"
}

# check_texts ID...: the text stages the client shows hold nothing local.
check_texts() {
	for _id in "$@"; do
		for _st in raw clean spoken; do
			"$VORLESER" text "$_id" "$_st" > "$T/text" 2>&1 || continue
			grep -qF "$PASSWD_LINE" "$T/text" &&
			    fail "passwd in text $_id $_st"
			grep -qF "$MARKER" "$T/text" &&
			    fail "marker in text $_id $_st"
		done
	done
	ok "texts of $# stories: no local file content"
}

# feed_field URL-SUFFIX FIELD: a field of the feed whose URL ends so,
# from $T/feeds (refresh it with: "$VORLESER" feeds > "$T/feeds").
feed_field() {
	awk -v s="$1" -v f="$2" '
	    function done() { if (m && f in r) { print r[f]; found = 1 } }
	    /^id: / { if (!found) done(); m = 0; delete r }
	    { k = $0; sub(/: .*/, "", k); sub(/:$/, "", k)
	      v = substr($0, length(k) + 3); r[k] = v }
	    /^url: / { l = length($0) - length(s) + 1; m = substr($0, l) == s }
	    END { if (!found) done() }
	' "$T/feeds" | head -n 1
}

# expect_error URL-SUFFIX PATTERN: that feed shows status error and an
# error matching the grep pattern.
expect_error() {
	# A poll may have failed otherwise (a timeout while the server was
	# busy with the bombs, under ASan on 2 cores); a later one says it.
	EE_URL=$1 EE_RE=$2
	wait_long "$WAIT" '"$VORLESER" feeds > "$T/feeds" &&
	    [ "$(feed_field "$EE_URL" status)" = error ] &&
	    feed_field "$EE_URL" error | grep -q "$EE_RE"' || true
	[ "$(feed_field "$1" status)" = error ] ||
	    fail "$1: status $(feed_field "$1" status), error '$(feed_field "$1" error)'"
	feed_field "$1" error | grep -q "$2" ||
	    fail "$1: error '$(feed_field "$1" error)', wanted /$2/"
	echo "  $1: $(feed_field "$1" error)"
}

# polled_all N PATH...: every one of the attacker's paths was asked for
# at least N times.
polled_all() {
	_n=$1
	shift
	http_get "http://127.0.0.1:$HP/_stats" > "$T/hstats" 2>/dev/null ||
	    return 1
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
sys.exit(0 if all(d["paths"].get(p, 0) >= n for p in sys.argv[3:]) else 1)' \
	    "$T/hstats" "$_n" "$@"
}

# wait_long SECONDS CMD...: like wait_for, for longer.
wait_long() {
	_end=$(($(date +%s) + $1))
	shift
	while [ "$(date +%s)" -lt "$_end" ]; do
		eval "$*" && return 0
		sleep 0.3
	done
	return 1
}
