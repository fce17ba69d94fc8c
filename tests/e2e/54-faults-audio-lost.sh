# The sound device disappears while the daemon reads a story (the tests'
# sink, tests/sink.sh, is stopped mid-story) and comes back.  Checks,
# through the socket: status says "audio: unavailable (...)" and watchers
# get an error event; the daemon keeps answering and keeps the story
# (state paused by the loss, not skipped, not marked spoken); once the
# sink is back, sound comes again and the interrupted sentence is read
# again from its beginning; the story is then read to its end and marked
# spoken.  (tests/e2e/30-speech.sh covers the same in the --speak driver,
# and a device missing at start.)
. "$(dirname "$0")/lib.sh"
: > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"	# defaults: autoplay, sound
. "$(dirname "$0")/feedlib.sh"

SINK="$TOP/tests/sink.sh"
trap 'sh "$SINK" stop "$T/sink"; cleanup' EXIT

serve_bulletin

eval "$(sh "$SINK" start "$T/sink")"
start_daemon
"$VORLESER" watch speech error > "$T/events" &
PIDS="$PIDS $!"

# Into the body of story 1, then pull the device away.
wait_for 'grep -q "^EVENT speech sentence id=1 part=body paragraph=1 sentence=2/" "$T/events"' ||
    fail "story 1 not read: $(tail -n 3 "$T/events")"
sleep 0.3
sh "$SINK" stop "$T/sink"
wait_for '"$VORLESER" status | grep -q "^audio: unavailable ("' ||
    fail "status: $("$VORLESER" status | grep '^audio:')"
wait_for 'grep -q "^EVENT error audio audio=unavailable" "$T/events"' ||
    fail "no error event"
# Which sentence was interrupted: the last one begun.
last=$(grep '^EVENT speech sentence id=1 ' "$T/events" | tail -n 1 |
    sed 's/ *$//')
n=$(grep -cxF "$last" "$T/events")
"$VORLESER" ping >/dev/null || fail "the daemon does not answer"
sleep 1
"$VORLESER" status > "$T/status"
grep -qx 'story: 1' "$T/status" || fail "story lost: $(grep story: "$T/status")"
"$VORLESER" article 1 | grep -qx 'state: queued' ||
    fail "story 1: $("$VORLESER" article 1 | grep state:)"
ok "device lost: status and event say so, the daemon answers, story kept"

# The device comes back: the interrupted sentence is read again.
T1=$(date +%s.%N)
sh "$SINK" start "$T/sink" >/dev/null || fail "sink again"
wait_for '"$VORLESER" status | grep -q "^audio: ok"' ||
    fail "not reopened: $("$VORLESER" status | grep '^audio:')"
sh "$SINK" wait "$T/sink" sound "$T1" $((5 * WAIT_SCALE)) >/dev/null ||
    fail "no sound after the device came back"
wait_for '[ "$(grep -cxF "$last" "$T/events")" -gt "$n" ]' ||
    fail "the interrupted sentence was not read again: $last"
ok "device back: sound again, from the interrupted sentence"
i=0
while [ $i -lt $((600 * WAIT_SCALE)) ]; do
	"$VORLESER" article 1 | grep -qx 'state: spoken' && break
	sleep 0.1
	i=$((i + 1))
done
"$VORLESER" article 1 | grep -qx 'state: spoken' || fail "story 1 not finished"
ok "story 1 read to its end and marked spoken"
