# filter add|list|rm: rules get stable ids, are written to the filters
# file beside the configuration and survive a restart; bad rules and
# unknown ids are errors that name the command.
. "$(dirname "$0")/lib.sh"

start_daemon
"$VORLESER" filter add title Bundesliga | grep -qx 'id: 1' || fail "add keyword"
"$VORLESER" filter add --regex tag '^(sport|fussball)$' | grep -qx 'id: 2' || fail "add regex"
"$VORLESER" filter add author x 2>"$T/err"; [ $? -eq 1 ] || fail "bad field accepted"
grep -q '^vorleser: ERR 400 filter: unknown field' "$T/err" || fail "$(cat "$T/err")"
"$VORLESER" filter add --regex title '([a' 2>"$T/err"; [ $? -eq 1 ] || fail "bad regex accepted"
grep -q 'bad regular expression' "$T/err" || fail "$(cat "$T/err")"
"$VORLESER" filter rm 9 2>"$T/err"; [ $? -eq 1 ] || fail "rm unknown"
grep -q '^vorleser: ERR 404 filter: no rule 9' "$T/err" || fail "$(cat "$T/err")"
"$VORLESER" filter rm 1 || fail "rm"
"$VORLESER" filter add any "Wetter heute" | grep -qx 'id: 3' || fail "ids are not reused"
cat > "$T/want" <<'EOT'
id: 2
field: tag
kind: regex
pattern: ^(sport|fussball)$
id: 3
field: any
kind: keyword
pattern: Wetter heute
EOT
"$VORLESER" filter list > "$T/out"
expect_file "$T/want" "$T/out"
grep -q '^3 any keyword Wetter heute$' "$XDG_CONFIG_HOME/vorleser/filters" || fail "filters file"
stop_daemon
start_daemon
"$VORLESER" filter list > "$T/out"
expect_file "$T/want" "$T/out"
ok "filter rules persist across a restart"
