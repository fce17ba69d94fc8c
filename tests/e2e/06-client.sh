# The client: any command as a subcommand, CMD --help, --format for
# scripts, idle and watch passthrough, --wait with nothing playing.
. "$(dirname "$0")/lib.sh"

start_daemon

"$VORLESER" status --help > "$T/out" || fail "status --help"
printf 'usage: status\nhelp: show the daemon'"'"'s state\n' > "$T/want"
expect_file "$T/want" "$T/out"
ok "CMD --help"

"$VORLESER" --format '%{state}|%{queue}\n' status > "$T/out" || fail "--format"
printf 'idle|0\n' > "$T/want"
expect_file "$T/want" "$T/out"
# One line per record: records start again at their first key.
"$VORLESER" --format '[%{command}]\n' help | head -n 2 > "$T/out"
head -n 1 "$T/out" | grep -q '^\[a' || fail "records: $(cat "$T/out")"
[ "$(wc -l < "$T/out")" -eq 2 ] || fail "one line per record"
"$VORLESER" --format '100%% %{version}\n' version | grep -qx "100% $("$VORLESERD" --version | awk '{print $2}')" ||
    fail "%% escape"
ok "--format"

# idle passthrough returns when something changes.
"$VORLESER" idle options > "$T/idle" &
IPID=$!
PIDS="$PIDS $IPID"
wait_for '"$VORLESER" status | grep -qx "clients: 2"' || fail "idle client"
"$VORLESER" log-level debug > /dev/null
wait "$IPID" || fail "idle exit"
grep -qx 'changed: options' "$T/idle" || fail "idle output: $(cat "$T/idle")"
ok "idle passthrough"

# watch prints events as they come, until it is stopped.
"$VORLESER" watch options > "$T/watch" &
WPID=$!
PIDS="$PIDS $WPID"
wait_for '"$VORLESER" status | grep -qx "clients: 2"' || fail "watch client"
# Connected is not yet subscribed (a slow daemon may read the watch
# command later): change the option until the event comes.
wait_for '"$VORLESER" log-level debug > /dev/null;
    "$VORLESER" log-level info > /dev/null;
    grep -q "^EVENT options log-level level=info" "$T/watch"' ||
    fail "watch output: $(cat "$T/watch")"
kill "$WPID"
ok "watch passthrough"

# --wait returns at once when nothing is being read.
"$VORLESER" --wait || fail "--wait alone"
"$VORLESER" --wait ping || fail "--wait after a command"
ok "--wait"
