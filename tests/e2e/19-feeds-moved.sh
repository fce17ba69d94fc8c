# A permanent redirect (301, then 308) moves the feed: the store and the
# feeds file get the new URL, the feed keeps its id and items, and the
# next poll goes straight to the new address.  A temporary one (302)
# changes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
python3 "$TOP/tests/mkfeed.py" "$T/www/new.rss" --name new
python3 "$TOP/tests/mkfeed.py" "$T/www/temp.rss" --name temp
cat > "$T/www.rules" <<'EOT'
{"/old.rss": {"status": 301, "location": "/mid.rss"},
 "/mid.rss": {"status": 308, "location": "/new.rss"},
 "/away.rss": {"status": 302, "location": "/temp.rss"}}
EOT
start_httpd www "$T/www"
P=$(cat "$T/www.port")
cat > "$FEEDS" <<EOT
# moved feeds
http://127.0.0.1:$P/old.rss news
http://127.0.0.1:$P/away.rss
EOT

poll_once
grep -qx "http://127.0.0.1:$P/new.rss news" "$FEEDS" ||
    fail "feeds file not updated: $(cat "$FEEDS")"
grep -qx "http://127.0.0.1:$P/away.rss" "$FEEDS" ||
    fail "temporary redirect changed the file"
grep -qx '# moved feeds' "$FEEDS" || fail "comment lost"
ok "feeds file follows the permanent redirect only"

http_get "http://127.0.0.1:$P/_reset" > /dev/null
poll_once
http_get "http://127.0.0.1:$P/_stats" > "$T/stats"
[ "$(json_field "$T/stats" 'd["paths"].get("/old.rss", 0)')" -eq 0 ] ||
    fail "old address asked again"
[ "$(json_field "$T/stats" 'd["paths"].get("/new.rss", 0)')" -eq 1 ] ||
    fail "new address not asked"

start_daemon
"$VORLESER" feeds > "$T/feeds" || fail "feeds"
grep -qx "url: http://127.0.0.1:$P/new.rss" "$T/feeds" || fail "store url"
awk '/^id: 1$/{f=1} f && /^items: /{print $2; exit}' "$T/feeds" |
    grep -qx 5 || fail "moved feed lost its items: $(cat "$T/feeds")"
ok "store keeps the feed (id 1, 5 items) under its new URL"
