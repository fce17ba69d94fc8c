# Readiness, status, reload, stop and watchdog messages on a notification
# socket of the test's own, as systemd would receive them (Type=notify,
# WatchdogSec=).  Covers both socket name forms: a path and @abstract.
. "$(dirname "$0")/lib.sh"

NOTIFY="$T/notify.log"

# start_receiver NAME: a stand-in for systemd's notify socket.
start_receiver() {
	: > "$NOTIFY"
	python3 "$TOP/tests/notifyrecv.py" "$1" "$NOTIFY" 60 &
	PIDS="$PIDS $!"
	wait_for "grep -qx LISTENING '$NOTIFY'" || fail "receiver did not start"
}

# count LINE: how often LINE was received.
count() {
	grep -cx "$1" "$NOTIFY"
}

start_receiver "$T/notify"
NOTIFY_SOCKET="$T/notify" WATCHDOG_USEC=400000 start_daemon
wait_for "grep -qx READY=1 '$NOTIFY'" || fail "no READY=1"
# READY=1 is the daemon's first message: the watchdog timer runs only
# once the loop does, and the loop starts after READY=1.
[ "$(grep -v '^$' "$NOTIFY" | sed -n 2p)" = READY=1 ] ||
    fail "READY=1 is not the first message: $(cat "$NOTIFY")"
wait_for "grep -q '^STATUS=.' '$NOTIFY'" || fail "no STATUS= line"
ok "READY=1 and STATUS= on a path socket"

# Watchdog: 400 ms asked, so a ping every 200 ms from the event loop.
wait_for "[ \$(count WATCHDOG=1) -ge 3 ]" || fail "fewer than 3 WATCHDOG=1"
ok "WATCHDOG=1 at half the interval"

# SIGHUP: RELOADING=1 with the monotonic time, then READY=1 again.
kill -HUP "$DPID"
wait_for "[ \$(count READY=1) -ge 2 ]" || fail "no READY=1 after reload"
grep -qx RELOADING=1 "$NOTIFY" || fail "no RELOADING=1"
grep -qx 'MONOTONIC_USEC=[1-9][0-9]*' "$NOTIFY" || fail "no MONOTONIC_USEC"
# A failed reload still ends with READY=1 (the old settings serve on).
printf '[nosuch]\nkey = 1\n' > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
"$VORLESER" reload-config 2>/dev/null && fail "bad config accepted"
wait_for "[ \$(count READY=1) -ge 3 ]" || fail "no READY=1 after failed reload"
[ "$(count RELOADING=1)" -eq 2 ] || fail "RELOADING=1 count"
rm "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
ok "RELOADING=1 and READY=1 around SIGHUP and reload-config"

stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "exit status $DSTATUS"
grep -qx STOPPING=1 "$NOTIFY" || fail "no STOPPING=1"
ok "STOPPING=1 at SIGTERM"

# The abstract form, and a watchdog meant for another process: no pings.
start_receiver "@vorleser-e2e-$$"
NOTIFY_SOCKET="@vorleser-e2e-$$" WATCHDOG_USEC=200000 WATCHDOG_PID=1 \
    start_daemon
wait_for "grep -qx READY=1 '$NOTIFY'" || fail "no READY=1 (abstract)"
sleep 1
[ "$(count WATCHDOG=1)" -eq 0 ] || fail "pinged another process' watchdog"
stop_daemon
ok "abstract socket; WATCHDOG_PID of another process is ignored"

# Without NOTIFY_SOCKET nothing changes: the daemon starts and answers.
start_daemon
"$VORLESER" ping || fail "ping without a service manager"
stop_daemon
ok "no service manager: no-op"
