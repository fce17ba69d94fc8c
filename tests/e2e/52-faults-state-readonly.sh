# A read-only state folder: a tmpfs in a private mount namespace holds
# the state of a first run, then is remounted read-only (EROFS, which
# binds root too) and the daemon is started on it.  Checks: it starts and
# answers; status says why the store is not open; commands that need the
# store answer ERR 409 with the reason; the log says it once, not at
# every retry; nothing in the folder changed.  Then the folder is made
# writable again: without a restart, the daemon opens the store, the
# stories of the first run are there, the feed is polled and its new
# items stored, and the database passes PRAGMA integrity_check.
. "$(dirname "$0")/nslib.sh"
in_mount_ns "$0" "$@"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

state_on_tmpfs 4m

cat >> "$XDG_CONFIG_HOME/vorleser/vorleser.conf" <<'EOT'
[feeds]
backlog-max = 100
fulltext = never
EOT
mkdir -p "$T/www"
start_httpd www "$T/www"
P=$(cat "$T/www.port")
publish() {
	python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items "$1" \
	    --age 1 --step 1 --link-base "http://127.0.0.1:$P" || fail "mkfeed"
}
nstories() { "$VORLESER" articles --all | count_records /dev/stdin; }
DB="$STATE/vorleser/vorleser.db"

# The first run leaves three stories.
publish 3
echo "http://127.0.0.1:$P/a.rss" > "$FEEDS"
start_daemon
wait_for '[ "$(nstories)" -eq 3 ]' || fail "first poll not stored"
stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "first run: exit $DSTATUS"
(cd "$STATE" && find . -type f -exec cksum {} + | sort) > "$T/before"

# Read-only.
mount -o remount,ro "$STATE" || fail "remount ro"
publish 5
: > "$T/daemon.log"
start_daemon
"$VORLESER" status > "$T/status" || fail "status"
grep -q '^store: cannot open the state folder (Read-only file system)' \
    "$T/status" || fail "status: $(grep '^store:' "$T/status")"
"$VORLESER" articles --all > "$T/err" 2>&1 && fail "articles answered"
grep -q 'state folder cannot be written (Read-only file system)' "$T/err" ||
    fail "articles: $(cat "$T/err")"
"$VORLESER" play > "$T/err" 2>&1 && fail "play answered"
sleep 6		# more than one retry (STORE_RETRY_MS)
"$VORLESER" ping >/dev/null || fail "no answer"
n=$(grep -c 'cannot be written (Read-only file system)' "$T/daemon.log")
[ "$n" -eq 1 ] || fail "logged $n times"
(cd "$STATE" && find . -type f -exec cksum {} + | sort) > "$T/during"
cmp -s "$T/before" "$T/during" || fail "the read-only folder changed"
ok "read-only: the daemon answers, status and errors say why, logged once"

# Writable again: no restart needed.
mount -o remount,rw "$STATE" || fail "remount rw"
wait_for '"$VORLESER" status | grep -qx "store: ok"' ||
    fail "store not opened: $("$VORLESER" status | grep '^store:')"
"$VORLESER" reload || fail "reload"
wait_for '[ "$(nstories)" -eq 5 ]' ||
    fail "not polled after the folder came back: $(nstories)"
grep -q 'is writable again; started' "$T/daemon.log" || fail "not logged"
python3 - "$DB" <<'EOT' || fail "integrity"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
assert c.execute("SELECT count(*) FROM items").fetchone()[0] == 5
EOT
stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "exit $DSTATUS"
ok "writable again: store opened, feed polled, database intact"
