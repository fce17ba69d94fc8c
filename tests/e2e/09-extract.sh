# vorleserd --extract: a page (file or stdin) to headline and paragraphs,
# with the user's site rules found by --url or the canonical link; a bad
# rules line is named and extraction goes on; unreadable input fails.
. "$(dirname "$0")/lib.sh"

D=$TOP/tests/data/extract
"$VORLESERD" --extract "$D/seed.html" > "$T/out" || fail "extract file"
expect_file "$D/seed.expected.txt" "$T/out"
"$VORLESERD" --extract - < "$D/seed.html" > "$T/out" || fail "extract stdin"
expect_file "$D/seed.expected.txt" "$T/out"
grep -q 'Kadobnov\|Mehr zum Thema\|Schoigu trifft' "$T/out" &&
    fail "credit, trailer or related headline read"

# A user rule for the page's host cuts the story; --url names the host,
# else the canonical link does.
printf '%s\n' '# test' \
    'nachrichten.example trailer Die Ankündigung des Kremls' \
    > "$XDG_CONFIG_HOME/vorleser/siterules.conf"
"$VORLESERD" --extract "$D/seed.html" \
    --url https://www.nachrichten.example/asien/kim > "$T/out" ||
    fail "extract with --url"
grep -q 'Panzerzug' "$T/out" || fail "story before the trailer lost"
grep -q 'Ankündigung des Kremls\|Raketenstarts' "$T/out" &&
    fail "trailer rule not applied with --url"
"$VORLESERD" --extract "$D/seed.html" > "$T/out" || fail "extract"
grep -q 'Raketenstarts' "$T/out" && fail "canonical host not used"
"$VORLESERD" --extract "$D/seed.html" --url https://andere.example/x \
    > "$T/out" || fail "extract other host"
expect_file "$D/seed.expected.txt" "$T/out"

# A bad line is reported as file:line; the page is still extracted.
printf '%s\n' 'nachrichten.example drop .x' 'nachrichten.example hide .y' \
    > "$XDG_CONFIG_HOME/vorleser/siterules.conf"
"$VORLESERD" --extract "$D/seed.html" > "$T/out" 2> "$T/err" ||
    fail "extract with bad rules"
grep -q 'siterules.conf:2: ' "$T/err" || fail "bad line not named: $(cat "$T/err")"
expect_file "$D/seed.expected.txt" "$T/out"

"$VORLESERD" --extract "$T/missing.html" > "$T/out" 2>&1 && fail "missing file"
printf '' | "$VORLESERD" --extract - > "$T/out" 2>&1 && fail "empty input"
ok "extract prints the story, applies site rules, rejects bad input"
