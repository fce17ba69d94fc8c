# Speaking through a real sound path (tests/sink.sh): the engine, driven
# by `vorleserd --speak' on stdin until the socket commands speak, plays
# through PortAudio into a private sink.  Checks: playback and --render
# give the same length; pause silences and resume goes on with nothing
# lost; stop silences; an urgent say interrupts and the story resumes at
# its sentence; next story moves on; a device missing at start is used
# once it appears; a device lost while speaking is reopened and the
# interrupted sentence starts again.
. "$(dirname "$0")/lib.sh"
# Under valgrind synthesis runs slower than real time: the paced checks
# and the 10 % length comparisons would measure valgrind.  The speech
# paths still run under valgrind in 31-speech-daemon, 40-bulletin,
# 41-commands and 45-demo.
skip_under_valgrind "real-time sound timing (pause, resume, lengths)"

SINK="$TOP/tests/sink.sh"
SINKS=""
# Stop our sinks first (by their pid files), then the common cleanup.
trap 'for s in $SINKS; do sh "$SINK" stop "$s"; done; cleanup' EXIT

TEXT="Guten Abend, hier sind die Nachrichten. Der Bundestag hat heute über \
den Haushalt beraten. Die Abgeordneten stritten bis in den späten Abend. \
Morgen soll abgestimmt werden."

# speak_start SINKDIR: the driver in the background, commands on fd 3.
speak_start() {
	rm -f "$T/in"
	: > "$T/out"
	mkfifo "$T/in"
	"$VORLESERD" --speak < "$T/in" >> "$T/out" 2>>"$T/daemon.log" &
	DPID=$!
	PIDS="$PIDS $DPID"
	exec 3>"$T/in"
}
send() {
	echo "$*" >&3
}
# run CMD ARGS...: sends a command, waits (10 s, 30 s for wait) for its
# "ok CMD EPOCH" and prints the epoch.
run() {
	n=$(grep -c "^ok $1 " "$T/out")
	send "$@"
	i=0
	while [ "$(grep -c "^ok $1 " "$T/out")" -le "$n" ]; do
		grep -q "^err $1" "$T/out" && fail "$1 failed"
		i=$((i + 1))
		[ $i -gt 300 ] && fail "no ok for $1"
		sleep 0.1
	done
	grep "^ok $1 " "$T/out" | tail -n 1 | cut -d' ' -f3
}
speak_end() {
	send quit
	exec 3>&-
	wait "$DPID"
}
within10() { # within10 A B: |A - B| <= 10 % of B
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d;
	    exit !(b > 0 && d <= b / 10) }'
}

"$VORLESERD" --render "$T/ref.wav" --text "$TEXT" || fail "render"
set -- $(sh "$SINK" measure "$T/ref.wav")
REF_SPAN=$1 REF_LOUD=$2
awk -v s="$REF_SPAN" 'BEGIN { exit !(s > 5) }' || fail "render too short: $REF_SPAN"
ok "render: $REF_SPAN s span, $REF_LOUD s sound"

# A page renders as a story: earcon, headline, pause, paragraphs.
"$VORLESERD" --render "$T/page.wav" --article "$TOP/tests/data/extract/seed.html" \
    || fail "render --article"
set -- $(sh "$SINK" measure "$T/page.wav")
awk -v s="$1" -v g="$3" 'BEGIN { exit !(s > 20 && g >= 3) }' ||
    fail "article: $1 s in $3 segments"
ok "render --article: $1 s in $3 segments"

# 1. Content: the fast route takes everything played.
eval "$(sh "$SINK" start "$T/fast" --fast)"
SINKS="$SINKS $T/fast"
printf 'say %s\nwait\nquit\n' "$TEXT" | "$VORLESERD" --speak \
    > "$T/fast.out" 2>>"$T/daemon.log" || fail "speak (fast)"
# The fast sink takes samples faster than speech is made, so compare the
# sound, not the span (which gains gaps wherever the consumer ran dry).
set -- $(sh "$SINK" measure "$T/fast/capture.raw")
within10 "$2" "$REF_LOUD" || fail "played $2 s of sound, rendered $REF_LOUD s"
ok "played and rendered lengths match ($2 s, $REF_LOUD s of sound)"

# 2. Timing: the paced route.
eval "$(sh "$SINK" start "$T/paced")"
SINKS="$SINKS $T/paced"
speak_start
T0=$(run say "$TEXT")
sh "$SINK" wait "$T/paced" sound "$T0" 5 >/dev/null || fail "no sound after say"
sleep 1.5
T1=$(run pause)
sh "$SINK" wait "$T/paced" silence "$T1" 2 >/dev/null || fail "pause: no silence"
Q=$(awk -v t="$T1" 'BEGIN { printf "%.6f", t + 0.1 }')
sh "$SINK" quiet "$T/paced" "$Q" 1 || fail "sound while paused"
N=$(sh "$SINK" lines "$T/paced")
T2=$(run resume)
sh "$SINK" wait "$T/paced" sound "$T2" 3 "$N" >/dev/null || fail "resume: no sound"
run wait >/dev/null
speak_end
sh "$SINK" stop "$T/paced"
set -- $(sh "$SINK" measure "$T/paced/capture.raw")
within10 "$2" "$REF_LOUD" || fail "with a pause: $2 s of sound, want $REF_LOUD s"
ok "pause silences, resume sounds again, nothing lost ($2 s of sound)"

eval "$(sh "$SINK" start "$T/paced2")"
SINKS="$SINKS $T/paced2"
speak_start

# Stop silences and stays silent.
T3=$(run say "$TEXT")
sh "$SINK" wait "$T/paced2" sound "$T3" 5 >/dev/null || fail "no sound"
sleep 1
T4=$(run stop)
sh "$SINK" wait "$T/paced2" silence "$T4" 2 >/dev/null || fail "stop: no silence"
Q=$(awk -v t="$T4" 'BEGIN { printf "%.6f", t + 0.1 }')
sh "$SINK" quiet "$T/paced2" "$Q" 1 || fail "sound after stop"
ok "stop silences"

# An urgent say interrupts the story, which resumes at its sentence;
# next story moves on.
send "story 7 Eilmeldung aus Berlin|Erster Satz der Meldung. Zweiter Satz der Meldung, der etwas länger ist. Dritter Satz."
send "story 8 Die zweite Meldung|Ein Satz. Noch ein Satz."
send play
wait_for "grep -q 'event sentence id=7 para=0 i=1 ' '$T/out'" || fail "story 7"
sleep 0.5
send "say --urgent Achtung, eine Durchsage."
wait_for "grep -q 'event sentence id=0 ' '$T/out'" || fail "urgent say"
wait_for "[ \$(grep -c 'event sentence id=7 para=0 i=1 ' '$T/out') -eq 2 ]" \
    || fail "story 7 did not resume at its sentence"
send next
wait_for "grep -q 'event sentence id=8 ' '$T/out'" || fail "next story"
grep -q 'event story-end id=7' "$T/out" && fail "skipped story counted as spoken"
run wait >/dev/null
grep -q 'event story-end id=8' "$T/out" || fail "story 8 not spoken to the end"
speak_end
ok "urgent say resumes the story at its sentence; next story"


# 3. The device is missing at start and appears later.
eval "$(sh "$SINK" env "$T/late")"
speak_start
run say "$TEXT" >/dev/null
wait_for "grep -q 'event audio unavailable' '$T/out'" || fail "not unavailable"
send status
wait_for "grep -q '^audio: unavailable (' '$T/out'" || fail "status audio"
T5=$(date +%s.%N)
sh "$SINK" start "$T/late" >/dev/null || fail "late sink"
SINKS="$SINKS $T/late"
wait_for "grep -q 'event audio ok' '$T/out'" || fail "device not reopened"
sh "$SINK" wait "$T/late" sound "$T5" 5 >/dev/null || fail "no sound later"
speak_end
ok "a device missing at start is used once it appears"

# 4. The device vanishes while speaking: it is reopened once back, and the
# interrupted sentence starts again.
speak_start
run say "Der erste Satz ist kurz. Der zweite Satz ist ziemlich lang und \
dauert eine ganze Weile, bis er endlich zu Ende ist. Der dritte Satz." \
    >/dev/null
wait_for "grep -q 'event sentence id=0 para=0 i=1 ' '$T/out'" || fail "sentence 2"
sleep 0.5
kill "$(cat "$T/late/pulse.pid")"
wait_for "grep -q 'event audio unavailable (device lost)' '$T/out'" ||
    fail "loss not noticed"
sh "$SINK" stop "$T/late"
T6=$(date +%s.%N)
sh "$SINK" start "$T/late" >/dev/null || fail "sink again"
wait_for "grep -q 'event audio ok' '$T/out'" || fail "not reopened"
sh "$SINK" wait "$T/late" sound "$T6" 5 >/dev/null || fail "no sound again"
wait_for "[ \$(grep -c 'event sentence id=0 para=0 i=1 ' '$T/out') -eq 2 ]" ||
    fail "the interrupted sentence did not start again"
speak_end
ok "a device lost while speaking is reopened; the sentence starts again"
