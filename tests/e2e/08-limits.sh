# Client limits: when all slots are taken, a silent or misbehaving
# client makes room for a newcomer; clients waiting in idle are kept,
# and then a newcomer is refused with ERR 409.  A client that never
# reads its replies is disconnected instead of growing the daemon.
. "$(dirname "$0")/lib.sh"

printf '[daemon]\nmax-clients = 2\n' > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
start_daemon

# Two silent clients hold the slots; a ping still gets through.
(sleep 5) | chat 2 > /dev/null &
PIDS="$PIDS $!"
(sleep 5) | chat 2 > /dev/null &
PIDS="$PIDS $!"
wait_for 'grep -q "2 connected" "$T/daemon.log"' || fail "clients did not connect"
"$VORLESER" ping || fail "newcomer locked out by silent clients"
grep -q 'dropping the least active' "$T/daemon.log" || fail "no eviction logged"
ok "silent clients make room"

# Two clients waiting in idle are not dropped: the newcomer is refused.
stop_daemon
: > "$T/daemon.log"
start_daemon
(printf 'idle queue\n'; sleep 5) | chat 3 > /dev/null &
PIDS="$PIDS $!"
wait_for 'grep -q "1 connected" "$T/daemon.log"' || fail "idle 1"
(printf 'idle queue\n'; sleep 5) | chat 3 > /dev/null &
PIDS="$PIDS $!"
wait_for 'grep -q "2 connected" "$T/daemon.log"' || fail "idle 2"
sleep 0.3
"$VORLESER" ping 2>"$T/err" && fail "third client accepted"
grep -q 'ERR 409 too many clients' "$T/err" || fail "refusal: $(cat "$T/err")"
ok "idle clients are kept, newcomer refused"
stop_daemon
rm "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
start_daemon

# A client that sends commands but never reads is held back (its
# commands wait, memory does not grow), the daemon answers others, and
# when room is needed the non-reader goes before a merely silent client.
printf '[daemon]\nmax-clients = 2\n' > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
kill -HUP "$DPID"
wait_for 'grep -q "configuration reloaded" "$T/daemon.log"' || fail "reload"
(sleep 8) | chat 2 > /dev/null &
SILENT=$!
PIDS="$PIDS $SILENT"
sleep 0.3
python3 - "$SOCK" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(sys.argv[1])
s.settimeout(3)
try:
    for i in range(20000):
        s.sendall(b"help\n")
except OSError:
    pass
time.sleep(8)
PY
PIDS="$PIDS $!"
sleep 1.5
"$VORLESER" ping || fail "daemon stuck or newcomer refused"
grep -q 'dropping the least active' "$T/daemon.log" || fail "no eviction"
kill -0 "$SILENT" 2>/dev/null || fail "the silent client was dropped, not the non-reader"
RSS=$(awk '/^VmRSS/{print $2}' "/proc/$DPID/status")
echo "daemon RSS ${RSS} KiB"
ok "a client that never reads is held back and dropped first"
