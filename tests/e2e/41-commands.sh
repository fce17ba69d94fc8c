# Every reading command through the client, on the null sound device
# (real time, no sound card needed): the queue and its stable entries,
# enqueue/dequeue/clear, mark read/unread, play <id>, stop, the speech
# settings with set/get, voices; and a script's idle loop sees feed,
# queue and player changes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

serve_bulletin

# A script's idle loop, started before anything happens.
start_daemon
( i=0; while [ $i -lt 50 ]; do "$VORLESER" idle feeds queue player || exit 1; i=$((i + 1)); done ) \
    > "$T/idle.log" 2>&1 &
IPID=$!
PIDS="$PIDS $IPID"
wait_for '"$VORLESER" queue | grep -c "^id: " | grep -qx 2' || fail "queue: $("$VORLESER" queue)"

# The queue: two entries, oldest story first, nothing read (autoplay off).
"$VORLESER" queue > "$T/q"
sed -n 1,2p "$T/q" | grep -q '^entry: [0-9]' || fail "queue: $(cat "$T/q")"
sed -n 2p "$T/q" | grep -qx 'id: 1' || fail "oldest first: $(cat "$T/q")"
"$VORLESER" status | grep -qx 'state: idle' || fail "read without autoplay"
"$VORLESER" articles | grep -c '^id: ' | grep -qx 2 || fail "articles --new"
ok "queue"

# dequeue by entry (its story is skipped), enqueue it again at the front.
E1=$(sed -n 1p "$T/q" | cut -d' ' -f2)
"$VORLESER" dequeue "$E1" || fail "dequeue"
"$VORLESER" article 1 | grep -qx 'state: skipped' || fail "dequeued story not skipped"
"$VORLESER" dequeue "$E1" 2>/dev/null; [ $? -eq 1 ] || fail "dequeue twice"
"$VORLESER" enqueue 1 --front | grep -q '^entry: ' || fail "enqueue"
"$VORLESER" queue | sed -n 2p | grep -qx 'id: 1' || fail "--front"
"$VORLESER" enqueue 1 2>"$T/err"; [ $? -eq 1 ] || fail "enqueue twice"
grep -q 'ERR 409 enqueue: the story is already queued' "$T/err" || fail "$(cat "$T/err")"
"$VORLESER" enqueue 99 2>"$T/err"; [ $? -eq 1 ] || fail "enqueue unknown"
grep -q 'ERR 404' "$T/err" || fail "$(cat "$T/err")"
ok "dequeue, enqueue"

# mark read takes a story out for good; mark unread brings it back.
"$VORLESER" mark read 2 || fail "mark read"
"$VORLESER" article 2 | grep -qx 'state: spoken' || fail "mark read"
"$VORLESER" mark unread 2 || fail "mark unread"
wait_for '"$VORLESER" article 2 | grep -qx "state: queued"' || fail "mark unread: not queued again"
"$VORLESER" mark maybe 2 2>/dev/null; [ $? -eq 1 ] || fail "mark maybe"
ok "mark read|unread"

# Settings: set changes, get shows, bad values are refused.
"$VORLESER" set rate 200 && "$VORLESER" get rate | grep -qx 'rate: 200' || fail "set rate"
"$VORLESER" set rate +20 && "$VORLESER" status | grep -qx 'rate: 220' || fail "set rate +20"
"$VORLESER" set rate 1000 2>/dev/null; [ $? -eq 1 ] || fail "rate out of range"
"$VORLESER" set volume -10 && "$VORLESER" status | grep -qx 'volume: 90' || fail "set volume -10"
"$VORLESER" set mode headlines && "$VORLESER" get speech.mode | grep -qx 'speech.mode: headlines' || fail "set mode"
"$VORLESER" set mode full
"$VORLESER" set earcons off && "$VORLESER" get earcons | grep -qx 'earcons: off' || fail "set earcons"
"$VORLESER" voices > "$T/voices" || fail "voices"
grep -qx 'voice: news-de' "$T/voices" || fail "no news-de profile: $(head "$T/voices")"
grep -q '^kind: espeak' "$T/voices" || fail "no eSpeak voices"
"$VORLESER" set voice news-de || fail "set voice"
"$VORLESER" set voice no-such-voice 2>/dev/null; [ $? -eq 1 ] || fail "unknown voice"
"$VORLESER" set loudness 3 2>/dev/null; [ $? -eq 1 ] || fail "unknown option"
ok "set, get, voices"

# play <id> reads that story now; stop puts it back; clear empties.
"$VORLESER" play 2 || fail "play 2"
wait_for '"$VORLESER" status | grep -qx "story: 2"' || fail "story 2 not playing"
"$VORLESER" status | grep -qx 'state: playing' || fail "not playing"
"$VORLESER" repeat sentence || fail "repeat"
"$VORLESER" next sentence || fail "next sentence"
"$VORLESER" stop || fail "stop"
"$VORLESER" status | grep -qx 'state: stopped' || fail "$("$VORLESER" status | grep state)"
wait_for '"$VORLESER" article 2 | grep -qE "state: (new|queued)"' || fail "stopped story not back: $("$VORLESER" article 2 | grep state)"
"$VORLESER" clear || fail "clear"
"$VORLESER" status | grep -qx 'queue: 0' || fail "clear"
"$VORLESER" say --low "Leise" 2>/dev/null
ok "play <id>, stop, clear"

# Each idle of the loop is a new connection: an event between two of
# them is not the loop's to see, so poll again until one lands inside.
n=0
until grep -qx "changed: feeds" "$T/idle.log"; do
	n=$((n + 1))
	[ $n -le 20 ] || fail "idle loop did not see feeds: $(cat "$T/idle.log")"
	"$VORLESER" reload all > /dev/null || fail "reload"
	sleep 0.5
done
for topic in queue player; do
	grep -qx "changed: $topic" "$T/idle.log" || fail "idle loop did not see $topic: $(cat "$T/idle.log")"
done
ok "a script's idle loop sees feed, queue and player changes"
