#!/bin/sh
# sink.sh: a private sound card for tests, so that what the daemon plays
# through PortAudio can be checked on machines without one.
#
#   sink.sh env DIR [--fast]     print the variables a player needs
#   sink.sh start DIR [--fast]   set the sink up (prints the variables too)
#   sink.sh wait DIR sound|silence AFTER TIMEOUT [LINE]
#                                (paced) the first such event at or after
#                                the epoch AFTER (or, with LINE, logged
#                                after that line): prints "EPOCH DELAY"
#   sink.sh lines DIR            the event log's length now
#   sink.sh quiet DIR AFTER SECONDS
#                                (paced) succeeds if nothing was heard
#                                from AFTER for SECONDS
#   sink.sh stop DIR             stop what start started (by pid)
#   sink.sh measure FILE [RATE]  "span nonsilent segments" in seconds of
#                                a WAV file, or of raw s16le mono at RATE
#
# Two routes.  Paced (default): a PulseAudio daemon of our own with a null
# sink that runs in real time, reached through ALSA's pulse plugin, and a
# recorder on its monitor that logs when sound starts and stops; use it
# for timing.  Fast (--fast): ALSA's file plugin in front of the null
# device; samples are taken as fast as they come, so use it for content
# and length only.
#
# Captures are s16le mono at 48000 Hz in DIR/capture.raw.  Needs
# pulseaudio, pulseaudio-utils, libasound2-plugins and python3.
set -u

RATE=48000
THRESHOLD=200		# |sample| that counts as sound
HANGOVER=0.25		# seconds of quiet before "silence"

die() { echo "sink.sh: $*" >&2; exit 1; }

rundir_of() { # short enough for a unix socket path
	if [ ${#1} -lt 80 ]; then echo "$1/run"; else
		echo "${TMPDIR:-/tmp}/sink.$(printf %s "$1" | cksum | cut -d' ' -f1)"
	fi
}

# Also writes the ALSA configuration, so that a player started before the
# sink sees a device that cannot be opened yet (an ALSA_CONFIG_PATH to a
# missing file makes PortAudio 19.6 trip an assertion instead).
cmd_env() {
	dir=$1
	mode=${2:-}
	if [ "$mode" != --fast ] && [ ! -f "$dir/asound.conf" ]; then
		mkdir -p "$dir" && printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' \
		    > "$dir/asound.conf"
	fi
	if [ "$mode" = --fast ]; then
		echo "export ALSA_CONFIG_PATH='$dir/asound.conf'"
		echo "export PULSE_SERVER='unix:$dir/nowhere'"
	else
		echo "export ALSA_CONFIG_PATH='$dir/asound.conf'"
		echo "export PULSE_SERVER='unix:$(rundir_of "$dir")/native'"
	fi
	echo "export JACK_NO_START_SERVER=1"
}

# The recorder: parec on the monitor, raw samples appended to the capture,
# "sound"/"silence" lines with the epoch of the first/last loud sample.
RECORDER='
import array, os, subprocess, sys, time
d, rate, thr, hang = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
p = subprocess.Popen(["parec", "-d", "vsink.monitor", "--format=s16le",
    "--rate=%d" % rate, "--channels=1", "--latency-msec=10", "--raw"],
    stdout=subprocess.PIPE, bufsize=0)
open(d + "/parec.pid", "w").write("%d\n" % p.pid)
raw = open(d + "/capture.raw", "ab", buffering=0)
log = open(d + "/events.log", "a", buffering=1)
log.write("start %.6f\n" % time.time())
pos, loud, last, rest = 0, False, 0, b""
while True:
    b = os.read(p.stdout.fileno(), 4096)
    if not b:
        break
    now = time.time()
    raw.write(b)
    b = rest + b
    n = len(b) // 2
    rest = b[2 * n:]
    a = array.array("h", b[:2 * n])
    end = pos + n
    if n and (max(a) > thr or min(a) < -thr):
        first = next(i for i, s in enumerate(a) if s > thr or s < -thr)
        if not loud:
            loud = True
            log.write("sound %.6f\n" % (now - (end - pos - first) / rate))
        last = pos + max(i for i in range(n) if a[i] > thr or a[i] < -thr)
    if loud and (end - last) / rate > hang:
        loud = False
        log.write("silence %.6f\n" % (now - (end - last) / rate))
    pos = end
'

cmd_start() {
	dir=$1
	mode=${2:-}
	mkdir -p "$dir" || die "cannot make $dir"
	dir=$(cd "$dir" && pwd)
	: > "$dir/capture.raw"
	: > "$dir/events.log"
	if [ "$mode" = --fast ]; then
		cat > "$dir/asound.conf" <<EOF
pcm.!default {
	type plug
	slave { pcm "capture" format S16_LE channels 1 rate $RATE }
}
pcm.capture {
	type file
	slave.pcm { type null }
	file "$dir/capture.raw"
	format "raw"
}
EOF
		cmd_env "$dir" --fast > "$dir/env"
		cat "$dir/env"
		return 0
	fi
	run=$(rundir_of "$dir")
	mkdir -p "$run" "$dir/home" && chmod 700 "$run"
	printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' \
	    > "$dir/asound.conf"
	# Our own daemon: no user config, no autospawn, a real-time null sink
	# without rewinds (they would cut holes in the monitor's timeline).
	( cd "$dir" && HOME="$dir/home" XDG_RUNTIME_DIR="$run" \
	    XDG_CONFIG_HOME="$dir/home" PULSE_RUNTIME_PATH="$run/pulse" \
	    PULSE_STATE_PATH="$run/state" exec pulseaudio -n \
	    --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
	    --log-target="file:$dir/pulse.log" \
	    -L "module-null-sink sink_name=vsink rate=$RATE channels=1 format=s16le norewinds=1" \
	    -L "module-native-protocol-unix socket=$run/native auth-anonymous=1" \
	    </dev/null >/dev/null 2>&1 ) &
	echo $! > "$dir/pulse.pid"
	export PULSE_SERVER="unix:$run/native"
	i=0
	until pactl info >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 100 ] && die "pulseaudio did not start ($dir/pulse.log)"
		sleep 0.05
	done
	pactl set-default-sink vsink >/dev/null
	( exec python3 -c "$RECORDER" "$dir" $RATE $THRESHOLD $HANGOVER \
	    </dev/null >"$dir/recorder.log" 2>&1 ) &
	echo $! > "$dir/recorder.pid"
	i=0
	until grep -q '^start' "$dir/events.log"; do
		i=$((i + 1))
		[ $i -gt 100 ] && die "recorder did not start"
		sleep 0.05
	done
	cmd_env "$dir" > "$dir/env"
	cat "$dir/env"
}

kill_pidfile() {
	[ -f "$1" ] || return 0
	pid=$(cat "$1")
	kill "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$1"
}

cmd_stop() {
	dir=$(cd "$1" && pwd) || die "no $1"
	kill_pidfile "$dir/recorder.pid"
	kill_pidfile "$dir/parec.pid"
	kill_pidfile "$dir/pulse.pid"
	run=$(rundir_of "$dir")
	case $run in "$dir/run"|*/sink.*) rm -rf "$run" ;; esac
}

# A sound wait takes the first sound event at or after AFTER.  A silence
# wait takes the sink falling (or already being) silent: the last event
# is "silence"; its time is that of the last loud sample, so the delay is
# 0 when it was quiet already at AFTER.
cmd_wait() {
	dir=$1 kind=$2 after=$3 timeout=$4 line=${5:-}
	end=$(awk -v t="$timeout" 'BEGIN { srand(); print srand() + t }')
	while :; do
		if [ "$kind" = sound ] && [ -n "$line" ]; then
			# The stamps have ~10 ms resolution and may fall just
			# before AFTER: take the first sound logged later.
			ev=$(awk -v a="$after" -v n="$line" 'NR > n &&
			    $1 == "sound" { print $2, $2 - a; exit }' \
			    "$dir/events.log")
		elif [ "$kind" = sound ]; then
			ev=$(awk -v a="$after" '$1 == "sound" && $2 >= a {
			    print $2, $2 - a; exit }' "$dir/events.log")
		else
			ev=$(awk -v a="$after" '$1 != "start" { k = $1; t = $2 }
			    END { if (k == "silence") { d = t - a;
			    print t, d < 0 ? 0 : d } }' "$dir/events.log")
		fi
		[ -n "$ev" ] && { echo "$ev"; return 0; }
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.02
	done
}

cmd_quiet() {
	dir=$1 after=$2 secs=$3
	sleep "$secs"
	! awk -v a="$after" '$1 == "sound" && $2 >= a { f = 1 } END { exit !f }' \
	    "$dir/events.log"
}

cmd_measure() {
	python3 - "$1" "${2:-$RATE}" $THRESHOLD <<'EOF'
import array, sys, wave
path, rate, thr = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if path.endswith(".wav"):
    w = wave.open(path)
    rate, b = w.getframerate(), w.readframes(w.getnframes())
else:
    b = open(path, "rb").read()
a = array.array("h", b[:len(b) // 2 * 2])
blk = rate // 100
loud = [any(abs(s) > thr for s in a[i:i + blk]) for i in range(0, len(a), blk)]
idx = [i for i, l in enumerate(loud) if l]
segs, prev = 0, None
for i in idx:
    if prev is None or i - prev > 30:
        segs += 1
    prev = i
span = (idx[-1] + 1 - idx[0]) / 100 if idx else 0
print("%.3f %.3f %d" % (span, len(idx) / 100, segs))
EOF
}

case ${1:-} in
lines)	shift; wc -l < "$1/events.log" ;;
env)	shift; cmd_env "$@" ;;
start)	shift; cmd_start "$@" ;;
stop)	shift; cmd_stop "$@" ;;
wait)	shift; cmd_wait "$@" ;;
quiet)	shift; cmd_quiet "$@" ;;
measure) shift; cmd_measure "$@" ;;
*)	sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
