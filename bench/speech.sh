#!/bin/sh
# bench/speech.sh: how fast vorleserd starts, pauses, resumes and stops
# speaking, measured at a paced sound sink (../shared/tools/audio-sink),
# beside Speech Dispatcher with its eSpeak NG module on the same sink.
#
# vorleserd is measured twice: through the daemon and its client (a
# process per command, as spd-say is), and through `vorleserd --speak' on
# a FIFO (no client, no socket: the engine alone).  The time runs from
# just before the command to the first (or last) audible sample.  Pause
# and resume go to Speech Dispatcher over SSIP (spd-say has none).
# Underruns come from the --speak run, whose `status' reports them.
#
# Also: peak RSS while speaking and CPU time per minute of speech (both
# the daemon over its socket, with no feeds, and --speak), and the
# underruns of a long run (BENCH_LOAD_SECS, default 600) while the machine
# is busy as the issue has it: a CPU hog and a feed poll (a local HTTP
# fetch every second) running.  BENCH_HOGS=2 is the harsher variant
# (both cores of this 2-core machine busy).  The load average and the
# CPU time the hypervisor stole during the run are printed with it.
#
# Knobs: BENCH_RUNS (10), BENCH_LOAD_SECS (600; 0 skips), BENCH_HOGS (1),
# SHARED (../shared).
set -u
cd "$(dirname "$0")/.." || exit 2
TOP=$(pwd)
RUNS=${BENCH_RUNS:-10}
LOAD_SECS=${BENCH_LOAD_SECS:-600}
HOGS=${BENCH_HOGS:-1}
SHARED=${SHARED:-$TOP/../shared}
AS="$SHARED/tools/audio-sink"
VORLESERD=${VORLESERD:-$TOP/vorleserd}
[ -x "$AS" ] || { echo "bench/speech: no $AS" >&2; exit 2; }
[ -x "$VORLESERD" ] || { echo "bench/speech: build first (make)" >&2; exit 2; }
if ! command -v speech-dispatcher >/dev/null 2>&1 ||
    [ ! -x /usr/lib/x86_64-linux-gnu/speech-dispatcher-modules/sd_espeak-ng ] &&
    [ ! -x /usr/lib/speech-dispatcher-modules/sd_espeak-ng ]; then
	sh tests/deps.sh speech-dispatcher speech-dispatcher-espeak-ng || exit 2
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/bench-speech.XXXXXX")
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	[ -f "$W/sink/mode" ] && "$AS" stop "$W/sink" >/dev/null 2>&1
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

TEXT="Der Bundestag hat heute in Berlin stundenlang über den Haushalt für \
das kommende Jahr beraten, und die Abgeordneten aller Fraktionen stritten \
bis in den späten Abend über die Ausgaben für Verkehr, Bildung und \
Verteidigung. Morgen soll abgestimmt werden."

now() { date +%s.%N; }
EV="$W/sink/events.log"
lines() { wc -l < "$EV"; }

# wait_sound AFTER N: the delay from AFTER to the first sound event
# logged after line N (the sink was silent when the command went out).
# The sink's stamps have about 10 ms resolution and can fall a few ms
# before the command (the null sink renders ahead of its real-time
# clock); delays are printed as measured, negative ones included.
wait_sound() {
	i=0
	while [ $i -lt 500 ]; do
		d=$(awk -v a="$1" -v n="$2" 'NR > n && $1 == "sound" {
		    printf "%.1f", ($2 - a) * 1000; exit }' "$EV")
		[ -n "$d" ] && { echo "$d"; return 0; }
		sleep 0.01
		i=$((i + 1))
	done
	echo timeout
}

# wait_silence AFTER: once the sink is silent again (the last event is
# "silence"), the delay from AFTER to the last audible sample; 0 when the
# last one came before the command (a gap between words, or the sink's
# resolution).
wait_silence() {
	i=0
	while [ $i -lt 1200 ]; do
		d=$(awk -v a="$1" '$1 != "start" { k = $1; t = $2 }
		    END { if (k == "silence") {
		    d = (t - a) * 1000; printf "%.1f", d < 0 ? 0 : d } }' "$EV")
		if [ -n "$d" ]; then
			echo "$d"
			return 0
		fi
		sleep 0.01
		i=$((i + 1))
	done
	echo timeout
}

# when_sounding: waits (up to 3 s) until the sink is in a stretch of
# sound, so that pause and stop are measured mid-word, not in a gap.
when_sounding() {
	i=0
	while [ $i -lt 300 ]; do
		awk '$1 != "start" { k = $1 } END { exit k != "sound" }' "$EV" &&
		    return 0
		sleep 0.01
		i=$((i + 1))
	done
}

median() { # median of the numbers on stdin ("timeout" counted apart)
	sort -n | awk '$1 != "timeout" { v[n++] = $1 } $1 == "timeout" { t++ }
	    END { if (n == 0) { printf "n/a"; } else if (n % 2) printf "%.1f", v[(n-1)/2];
	    else printf "%.1f", (v[n/2-1] + v[n/2]) / 2;
	    if (t) printf " (%d of %d timed out)", t, n + t }'
}

hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
steal_ticks() { awk '$1 == "cpu" { print $9 }' /proc/stat; }

eval "$("$AS" start "$W/sink")" >/dev/null || exit 1

# ------------------------------------------------------------ vorleserd
mkfifo "$W/in"
"$VORLESERD" --speak < "$W/in" > "$W/v.out" 2> "$W/v.err" &
VPID=$!
PIDS="$PIDS $VPID"
exec 3> "$W/in"
send() { echo "$*" >&3; }
sleep 0.5

: > "$W/v.say"; : > "$W/v.pause"; : > "$W/v.resume"; : > "$W/v.stop"
r=0
while [ $r -lt "$RUNS" ]; do
	n=$(lines); t=$(now); send "say $TEXT"; wait_sound "$t" "$n" >> "$W/v.say"
	sleep 1.5; when_sounding
	t=$(now); send pause; sleep 0.4
	wait_silence "$t" >> "$W/v.pause"
	n=$(lines); t=$(now); send resume; wait_sound "$t" "$n" >> "$W/v.resume"
	sleep 1.0; when_sounding
	t=$(now); send stop; sleep 0.4
	wait_silence "$t" >> "$W/v.stop"
	sleep 0.3
	r=$((r + 1))
done

# CPU and memory over a stretch of continuous speech.
c0=$(cpu_ticks $VPID); t0=$(now)
send "say $TEXT $TEXT $TEXT $TEXT"
sleep 2
send wait
i=0
while [ "$(grep -c '^ok wait' "$W/v.out")" -lt 1 ] && [ $i -lt 1200 ]; do
	sleep 0.1; i=$((i + 1))
done
c1=$(cpu_ticks $VPID); t1=$(now)
V_HWM=$(hwm_kb $VPID)
V_CPU=$(awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v s0="$t0" \
    -v s1="$t1" 'BEGIN { d = s1 - s0; printf "%.2f s/min (%.2f %% of a core, over %.0f s)",
    c / hz / d * 60, c / hz / d * 100, d }')
send status
sleep 0.2
V_UNDER=$(awk '/^underruns:/ { u = $2 } END { print u + 0 }' "$W/v.out")

# ------------------------------------------------------------ loaded run
V_LOAD="skipped"
if [ "$LOAD_SECS" -gt 0 ]; then
	LOAD=""
	c=0
	while [ $c -lt "$HOGS" ]; do
		c=$((c + 1))
		( exec sh -c 'while :; do :; done' ) &
		LOAD="$LOAD $!"
	done
	mkdir -p "$W/www"
	head -c 2000000 /dev/urandom > "$W/www/feed.xml"
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	( cd "$W/www" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 ) \
	    >/dev/null 2>&1 &
	LOAD="$LOAD $!"
	( while :; do curl -s -o /dev/null "http://127.0.0.1:$PORT/feed.xml"; sleep 1; done ) &
	LOAD="$LOAD $!"
	PIDS="$PIDS $LOAD"
	u0=$V_UNDER
	steal0=$(steal_ticks)
	end=$(( $(date +%s) + LOAD_SECS ))
	while [ "$(date +%s)" -lt "$end" ]; do
		send "say $TEXT $TEXT $TEXT"
		sleep 10
	done
	send status
	sleep 0.3
	u1=$(awk '/^underruns:/ { u = $2 } END { print u + 0 }' "$W/v.out")
	steal=$(( $(steal_ticks) - steal0 ))
	V_LOAD="$((u1 - u0)) underruns in $LOAD_SECS s ($HOGS CPU hog(s), HTTP poll each second; load average at the end $(cut -d' ' -f1-3 /proc/loadavg), $(awk -v t="$steal" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }') s of CPU stolen)"
	V_HWM=$(hwm_kb $VPID)
	# The rest is measured on a quiet machine again.
	for p in $LOAD; do kill "$p" 2>/dev/null; done
	for p in $LOAD; do wait "$p" 2>/dev/null; done
fi
send quit
exec 3>&-
wait $VPID 2>/dev/null
# The loaded run quits mid-utterance: let the sink log its silence before
# the next say, or that say's sound would continue the old stretch and
# log no new "sound" (the first say over the socket timed out so).
wait_silence 0 >/dev/null

# ------------------------------------------- vorleserd over the socket
# The same four timings through the daemon and its client, a process per
# command as with spd-say.
mkdir -p "$W/d/config/vorleser" "$W/d/state" "$W/d/run"
chmod 700 "$W/d/run"
# No subscriptions: without a feeds file the daemon would take the
# default feeds, try to poll them (no network here) and so load the
# fetch stack, whose memory is the feeds benchmark's (bench/feeds.sh).
# BENCH_DEFAULT_FEEDS=1 measures that daemon instead.
[ "${BENCH_DEFAULT_FEEDS:-0}" = 1 ] || : > "$W/d/config/vorleser/feeds"
XDG_CONFIG_HOME="$W/d/config" XDG_STATE_HOME="$W/d/state" \
    XDG_RUNTIME_DIR="$W/d/run" "$VORLESERD" > "$W/d.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
VORLESER=${VORLESER:-$TOP/vorleser}
cl() {
	XDG_CONFIG_HOME="$W/d/config" XDG_STATE_HOME="$W/d/state" \
	    XDG_RUNTIME_DIR="$W/d/run" "$VORLESER" "$@" >/dev/null 2>&1
}
i=0
until cl ping || [ $i -gt 100 ]; do sleep 0.05; i=$((i + 1)); done
: > "$W/c.say"; : > "$W/c.pause"; : > "$W/c.resume"; : > "$W/c.stop"
r=0
while [ $r -lt "$RUNS" ]; do
	n=$(lines); t=$(now); cl say "$TEXT"; wait_sound "$t" "$n" >> "$W/c.say"
	sleep 1.5; when_sounding
	t=$(now); cl pause; sleep 0.4
	wait_silence "$t" >> "$W/c.pause"
	n=$(lines); t=$(now); cl resume; wait_sound "$t" "$n" >> "$W/c.resume"
	sleep 1.0; when_sounding
	t=$(now); cl stop; sleep 0.4
	wait_silence "$t" >> "$W/c.stop"
	sleep 0.3
	r=$((r + 1))
done
# CPU of the daemon itself over a stretch of continuous speech (the
# client's status polls every second are part of it).
sleep 1
c0=$(cpu_ticks $DPID); t0=$(now)
cl say "$TEXT $TEXT $TEXT $TEXT"
sleep 2
i=0
while [ $i -lt 300 ] && XDG_CONFIG_HOME="$W/d/config" XDG_STATE_HOME="$W/d/state" \
    XDG_RUNTIME_DIR="$W/d/run" "$VORLESER" status 2>/dev/null |
    grep -qx 'state: playing'; do
	sleep 1; i=$((i + 1))
done
c1=$(cpu_ticks $DPID); t1=$(now)
D_CPU=$(awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v s0="$t0" \
    -v s1="$t1" 'BEGIN { d = s1 - s0; printf "%.2f s/min (%.2f %% of a core, over %.0f s)",
    c / hz / d * 60, c / hz / d * 100, d }')
D_HWM=$(hwm_kb $DPID)
kill "$DPID" 2>/dev/null
wait "$DPID" 2>/dev/null

# ------------------------------------------------------ Speech Dispatcher
mkdir -p "$W/spd/conf/modules" "$W/spd/run" "$W/spd/log"
cp -R /etc/speech-dispatcher/. "$W/spd/conf/"
cat >> "$W/spd/conf/speechd.conf" <<EOF
AudioOutputMethod "pulse"
DefaultModule espeak-ng
DefaultLanguage "de"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
EOF
SPD_SOCK="$W/spd/run/speechd.sock"
XDG_RUNTIME_DIR="$W/spd/run" HOME="$W/spd" speech-dispatcher -s -t 0 \
    -C "$W/spd/conf" -S "$SPD_SOCK" -P "$W/spd/pid" -L "$W/spd/log" \
    >/dev/null 2>&1 &
SPID=$!
PIDS="$PIDS $SPID"
export SPEECHD_ADDRESS="unix_socket:$SPD_SOCK"
i=0
while [ ! -S "$SPD_SOCK" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
ssip() { # ssip COMMAND: one SSIP command on its own connection
	python3 - "$SPD_SOCK" "$1" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rwb", buffering=0)
for c in ("SET SELF CLIENT_NAME bench:bench:main", sys.argv[2], "QUIT"):
    f.write(c.encode() + b"\r\n")
    while True:
        l = f.readline()
        if not l or l[3:4] == b" ":
            break
EOF
}
spd-say -l de "Start." -w >/dev/null 2>&1	# loads the module
sleep 1
: > "$W/s.say"; : > "$W/s.pause"; : > "$W/s.resume"; : > "$W/s.stop"
r=0
while [ $r -lt "$RUNS" ]; do
	n=$(lines); t=$(now); spd-say -l de "$TEXT"; wait_sound "$t" "$n" >> "$W/s.say"
	sleep 1.5; when_sounding
	t=$(now); ssip "PAUSE all"; sleep 0.4
	wait_silence "$t" >> "$W/s.pause"
	n=$(lines); t=$(now); ssip "RESUME all"; wait_sound "$t" "$n" >> "$W/s.resume"
	sleep 1.0; when_sounding
	t=$(now); spd-say -C; sleep 0.4
	wait_silence "$t" >> "$W/s.stop"
	sleep 0.5
	r=$((r + 1))
done
# Speech Dispatcher may still hold a paused message: clear it first.
ssip "RESUME all"
spd-say -C
sleep 0.5
MOD=$(ps -o pid= --ppid "$SPID" | head -n 1 | tr -d ' ')
c0=$(( $(cpu_ticks $SPID) + $(cpu_ticks "${MOD:-0}") )); t0=$(now)
timeout 300 spd-say -l de -w "$TEXT $TEXT $TEXT $TEXT" \
    >/dev/null 2>&1
c1=$(( $(cpu_ticks $SPID) + $(cpu_ticks "${MOD:-0}") )); t1=$(now)
S_HWM=$(( $(hwm_kb $SPID) + $(hwm_kb "${MOD:-0}") ))
S_CPU=$(awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v s0="$t0" \
    -v s1="$t1" 'BEGIN { d = s1 - s0; printf "%.2f s/min (%.2f %% of a core, over %.0f s)",
    c / hz / d * 60, c / hz / d * 100, d }')

# ------------------------------------------------------------ report
printf '%-26s %-14s %-14s %s\n' "median of $RUNS runs (ms)" "vorleserd" \
    "(--speak)" "speech-dispatcher"
for m in say pause resume stop; do
	case $m in
	say) l="say -> first sound" ;;
	pause) l="pause -> silence" ;;
	resume) l="resume -> sound" ;;
	stop) l="stop -> silence" ;;
	esac
	printf '%-26s %-14s %-14s %s\n' "$l" "$(median < "$W/c.$m")" \
	    "$(median < "$W/v.$m")" "$(median < "$W/s.$m")"
done
printf '%-26s %-14s %-14s %s\n' "peak RSS (kB)" "$D_HWM" "$V_HWM" \
    "$S_HWM (daemon + module)"
printf 'CPU per minute of speech: vorleserd %s\n' "$V_CPU"
printf '                          vorleserd daemon %s\n' "$D_CPU"
printf '                          speech-dispatcher %s\n' "$S_CPU"
printf 'underruns: %s quiet; loaded: %s\n' "$V_UNDER" "$V_LOAD"
