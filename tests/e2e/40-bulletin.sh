# The bulletin through the socket and a real sound path: a served feed's
# stories are read aloud through PortAudio into the tests' own sink, in
# order, with speech events; pause silences and resume sounds again;
# next story moves on; an urgent say interrupts and the story goes on;
# spoken and skipped stories keep their state across a restart and are
# not read again.
. "$(dirname "$0")/lib.sh"
: > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"	# defaults: autoplay, sound
. "$(dirname "$0")/feedlib.sh"

SINK="$TOP/tests/sink.sh"
trap 'sh "$SINK" stop "$T/paced"; cleanup' EXIT

serve_bulletin

eval "$(sh "$SINK" start "$T/paced")"
now() { date +%s.%N; }

T0=$(now)
start_daemon
"$VORLESER" watch speech player > "$T/events" &
WPID=$!
PIDS="$PIDS $WPID"

# The first story (the older one) is read aloud.
sh "$SINK" wait "$T/paced" sound "$T0" 20 >/dev/null || fail "no sound from the bulletin"
wait_for '"$VORLESER" status | grep -qx "story: 1"' || fail "story 1 not read first"
"$VORLESER" status > "$T/status"
grep -qx 'state: playing' "$T/status" || fail "state: $(grep state: "$T/status")"
grep -qx 'part: headline\|part: body' "$T/status" || true
grep -q '^audio: ok' "$T/status" || fail "audio: $(grep audio: "$T/status")"
ok "the first story is read aloud"

# Pause: silence at once; resume: sound again.
sleep 1
T1=$(now)
"$VORLESER" pause on || fail "pause"
sh "$SINK" wait "$T/paced" silence "$T1" 2 >/dev/null || fail "pause: no silence"
Q=$(awk -v t="$T1" 'BEGIN { printf "%.6f", t + 0.2 }')
sh "$SINK" quiet "$T/paced" "$Q" 1 || fail "sound while paused"
"$VORLESER" status | grep -qx 'state: paused' || fail "not paused"
T2=$(now)
"$VORLESER" resume || fail "resume"
sh "$SINK" wait "$T/paced" sound "$T2" 3 >/dev/null || fail "resume: no sound"
ok "pause silences, resume sounds again"

# An urgent say interrupts; the story goes on afterwards.
"$VORLESER" say --urgent "Achtung, eine Durchsage." || fail "say --urgent"
wait_for 'grep -q "^EVENT speech sentence id=0 part=say" "$T/events"' ||
    fail "urgent text not spoken"
wait_for 'grep "^EVENT speech sentence" "$T/events" | tail -n 1 | grep -q "id=1 "' ||
    fail "story 1 did not resume after the urgent text"
ok "say --urgent interrupts, the story resumes"

# next story: story 1 is skipped, story 2 is read.
"$VORLESER" next story || fail "next story"
wait_for '"$VORLESER" status | grep -qx "story: 2"' || fail "story 2 not reached"
"$VORLESER" article 1 | grep -qx 'state: skipped' || fail "story 1 not skipped"
ok "next story"

# Story 2 is read to the end and marked spoken.
wait_for_long() { i=0; while [ $i -lt 600 ]; do eval "$1" && return 0; sleep 0.1; i=$((i + 1)); done; return 1; }
wait_for_long '"$VORLESER" article 2 | grep -qx "state: spoken"' ||
    fail "story 2 not spoken to the end: $("$VORLESER" article 2 | grep state)"
wait_for '"$VORLESER" status | grep -qx "state: idle"' || fail "not idle at the end"
ok "a story read to the end is spoken"

# The speech events came in order for story 2.
grep '^EVENT speech' "$T/events" | grep 'id=2' > "$T/ev2"
head -n 1 "$T/ev2" | grep -q '^EVENT speech story-begin id=2' || fail "events: $(head -n 3 "$T/ev2")"
grep -q '^EVENT speech headline-end id=2' "$T/ev2" || fail "no headline-end"
tail -n 1 "$T/ev2" | grep -q '^EVENT speech story-end id=2' || fail "last event: $(tail -n 1 "$T/ev2")"
ok "speech events in order"

# After a restart nothing is read again.
stop_daemon
T3=$(now)
start_daemon
sleep 3
sh "$SINK" quiet "$T/paced" "$T3" 0 || fail "a story was read again after restart"
"$VORLESER" article 1 | grep -qx 'state: skipped' || fail "state lost"
"$VORLESER" article 2 | grep -qx 'state: spoken' || fail "state lost"
ok "states survive a restart, nothing is read twice"
