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
sleep 0.5
"$VORLESER" ping || fail "newcomer locked out by silent clients"
grep -q 'dropping the least active' "$T/daemon.log" || fail "no eviction logged"
ok "silent clients make room"

# Two clients waiting in idle are not dropped: the newcomer is refused.
(printf 'idle queue\n'; sleep 5) | chat 3 > /dev/null &
PIDS="$PIDS $!"
(printf 'idle queue\n'; sleep 5) | chat 3 > /dev/null &
PIDS="$PIDS $!"
sleep 0.5
"$VORLESER" ping 2>"$T/err" && fail "third client accepted"
grep -q 'ERR 409 too many clients' "$T/err" || fail "refusal: $(cat "$T/err")"
ok "idle clients are kept, newcomer refused"
stop_daemon
rm "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
start_daemon

# A client that sends commands but never reads is cut off at 1 MiB of
# unread replies; the daemon answers others meanwhile.
python3 - "$SOCK" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
try:
    for i in range(20000):
        s.sendall(b"help\n")
except OSError:
    pass
time.sleep(5)
PY
PIDS="$PIDS $!"
wait_for 'grep -q "client output over" "$T/daemon.log"' || fail "non-reader not cut off"
"$VORLESER" ping || fail "daemon stuck"
ok "a client that never reads is disconnected"
