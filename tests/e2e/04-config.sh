# The configuration file: unknown keys and bad values name file and
# line and stop the start; flags and XDG variables choose the paths.
. "$(dirname "$0")/lib.sh"

CONF="$T/my.conf"
printf '# comment\n[feeds]\ninterval = 10m\nbogus = 1\n' > "$CONF"
"$VORLESERD" --config "$CONF" > "$T/log" 2>&1 && fail "unknown key accepted"
grep -q "my.conf:4: unknown key 'feeds.bogus'" "$T/log" || fail "message: $(cat "$T/log")"
ok "unknown key names file and line"

printf '[feeds]\ninterval = soon\n' > "$CONF"
"$VORLESERD" --config "$CONF" > "$T/log" 2>&1 && fail "bad value accepted"
grep -q 'my.conf:2: feeds.interval' "$T/log" || fail "message: $(cat "$T/log")"
printf 'mode = full\n' > "$CONF"
"$VORLESERD" --config "$CONF" > "$T/log" 2>&1 && fail "key outside a section accepted"
grep -q 'my.conf:1:' "$T/log" || fail "message: $(cat "$T/log")"
"$VORLESERD" --config "$T/missing.conf" > "$T/log" 2>&1 && fail "missing --config accepted"
ok "bad values rejected"

# Flags choose state folder and socket; the default config may be absent.
printf '[feeds]\ninterval = 20m\n[speech]\nvoice = "news-de"\n' > "$CONF"
SOCK="$T/s/ctl.sock"
"$VORLESERD" --config "$CONF" --state-dir "$T/st" --socket "$SOCK" \
    >> "$T/daemon.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
export VORLESER_SOCKET="$SOCK"
wait_socket || fail "daemon with flags did not start"
"$VORLESER" get feeds.interval | grep -qx 'feeds.interval: 1200s' || fail "--config"
[ -f "$T/st/lock" ] || fail "--state-dir not used"
stop_daemon
ok "--config, --state-dir, --socket, VORLESER_SOCKET"
