# PortAudio's JACK probe is skipped when no JACK server could answer
# (daemon/jackgate.c), and the sound still comes through ALSA; the stub
# libjack (daemon/nojack/) stands in for the real one, which is never
# mapped.  With a server's socket present the probe goes to the real
# libjack as before.  The
# second case names a server of its own (JACK_DEFAULT_SERVER) whose
# "socket" is a plain file: libjack cannot connect to it, as to any
# server that is not there, and nothing of other users' JACK changes.
. "$(dirname "$0")/lib.sh"

skip_under_valgrind "real-time sound"
if ! nm -D "$VORLESERD" 2>/dev/null | grep -q ' T jack_client_open$'; then
	echo "skip: vorleserd does not export jack_client_open (config.mk LDFLAGS)"
	exit 77
fi

SINK="$TOP/tests/sink.sh"
SERVER="vorleser-test-$$"
SOCKFILE="/dev/shm/jack_${SERVER}_$(id -u)_0"
trap 'sh "$SINK" stop "$T/sink"; rm -f "$SOCKFILE"; cleanup' EXIT
eval "$(sh "$SINK" start "$T/sink")" >/dev/null || fail "sink"
unset JACK_START_SERVER JACK_PROMISCUOUS_SERVER JACK_DEFAULT_SERVER

# say_sounds LABEL: one say is heard, and status says the audio is ok.
say_sounds() {
	t=$(date +%s.%N)
	"$VORLESER" say "Guten Morgen, hier sind die Nachrichten." ||
	    fail "$1: say"
	sh "$SINK" wait "$T/sink" sound "$t" 5 >/dev/null ||
	    fail "$1: no sound"
	"$VORLESER" status | grep -q '^audio: ok' ||
	    fail "$1: $("$VORLESER" status | grep '^audio')"
}

# libjacks: the paths of the libjack.so files the daemon has mapped.
libjacks() {
	awk '$6 ~ /\/libjack\.so/ { print $6 }' "/proc/$DPID/maps" | sort -u
}

# No server of ours: the gate answers for libjack.
mkdir "$T/xdg" && export XDG_RUNTIME_DIR="$T/xdg"	# no PipeWire either
start_daemon
say_sounds "no server"
grep -q "jackgate: no JACK server" "$T/daemon.log" ||
    fail "the JACK probe was not skipped"
[ "$(libjacks | wc -l)" -eq 1 ] &&
    libjacks | grep -q '/nojack/libjack\.so\.0$' ||
    fail "libjack mapped: $(libjacks | tr '\n' ' ')"
stop_daemon
sh "$SINK" wait "$T/sink" silence "$t" 5 >/dev/null || fail "sound after stop"
ok "no JACK server: the probe is skipped and ALSA plays"

# A server's socket is there: libjack is asked (and finds no server).
: > "$SOCKFILE"
: > "$T/daemon.log"
export JACK_DEFAULT_SERVER="$SERVER"
start_daemon
say_sounds "socket present"
grep -q "jackgate: no JACK server" "$T/daemon.log" &&
    fail "skipped although a server's socket is there"
libjacks | grep -q nojack && fail "the stub libjack is loaded"
[ -n "$(libjacks)" ] || fail "the real libjack is not loaded"
stop_daemon
ok "with a server's socket libjack is asked, and ALSA still plays"
