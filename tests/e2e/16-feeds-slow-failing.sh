# A slow feed and failing ones (HTTP 500, a refused connection, an HTML
# page, a gzip bomb, a redirect to file://) do not hold up the others:
# the good feeds are stored while the slow one is still in flight, and
# each failure shows in `feeds` with its reason.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
for f in g1 g2 g3 g4 slow; do
	python3 "$TOP/tests/mkfeed.py" "$T/www/$f.rss" --name "$f"
done
echo '<html><body><p>Keine Feed-Datei</p></body></html>' > "$T/www/page.html"
# The slow feed must stay in flight while the others are stored, also
# under valgrind (WAIT_SCALE).
cat > "$T/www.rules" <<EOT
{"/slow.rss": {"delay_ms": $((25000 * WAIT_SCALE))},
 "/err.rss": {"status": 500},
 "/bomb.rss": {"gzip_bomb": 67108864},
 "/file.rss": {"status": 302, "location": "file:///etc/passwd"}}
EOT
start_httpd www "$T/www"
P=$(cat "$T/www.port")
u=http://127.0.0.1:$P
cat > "$FEEDS" <<EOT
$u/slow.rss
$u/err.rss
http://127.0.0.1:1/refused.rss
$u/page.html
$u/bomb.rss
$u/file.rss
$u/g1.rss
$u/g2.rss
$u/g3.rss
$u/g4.rss
EOT

start_daemon
# Wait until the good feeds are stored (none is slow itself).
wait_for '"$VORLESER" feeds > "$T/feeds" &&
    [ "$(grep -c "^items: 5" "$T/feeds")" -eq 4 ]' ||
    fail "good feeds not stored: $(cat "$T/feeds")"
# ... while the slow feed has not answered yet.
awk '/^id: /{id=$2} /^url: .*slow.rss/{s=id} /^last-poll: /{lp[id]=$2}
    END{exit lp[s] == "never" ? 0 : 1}' "$T/feeds" ||
    fail "the slow feed was done first? $(cat "$T/feeds")"
ok "good feeds stored while the slow one is in flight"

wait_for '"$VORLESER" feeds > "$T/feeds" &&
    [ "$(grep -c "^status: error" "$T/feeds")" -eq 5 ]' ||
    fail "failures not shown: $(cat "$T/feeds")"
reason() { # URL-SUFFIX: the error line of that feed
	awk -v s="$1" '/^url: /{m = index($0, s) > 0} m && /^error: /{
	    sub(/^error: /, ""); print; exit}' "$T/feeds"
}
[ "$(reason err.rss)" = "HTTP 500" ] || fail "err.rss: $(reason err.rss)"
[ -n "$(reason refused.rss)" ] || fail "refused: no reason"
reason page.html | grep -q '^not a feed' || fail "page: $(reason page.html)"
reason bomb.rss | grep -q '^body over ' || fail "bomb: $(reason bomb.rss)"
[ -n "$(reason file.rss)" ] || fail "file: no reason"
ok "failures shown: $(reason refused.rss); $(reason file.rss)"
"$VORLESER" articles --all | grep -q passwd && fail "file content stored"
"$VORLESER" ping > /dev/null || fail "daemon stopped answering"
ok "daemon still answers"
