# Socket activation as vorleser.socket does it: the listening socket is
# made by someone else, the first client connection starts the daemon,
# and that client gets its answer.  systemd-socket-activate plays the
# service manager: it listens, waits for a connection, then execs the
# daemon in its own process with LISTEN_FDS, LISTEN_PID and
# LISTEN_FDNAMES set.
. "$(dirname "$0")/lib.sh"

if ! command -v systemd-socket-activate >/dev/null 2>&1; then
	echo "skipped: systemd-socket-activate not installed (package systemd)"
	exit 0
fi

mkdir -m 0700 "$XDG_RUNTIME_DIR/vorleser"
LOCK="$XDG_STATE_HOME/vorleser/lock"

# activate ARGS...: starts systemd-socket-activate on ARGS, then $SOCK
# (so $SOCK is the last fd), and waits
# until the socket file is there.  The daemon gets the test's XDG folders
# through -E: the activator passes on only what it is told to.
activate() {
	rm -f "$LOCK"
	systemd-socket-activate "$@" -l "$SOCK" \
	    -E XDG_CONFIG_HOME -E XDG_STATE_HOME -E XDG_RUNTIME_DIR -E HOME \
	    -E PATH -E ASAN_OPTIONS -E LSAN_OPTIONS \
	    -E VALGRIND -E VORLESERD_REAL -E VALGRIND_DIR "$VORLESERD" -v \
	    >>"$T/daemon.log" 2>&1 &
	DPID=$!
	PIDS="$PIDS $DPID"
	wait_for "[ -S '$SOCK' ]" || fail "activator did not listen"
}

activate --fdname=control
# Nothing runs yet: the daemon would have taken its state lock.
sleep 0.5
[ -e "$LOCK" ] && fail "daemon started before the first connection"
grep -q 'vorleserd' "$T/daemon.log" && fail "daemon logged before a connection"

# The first connection starts the daemon, and this very client is served.
"$VORLESER" status > "$T/status" 2>"$T/err" ||
    fail "first client not answered: $(cat "$T/err")"
grep -q '^state: ' "$T/status" || fail "status reply: $(cat "$T/status")"
grep -q 'ready on the socket from the service manager' "$T/daemon.log" ||
    fail "daemon did not take the passed socket"
# The daemon is the activator's process itself (LISTEN_PID matched).
[ "$(cat "$LOCK")" = "$DPID" ] || fail "lock pid $(cat "$LOCK") != $DPID"
"$VORLESER" ping || fail "second client"
ok "first connection starts the daemon and is answered"

# The socket keeps its owner's modes; at exit the daemon leaves the file
# alone, since the service manager made it and listens on it again.
stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "exit status $DSTATUS"
[ -S "$SOCK" ] || fail "daemon removed the manager's socket file"
rm -f "$SOCK"
ok "clean exit keeps the manager's socket"

# Two sockets: the one named "control" is taken, the other closed.
activate -l "$T/other" --fdname=other:control
"$VORLESER" ping || fail "ping with two passed sockets"
grep -q 'closing passed fd 3' "$T/daemon.log" || fail "other fd not closed"
stop_daemon
rm -f "$SOCK" "$T/other"
ok "the socket named control is chosen"

# Without names (systemd-socket-activate sets none then) one socket is
# taken as it is.
activate
"$VORLESER" ping || fail "ping with an unnamed socket"
stop_daemon
ok "a single unnamed socket is taken"
