# Speaking through the daemon and its client into a private paced sound
# sink (tests/sink.sh): say sounds, pause silences and status says so,
# resume sounds again, stop silences, and status reports the audio and
# no underruns.
. "$(dirname "$0")/lib.sh"

SINK="$TOP/tests/sink.sh"
trap 'sh "$SINK" stop "$T/sink"; cleanup' EXIT
eval "$(sh "$SINK" start "$T/sink")" >/dev/null || fail "sink"
start_daemon

TEXT="Der Bundestag hat heute in Berlin stundenlang über den Haushalt für \
das kommende Jahr beraten, und die Abgeordneten stritten bis in den \
späten Abend. Morgen soll abgestimmt werden."

T0=$(date +%s.%N)
"$VORLESER" say "$TEXT" || fail "say"
sh "$SINK" wait "$T/sink" sound "$T0" 5 >/dev/null || fail "say: no sound"
"$VORLESER" status > "$T/st"
grep -qx 'state: playing' "$T/st" || fail "$(grep '^state' "$T/st")"
grep -qx 'part: say' "$T/st" || fail "$(grep '^part' "$T/st")"
grep -q '^audio: ok' "$T/st" || fail "$(grep '^audio' "$T/st")"
ok "say sounds"

sleep 1
T1=$(date +%s.%N)
"$VORLESER" pause || fail "pause"
sh "$SINK" wait "$T/sink" silence "$T1" 2 >/dev/null || fail "pause: sound"
Q=$(awk -v t="$T1" 'BEGIN { printf "%.6f", t + 0.1 }')
sh "$SINK" quiet "$T/sink" "$Q" 0.8 || fail "sound while paused"
"$VORLESER" status | grep -qx 'state: paused' || fail "status not paused"
N=$(sh "$SINK" lines "$T/sink")
T2=$(date +%s.%N)
"$VORLESER" resume || fail "resume"
sh "$SINK" wait "$T/sink" sound "$T2" 3 "$N" >/dev/null || fail "resume: no sound"
ok "pause silences, resume sounds"

sleep 0.5
T3=$(date +%s.%N)
"$VORLESER" stop || fail "stop"
sh "$SINK" wait "$T/sink" silence "$T3" 2 >/dev/null || fail "stop: sound"
Q=$(awk -v t="$T3" 'BEGIN { printf "%.6f", t + 0.1 }')
sh "$SINK" quiet "$T/sink" "$Q" 0.8 || fail "sound after stop"
"$VORLESER" status > "$T/st"
grep -qx 'state: stopped' "$T/st" || grep -qx 'state: idle' "$T/st" ||
    fail "$(grep '^state' "$T/st")"
# Under valgrind synthesis is slower than real time: underruns are
# expected there and say nothing about the daemon.
if [ "${VALGRIND:-0}" != 1 ]; then
	grep -qx 'underruns: 0' "$T/st" || fail "$(grep '^underruns' "$T/st")"
fi
ok "stop silences, no underruns"
