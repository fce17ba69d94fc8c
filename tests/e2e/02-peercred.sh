# Only the daemon's own uid (and root) may connect: another uid is
# refused with ERR 403 even when the socket's file mode would let it in.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	echo "skip: needs root and setpriv to connect as another uid"
	exit 0
fi
start_daemon
# Open the path up so that only SO_PEERCRED stands in the way.
chmod 0755 "$T" "$XDG_RUNTIME_DIR" "$XDG_RUNTIME_DIR/vorleser"
chmod 0666 "$SOCK"
# The other user needs a python3 and a script it can read.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
cp "$TOP/tests/sockchat.py" "$T/sockchat.py"
chmod 0644 "$T/sockchat.py"
printf 'ping\n' | setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$PY" "$T/sockchat.py" "$SOCK" 1 > "$T/out"
grep -q '^ERR 403 permission denied' "$T/out" || fail "other uid: $(cat "$T/out")"
grep -q '^OK' "$T/out" && fail "other uid got an OK"
"$VORLESER" ping || fail "own uid refused"
grep -q 'refused uid 65534' "$T/daemon.log" || fail "refusal not logged"
ok "other uid refused, own uid served"
