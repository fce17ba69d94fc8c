# vorleserd --normalize: stdin to stdout, one line out per line in (empty
# lines too), the shipped word lists found from the build, the user's
# lists in the configuration folder overriding them, and a bad user list
# refused with its file and line.
. "$(dirname "$0")/lib.sh"

printf '%s\n' 'Am 3. Oktober um 14:30 Uhr.' '' 'Die UNO (AfD) usw.' \
    'Karl III. kostet 5 Mio. €' >"$T/in"
cat >"$T/want" <<'EOT'
Am dritten Oktober um vierzehn Uhr dreißig.

Die Uhno, A F D, und so weiter.
Karl der Dritte kostet fünf Millionen Euro
EOT
"$VORLESERD" --normalize <"$T/in" >"$T/out" 2>"$T/err" ||
    fail "exit $?: $(cat "$T/err")"
expect_file "$T/want" "$T/out"

# The user's acronyms.tsv replaces a shipped entry.
printf '# mine\nUNO\tU N O\n' >"$XDG_CONFIG_HOME/vorleser/acronyms.tsv"
echo 'Die UNO tagt.' | "$VORLESERD" --normalize >"$T/out" 2>"$T/err" ||
    fail "exit $?: $(cat "$T/err")"
[ "$(cat "$T/out")" = 'Die U N O tagt.' ] || fail "override: $(cat "$T/out")"

# A malformed line is an error that names the file and line.
printf 'UNO\tU N O\nkaputt\n' >"$XDG_CONFIG_HOME/vorleser/acronyms.tsv"
echo 'x' | "$VORLESERD" --normalize >"$T/out" 2>"$T/err" &&
    fail "bad list accepted"
grep -q 'acronyms.tsv:2:' "$T/err" || fail "no file:line: $(cat "$T/err")"
exit 0
