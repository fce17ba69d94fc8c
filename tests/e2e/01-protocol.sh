# The control protocol: greeting, reply format, every foundation command,
# garbage and over-long lines, and the client's exit codes.
. "$(dirname "$0")/lib.sh"

start_daemon

# Greeting, then one reply per command, each ending in OK or ERR.
printf 'ping\nversion\n' | chat 3 > "$T/out"
head -n 1 "$T/out" | grep -qx 'OK vorleser 1' || fail "greeting: $(head -n1 "$T/out")"
sed -n 2p "$T/out" | grep -qx OK || fail "ping reply"
cat > "$T/want" <<EOT
OK vorleser 1
OK
version: $("$VORLESERD" --version | awk '{print $2}')
protocol: 1
OK
EOT
expect_file "$T/want" "$T/out"
ok "greeting and reply format"

# status has the required keys, each once, as "key: value".
"$VORLESER" status > "$T/status" || fail "status exit"
for k in state version uptime feeds queue; do
	[ "$(grep -c "^$k: " "$T/status")" -eq 1 ] || fail "status lacks $k"
done
grep -vqE '^[a-z-]+: ' "$T/status" && fail "status line not key: value"
ok "status"

# help lists every command of the table, help CMD shows its usage.
"$VORLESER" help > "$T/help" || fail "help exit"
for c in close get help log-level ping reload-config status version; do
	grep -q "^command: $c\\b" "$T/help" || fail "help lacks $c"
done
"$VORLESER" help status | grep -qx 'usage: status' || fail "help status"
"$VORLESER" help nosuch 2>"$T/err"; [ $? -eq 1 ] || fail "help nosuch exit"
grep -q '^vorleser: ERR 404 help: ' "$T/err" || fail "help nosuch: $(cat "$T/err")"
ok "help"

"$VORLESER" get speech.mode | grep -qx 'speech.mode: full' || fail "get"
"$VORLESER" get nosuch.key 2>/dev/null; [ $? -eq 1 ] || fail "get unknown"
"$VORLESER" log-level debug | grep -qx 'log-level: debug' || fail "log-level"
"$VORLESER" log-level info >/dev/null
"$VORLESER" log-level loud 2>/dev/null; [ $? -eq 1 ] || fail "bad log level"
ok "get and log-level"

# Garbage: unknown command, wrong arity, bad quoting, invalid UTF-8,
# control characters; the connection stays usable after each.
printf 'frobnicate\nping extra\nhelp "a\n\377\376\nping\001\nping\n' |
    chat 7 > "$T/out"
cat > "$T/want" <<'EOT'
OK vorleser 1
ERR 400 frobnicate: unknown command (try 'help')
ERR 400 ping: wrong number of arguments, usage: ping
ERR 400 unterminated quote
ERR 400 invalid UTF-8 or control character in command line
ERR 400 invalid UTF-8 or control character in command line
OK
EOT
expect_file "$T/want" "$T/out"
ok "garbage lines get ERR and the connection goes on"

# A line over 8 KiB gets one ERR and is discarded up to its newline.
python3 -c 'import sys; sys.stdout.write("ping " + "x" * 20000 + "\nping\n")' |
    chat 3 > "$T/out"
cat > "$T/want" <<'EOT'
OK vorleser 1
ERR 400 line too long (more than 8192 bytes)
OK
EOT
expect_file "$T/want" "$T/out"
ok "over-long line"

# Quoted arguments reach the daemon whole.
printf 'help "status"\n' | chat 2 | grep -qx 'usage: status' || fail "quoted argument"

# close ends the connection after its OK.
printf 'close\nping\n' | chat 3 > "$T/out"
printf 'OK vorleser 1\nOK\n' > "$T/want"
expect_file "$T/want" "$T/out"
ok "close"

# Client exit codes: 0 on OK, 1 on ERR, 2 without a daemon.
"$VORLESER" ping || fail "ping exit"
"$VORLESER" send 'nosuch' 2>/dev/null; [ $? -eq 1 ] || fail "ERR exit"
"$VORLESER" --socket "$T/none" ping 2>"$T/err"; [ $? -eq 2 ] || fail "no daemon exit"
grep -q 'start it with' "$T/err" || fail "no hint how to start the daemon"
VORLESER_SOCKET="$T/none" "$VORLESER" ping 2>/dev/null; [ $? -eq 2 ] || fail "VORLESER_SOCKET ignored"
"$VORLESER" --help | grep -q usage || fail "client --help"
"$VORLESER" --version | grep -q '^vorleser ' || fail "client --version"
"$VORLESERD" --help | grep -q usage || fail "daemon --help"
ok "client exit codes"

# Socket and folder permissions.
[ "$(stat -c %a "$XDG_RUNTIME_DIR/vorleser")" = 700 ] || fail "socket folder mode"
[ "$(stat -c %a "$SOCK")" = 600 ] || fail "socket mode"
ok "socket modes"
