# The file-system side of the unit's sandbox, emulated without systemd:
# the daemon runs socket-activated in a mount namespace where everything
# is read-only (ProtectSystem=strict, ProtectHome=read-only) except the
# state folder (ReadWritePaths=) and the configuration folder
# (ConfigurationDirectory=).  It must start, answer, keep its state and
# rewrite its filters file, and must not have written anywhere else.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 ||
    ! command -v systemd-socket-activate >/dev/null 2>&1 ||
    ! unshare -m true 2>/dev/null; then
	echo "skipped: needs root, unshare (util-linux) and systemd-socket-activate"
	exit 0
fi

# The layout the unit sets up: HOME with the two writable folders made
# beforehand (ExecStartPre= and ConfigurationDirectory= do that).
H="$T/home"
STATE="$H/.local/state/vorleser"
CONF="$H/.config/vorleser"
mkdir -p "$STATE" "$CONF" "$XDG_RUNTIME_DIR/vorleser"
chmod 0700 "$XDG_RUNTIME_DIR/vorleser"
touch "$T/stamp"

# unshare and sh exec in place, so the daemon keeps the activator's pid
# (LISTEN_PID).  A bind mount inherits read-only from where it comes
# from, so the two folders are made writable again explicitly, as
# systemd does for ReadWritePaths=.  The daemon log is outside the
# read-only tree.
LOG=$(mktemp "${TMPDIR:-/tmp}/vorleser-sandbox-log.XXXXXX")
systemd-socket-activate -l "$SOCK" --fdname=control \
    -E HOME="$H" -E XDG_RUNTIME_DIR -E PATH -E VORLESERD="$VORLESERD" \
    -E T="$T" -E STATE="$STATE" -E CONF="$CONF" -E ASAN_OPTIONS -E LSAN_OPTIONS \
    -E VALGRIND -E VORLESERD_REAL -E VALGRIND_DIR \
    unshare -m sh -c '
	mount --make-rprivate / &&
	mount --bind "$T" "$T" && mount -o remount,bind,ro "$T" "$T" &&
	for d in "$STATE" "$CONF"; do
		mount --bind "$d" "$d" && mount -o remount,bind,rw "$d" ||
		    exit 1
	done &&
	! touch "$T/probe" 2>/dev/null &&	# the sandbox holds, or no test
	exec "$VORLESERD" -v --state-dir="$STATE"' >>"$LOG" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
wait_for "[ -S '$SOCK' ]" || fail "activator did not listen"

"$VORLESER" status > "$T/out" 2>&1 || { cat "$LOG" >&2; rm -f "$LOG";
    fail "no answer in the sandbox: $(cat "$T/out")"; }
grep -q 'ready on the socket from the service manager' "$LOG" ||
    { cat "$LOG" >&2; rm -f "$LOG"; fail "daemon did not start"; }
ok "starts and answers with a read-only home"

"$VORLESER" filter add title Lotto | grep -qx 'id: 1' ||
    { cat "$LOG" >&2; rm -f "$LOG"; fail "filter add in the sandbox"; }
grep -q ' title keyword Lotto$' "$CONF/filters" || fail "filters file"
[ -s "$STATE/lock" ] || fail "no lock file in the state folder"
ok "writes its state and configuration folders"

# Nothing else under the test folder changed (the socket is the
# activator's; the log lives outside).
changed=$(find "$T" -newer "$T/stamp" ! -path "$STATE*" ! -path "$CONF*" \
    ! -path "$XDG_RUNTIME_DIR/vorleser*" ! -path "$T/out" ! -path "$T" \
    ! -path "$H" ! -path "$H/.local" ! -path "$H/.local/state" \
    ! -path "$H/.config")
[ -z "$changed" ] || fail "written outside its folders: $changed"
stop_daemon
[ "$DSTATUS" -eq 0 ] || { cat "$LOG" >&2; rm -f "$LOG"; fail "exit $DSTATUS"; }
rm -f "$LOG"
ok "clean exit; nothing written elsewhere"
