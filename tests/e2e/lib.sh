# Shared helpers for the end-to-end tests; sourced by tests/e2e/NN-*.sh.
#
# Each test gets a private folder ($T) with its own XDG folders, so it
# never touches the user's home, and a trap that stops every process the
# test started (by PID) and removes the folder.

set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
VORLESERD=${VORLESERD:-$TOP/vorleserd}
VORLESER=${VORLESER:-$TOP/vorleser}
T=$(mktemp -d "${TMPDIR:-/tmp}/vorleser-e2e.XXXXXX")
chmod 0755 "$T"
export XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state"
export XDG_RUNTIME_DIR="$T/run"
unset VORLESER_SOCKET JOURNAL_STREAM NOTIFY_SOCKET LISTEN_FDS LISTEN_PID
mkdir -p "$XDG_CONFIG_HOME/vorleser" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR"
# No feeds unless a test serves its own: without a feeds file the daemon
# would start with the default feeds, which need the internet.
: > "$XDG_CONFIG_HOME/vorleser/feeds"
chmod 0700 "$XDG_RUNTIME_DIR"
SOCK="$XDG_RUNTIME_DIR/vorleser/socket"
# Under valgrind (make check VALGRIND=1, tests/valgrind.sh) the daemon
# runs some 20 times slower: every wait here lasts WAIT_SCALE times longer.
if [ "${VALGRIND:-0}" = 1 ]; then
	WAIT_SCALE=${WAIT_SCALE:-10}
else
	WAIT_SCALE=${WAIT_SCALE:-1}
fi
export SOCKCHAT_TIMEOUT=$((5 * WAIT_SCALE))
PIDS=""
DPID=""

# The pid of this shell; $$ is the same in subshells, this is not.
mypid() {
	exec sh -c 'echo $PPID'	# only ever called inside $(...)
}
MAINPID=$(mypid)

cleanup() {
	# Background subshells (cmd | chat &) may run the EXIT trap too;
	# only the test's own shell cleans up.
	[ "$(mypid)" = "$MAINPID" ] || return 0
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*" >&2
	if [ -f "$T/daemon.log" ]; then
		echo "--- daemon log:" >&2
		tail -n 30 "$T/daemon.log" >&2
	fi
	exit 1
}

ok() {
	echo "ok: $*"
}

# skip_under_valgrind REASON: ends a test that cannot run under valgrind
# (it measures real-time sound) as skipped, exit 77; tests/run says why.
skip_under_valgrind() {
	if [ "${VALGRIND:-0}" = 1 ]; then
		echo "skip: $*"
		exit 77
	fi
}

# start_daemon [ARGS...]: starts vorleserd in the background, logs to
# $T/daemon.log, waits (up to 10 s, times WAIT_SCALE) until it answers a
# ping.
start_daemon() {
	"$VORLESERD" -v "$@" >>"$T/daemon.log" 2>&1 &
	DPID=$!
	PIDS="$PIDS $DPID"
	wait_socket || fail "daemon did not answer within 10 s"
}

wait_socket() {
	i=0
	while [ $i -lt $((100 * WAIT_SCALE)) ]; do
		if "$VORLESER" ping >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$DPID" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# stop_daemon: SIGTERM, then wait for the exit status (in $DSTATUS).
stop_daemon() {
	kill -TERM "$DPID" 2>/dev/null
	wait "$DPID"
	DSTATUS=$?
}

# wait_for CMD...: retries a shell command for up to 10 s (times
# WAIT_SCALE).
wait_for() {
	i=0
	while [ $i -lt $((100 * WAIT_SCALE)) ]; do
		if eval "$*"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# chat N: sends stdin raw over the socket, prints the reply lines.
chat() {
	python3 "$TOP/tests/sockchat.py" "$SOCK" "$1"
}

# expect_file EXPECTED ACTUAL: compares two files, shows the diff.
expect_file() {
	if ! cmp -s "$1" "$2"; then
		diff -u "$1" "$2" >&2
		fail "output differs from $1"
	fi
}
