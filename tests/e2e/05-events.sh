# Events and batches: idle waits for a change and keeps changes made
# between two idles, noidle cancels, watch pushes EVENT lines until
# unwatch, a batch stops at its failing command and names its index.
. "$(dirname "$0")/lib.sh"

start_daemon

# idle answers when another client changes an option.
printf 'idle options\n' | chat 2 > "$T/idle.out" &
IPID=$!
PIDS="$PIDS $IPID"
wait_for '"$VORLESER" status | grep -qx "clients: 2"' || fail "idle client"
"$VORLESER" log-level debug >/dev/null || fail "log-level"
wait "$IPID" || fail "idle got no answer"
printf 'OK vorleser 1\nchanged: options\nOK\n' > "$T/want"
expect_file "$T/want" "$T/idle.out"
ok "idle answers on change"

# Changes between two idle calls are kept: the change happens first.
printf 'log-level info\nidle player options\n' | chat 3 > "$T/out"
printf 'OK vorleser 1\nlog-level: info\nOK\nchanged: options\nOK\n' > "$T/want"
expect_file "$T/want" "$T/out"
ok "changes between idles are kept"

# noidle cancels a wait with a plain OK; another command ends it too.
printf 'idle feeds\nnoidle\nping\n' | chat 3 > "$T/out"
printf 'OK vorleser 1\nOK\nOK\n' > "$T/want"
expect_file "$T/want" "$T/out"
printf 'noidle\n' | chat 2 | grep -q '^ERR 409 noidle: not waiting' || fail "noidle outside idle"
printf 'idle bogus\n' | chat 2 | grep -q '^ERR 400 idle: unknown topic' || fail "bad topic"
ok "noidle"

# watch pushes events until unwatch.
(printf 'watch options\n'; sleep "$WAIT_SCALE"; printf 'unwatch\nping\n') |
    chat 4 > "$T/watch.out" &
WPID=$!
PIDS="$PIDS $WPID"
wait_for 'grep -qx OK "$T/watch.out"' || fail "watch"
"$VORLESER" log-level warning >/dev/null
wait "$WPID" || fail "watch session"
printf 'OK vorleser 1\nOK\nEVENT options log-level level=warning\nOK\nOK\n' > "$T/want"
expect_file "$T/want" "$T/watch.out"
"$VORLESER" log-level info >/dev/null
ok "watch streams events"

# A batch runs in order and stops at the first error, naming its index.
printf 'begin\nping\nget speech.mode\nhelp nosuch\nlog-level debug\nend\nlog-level\n' |
    chat 3 > "$T/out"
cat > "$T/want" <<'EOT'
OK vorleser 1
speech.mode: full
ERR 404 help: batch command 3: no command 'nosuch'
log-level: info
OK
EOT
expect_file "$T/want" "$T/out"
printf 'begin\nping\nversion\nend\n' | chat 2 | tail -n 1 | grep -qx OK || fail "good batch"
printf 'end\n' | chat 2 | grep -q '^ERR 409 end:' || fail "end without begin"
printf 'begin\nidle\nend\n' | chat 2 | grep -q '^ERR 400 idle: batch command 1: not allowed in a batch' ||
    fail "idle in a batch"
ok "batches"
