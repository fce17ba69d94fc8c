# Word events through the socket, on the null sound device (real time):
# `watch word' gets each word of the story being read as it is heard,
# after its sentence's event and in order, and offset/length name the
# word's bytes in the paragraph that `text <id> spoken' prints.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

serve_bulletin

start_daemon
wait_for '"$VORLESER" queue | grep -c "^id: " | grep -qx 2' || fail "queue: $("$VORLESER" queue)"
"$VORLESER" watch word speech > "$T/events" &
PIDS="$PIDS $!"
wait_for '"$VORLESER" status >/dev/null' || fail "status"
sleep 0.3	# the watch is connected before anything is said

# The headline and the first paragraph's two sentences of story 2 (about
# 10 s), then stop.
"$VORLESER" play 2 || fail "play 2"
wait_for 'grep -q "^EVENT speech sentence id=2 part=body paragraph=1 sentence=2/2" "$T/events"' ||
    fail "story 2 not read: $(tail -n 5 "$T/events")"
sleep 1
"$VORLESER" stop || fail "stop"
"$VORLESER" text 2 spoken > "$T/text" || fail "text 2 spoken"

grep -q '^EVENT word word id=2 part=headline ' "$T/events" ||
    fail "no headline words: $(head -n 5 "$T/events")"
grep -q '^EVENT word word id=2 part=body paragraph=1 ' "$T/events" ||
    fail "no body words: $(head -n 5 "$T/events")"
ok "watch word: the words of the story"

# Every word: after its sentence, in order within it, and at its bytes.
python3 - "$T/events" "$T/text" <<'EOF' || fail "words do not match the text"
import sys
events = open(sys.argv[1], encoding="utf-8").read().splitlines()
text = open(sys.argv[2], encoding="utf-8").read().splitlines()
title = [l[len("title: "):] for l in text if l.startswith("title: ")][0]
paras = [l[len("paragraph: "):] for l in text if l.startswith("paragraph: ")]

def fields(line):
    head, _, word = line.partition(" word=")
    kv = dict(f.split("=", 1) for f in head.split()[3:])
    kv["word"] = word
    return kv

sentence = None
last = -1
words = 0
for line in events:
    if line.startswith("EVENT speech sentence "):
        sentence = fields(line)
        last = -1
    elif line.startswith("EVENT word word "):
        w = fields(line)
        if w["id"] != "2":
            continue
        if sentence is None:
            sys.exit("word before any sentence: " + line)
        for k in ("id", "part", "paragraph", "sentence"):
            if w[k] != sentence[k]:
                sys.exit("word of another sentence: %s after %s" % (w, sentence))
        src = title if w["part"] == "headline" else paras[int(w["paragraph"]) - 1]
        b = src.encode("utf-8")
        off, n = int(w["offset"]), int(w["length"])
        if b[off:off + n].decode("utf-8") != w["word"]:
            sys.exit("bytes %d+%d are %r, not %r" % (off, n, b[off:off + n], w["word"]))
        if off < last:
            sys.exit("words out of order: " + line)
        last = off
        words += 1
if words < 10:
    sys.exit("only %d words" % words)
EOF
ok "each word after its sentence, in order, at its bytes"
