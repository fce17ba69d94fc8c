# A full state folder: the state folder is a 1 MiB tmpfs in a private
# mount namespace, filled up while the daemon runs.  Checks: the daemon
# keeps answering; status and an error event say the database cannot be
# written; the log says so once (not once per poll); stories heard while
# the disk is full are spoken in the store after the space returns (the
# marks were kept); the database passes PRAGMA integrity_check; once the
# space returns the daemon writes again without a restart (log once,
# status ok, the new items of the feed stored).  Then the same with a file
# size limit (RLIMIT_FSIZE through prlimit): the writes fail with EFBIG,
# and SIGXFSZ does not kill the daemon.
. "$(dirname "$0")/nslib.sh"
in_mount_ns "$0" "$@"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

state_on_tmpfs 1m

cat > "$XDG_CONFIG_HOME/vorleser/vorleser.conf" <<'EOT'
[feeds]
backlog-max = 100
fulltext = never
[speech]
autoplay = off
mode = headlines
[audio]
device = null:fast
EOT
mkdir -p "$T/www"
start_httpd www "$T/www"
P=$(cat "$T/www.port")
publish() {
	python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items "$1" \
	    --age 1 --step 1 --link-base "http://127.0.0.1:$P" || fail "mkfeed"
}
publish 3
echo "http://127.0.0.1:$P/a.rss" > "$FEEDS"
DB="$STATE/vorleser/vorleser.db"
nstories() { "$VORLESER" articles --all | count_records /dev/stdin; }
# state_of ID: the story's state as the daemon reports it.
state_of() { "$VORLESER" article "$1" | sed -n 's/^state: //p'; }
integrity() {
	python3 - "$DB" <<'EOT' || fail "integrity_check"
import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchall()
assert r == [("ok",)], r
EOT
}

start_daemon
"$VORLESER" watch error speech > "$T/events" &
PIDS="$PIDS $!"
wait_for '[ "$(nstories)" -eq 3 ]' || fail "first poll not stored"
# Queued, not read yet (autoplay is off).
wait_for '[ "$(state_of 3)" = queued ]' || fail "story 3: $(state_of 3)"
ok "three stories stored and queued"

# Fill the disk.
dd if=/dev/zero of="$STATE/filler" bs=4k 2>/dev/null
[ "$(df -P "$STATE" | awk 'NR == 2 { print $4 }')" -eq 0 ] ||
    fail "the tmpfs is not full"
publish 6
"$VORLESER" reload || fail "reload"
wait_for '"$VORLESER" status | grep -q "^store: cannot write ("' ||
    fail "status: $("$VORLESER" status | grep '^store:')"
grep -q '^EVENT error store error=' "$T/events" || fail "no error event"
[ "$(nstories)" -eq 3 ] || fail "a poll was half stored"
# Read the queued stories while the disk is full: the marks are kept.
"$VORLESER" play || fail "play"
wait_for '[ "$(grep -c "^EVENT speech story-end" "$T/events")" -eq 3 ]' ||
    fail "stories not read on a full disk"
wait_for '"$VORLESER" status | grep -q "read marks waiting"' || fail "marks"
"$VORLESER" status | grep '^store:' | grep -q ', [1-9][0-9]* read marks' ||
    fail "no marks kept: $("$VORLESER" status | grep '^store:')"
"$VORLESER" reload || fail "reload 2"
sleep 1
"$VORLESER" reload || fail "reload 3"
sleep 1
"$VORLESER" ping >/dev/null || fail "daemon not answering"
n=$(grep -c 'cannot write the database' "$T/daemon.log")
[ "$n" -eq 1 ] || fail "the fault was logged $n times"
integrity
ok "full disk: status and event say so, logged once, stories still read"

# Space returns: without a restart, the daemon writes again.
rm -f "$STATE/filler"
"$VORLESER" reload || fail "reload 4"
wait_for '[ "$(nstories)" -eq 6 ]' || fail "new items not stored after space returned"
wait_for '"$VORLESER" status | grep -qx "store: ok"' ||
    fail "status: $("$VORLESER" status | grep '^store:')"
for id in 1 2 3; do
	[ "$(state_of $id)" = spoken ] || fail "story $id: $(state_of $id)"
done
grep -q '^EVENT error store ok' "$T/events" || fail "no ok event"
n=$(grep -c 'writing the database works again' "$T/daemon.log")
[ "$n" -eq 1 ] || fail "recovery logged $n times"
integrity
ok "space returned: new items stored, kept marks written, status ok"

# A file size limit: EFBIG and SIGXFSZ instead of ENOSPC.
publish 8
prlimit --pid "$DPID" --fsize=1:unlimited || fail "prlimit"
"$VORLESER" reload || fail "reload 5"
wait_for '"$VORLESER" status | grep -q "^store: cannot write ("' ||
    fail "EFBIG not seen: $("$VORLESER" status | grep '^store:')"
kill -0 "$DPID" || fail "the daemon died of SIGXFSZ"
prlimit --pid "$DPID" --fsize=unlimited:unlimited || fail "prlimit"
"$VORLESER" reload || fail "reload 6"
wait_for '[ "$(nstories)" -eq 8 ]' || fail "not recovered from EFBIG"
wait_for '"$VORLESER" status | grep -qx "store: ok"' || fail "status after EFBIG"
ok "a file size limit: reported, survived, recovered"

stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "exit status $DSTATUS"
integrity
# After a restart nothing is read again.
start_daemon
for id in 1 2 3; do
	[ "$(state_of $id)" = spoken ] || fail "after restart story $id: $(state_of $id)"
done
ok "after a restart the stories heard on the full disk stay spoken"
