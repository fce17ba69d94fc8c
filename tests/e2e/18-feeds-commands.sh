# The feed commands over the socket: feed add (written to the feeds file),
# feeds, feed info, articles with filters, article, reload, feed rm, and
# their errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items 4
start_httpd www "$T/www"
P=$(cat "$T/www.port")
cat > "$FEEDS" <<'EOT'
# my feeds
EOT
start_daemon

"$VORLESER" feed add "http://127.0.0.1:$P/a.rss" news lokal > "$T/add" ||
    fail "feed add"
id=$(sed -n 's/^id: //p' "$T/add")
[ -n "$id" ] || fail "feed add gave no id"
grep -q "^http://127.0.0.1:$P/a.rss news lokal" "$FEEDS" ||
    fail "feeds file: $(cat "$FEEDS")"
grep -qx '# my feeds' "$FEEDS" || fail "comment lost"
ok "feed add writes the feeds file"

wait_for '"$VORLESER" feeds > "$T/feeds" && grep -qx "items: 4" "$T/feeds"' ||
    fail "added feed not polled: $(cat "$T/feeds")"
for k in id url title tags items unread last-poll next-poll status error; do
	[ "$(grep -c "^$k:" "$T/feeds")" -eq 1 ] || fail "feeds lacks $k"
done
grep -qx 'title: a' "$T/feeds" || fail "title"
grep -qx 'tags: news lokal' "$T/feeds" || fail "tags"
grep -qx 'status: ok' "$T/feeds" || fail "status"
"$VORLESER" feed info "$id" > "$T/info" || fail "feed info"
for k in etag last-modified http-status retry-after error-count; do
	grep -q "^$k:" "$T/info" || fail "feed info lacks $k"
done
grep -qx 'http-status: 200' "$T/info" || fail "http-status"
ok "feeds and feed info"

"$VORLESER" articles --all --feed "$id" --limit 2 > "$T/arts" ||
    fail "articles"
[ "$(count_records "$T/arts")" -eq 2 ] || fail "--limit: $(cat "$T/arts")"
aid=$(sed -n '1s/^id: //p' "$T/arts")
"$VORLESER" article "$aid" > "$T/art" || fail "article"
grep -q '^title: a Meldung [0-9]' "$T/art" || fail "article title"
grep -q '^summary: Text der Meldung' "$T/art" || fail "article summary"
"$VORLESER" articles --feed 999 > "$T/none" || fail "articles --feed 999"
[ ! -s "$T/none" ] || fail "articles of no feed"
ok "articles and article"

http_get "http://127.0.0.1:$P/_reset" > /dev/null
"$VORLESER" reload "$id" > /dev/null || fail "reload"
wait_for 'http_get "http://127.0.0.1:$P/_stats" > "$T/stats" &&
    [ "$(json_field "$T/stats" "d[\"s304\"]")" -eq 1 ]' ||
    fail "reload did not poll: $(cat "$T/stats")"
ok "reload polls at once (conditional: 304)"

"$VORLESER" feed info 999 2> "$T/err"; [ $? -eq 1 ] || fail "info 999"
grep -q 'ERR 404' "$T/err" || fail "info 999: $(cat "$T/err")"
"$VORLESER" feed add ftp://example.org/x 2> "$T/err"; [ $? -eq 1 ] ||
    fail "ftp accepted"
"$VORLESER" feed add "http://127.0.0.1:$P/a.rss" 2> "$T/err"; [ $? -eq 1 ] ||
    fail "duplicate accepted"
"$VORLESER" feed frob 1 2> /dev/null; [ $? -eq 1 ] || fail "feed frob"
"$VORLESER" article 999 2> /dev/null; [ $? -eq 1 ] || fail "article 999"
ok "errors"

"$VORLESER" feed rm "$id" > /dev/null || fail "feed rm"
"$VORLESER" feeds > "$T/feeds" || fail "feeds"
[ ! -s "$T/feeds" ] || fail "feed still listed"
grep -q "a.rss" "$FEEDS" && fail "feeds file still lists it"
grep -qx '# my feeds' "$FEEDS" || fail "comment lost on rm"
"$VORLESER" articles --all > "$T/arts"
[ ! -s "$T/arts" ] || fail "items of a removed feed remain"
ok "feed rm"

# A hand edit of the feeds file is picked up by reload-config (SIGHUP).
echo "http://127.0.0.1:$P/a.rss handedit" >> "$FEEDS"
"$VORLESER" reload-config > /dev/null || fail "reload-config"
wait_for '"$VORLESER" feeds > "$T/feeds" && grep -qx "tags: handedit" "$T/feeds"' ||
    fail "feeds file edit not picked up: $(cat "$T/feeds")"
ok "reload-config re-reads the feeds file"
