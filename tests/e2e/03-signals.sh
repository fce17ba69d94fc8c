# SIGHUP re-reads the configuration and rejects a bad one with the
# reason while the old one stays; SIGTERM exits cleanly and removes the
# socket; a second daemon on the same state folder refuses to start.
. "$(dirname "$0")/lib.sh"

CONF="$XDG_CONFIG_HOME/vorleser/vorleser.conf"
printf '[speech]\nmode = summary\n' > "$CONF"
start_daemon
"$VORLESER" get speech.mode | grep -qx 'speech.mode: summary' || fail "config not read"

# A good change is taken on SIGHUP.
printf '[speech]\nmode = headlines\n' > "$CONF"
kill -HUP "$DPID"
wait_for '"$VORLESER" get speech.mode | grep -qx "speech.mode: headlines"' ||
    fail "SIGHUP did not reload"
ok "SIGHUP reloads"

# A bad one is rejected, named by file and line, and the old one stays.
printf '[speech]\nmode = headlines\n\nvolume = loud\n' > "$CONF"
kill -HUP "$DPID"
wait_for 'grep -q "vorleser.conf:4: speech.volume" "$T/daemon.log"' ||
    fail "bad config not reported with file:line"
"$VORLESER" get speech.mode | grep -qx 'speech.mode: headlines' || fail "old config lost"
"$VORLESER" reload-config 2>"$T/err"; [ $? -eq 1 ] || fail "reload-config accepted a bad file"
grep -q 'vorleser.conf:4' "$T/err" || fail "reload-config reason: $(cat "$T/err")"
ok "bad configuration rejected, old one kept"

# A second daemon on the same state folder refuses with a clear message.
printf "[speech]\nmode = headlines\n" > "$CONF"
"$VORLESERD" --socket "$T/other.sock" > "$T/second.log" 2>&1
[ $? -ne 0 ] || fail "second daemon started"
grep -q 'already running on the state folder' "$T/second.log" ||
    fail "second daemon message: $(cat "$T/second.log")"
"$VORLESER" ping || fail "first daemon disturbed"
ok "second daemon refused"

# SIGTERM: clean exit, socket removed.
stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "exit status $DSTATUS after SIGTERM"
[ -e "$SOCK" ] && fail "socket left behind"
ok "SIGTERM exits cleanly"

# SIGINT too; and a stale socket from a kill -9 is replaced on start.
start_daemon
kill -KILL "$DPID"; wait "$DPID" 2>/dev/null
[ -e "$SOCK" ] || fail "expected a stale socket after kill -9"
start_daemon
"$VORLESER" ping || fail "restart over a stale socket"
kill -INT "$DPID"; wait "$DPID"; [ $? -eq 0 ] || fail "SIGINT exit"
ok "stale socket replaced, SIGINT exits cleanly"
