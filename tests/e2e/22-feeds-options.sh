# Per-feed settings in the feeds file, written as tags: interval=,
# priority= and fulltext=; the other tags stay tags; a bad option is
# logged and ignored, the feed stays subscribed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

cat > "$FEEDS" <<'EOT'
# comment
http://127.0.0.1:9/a.xml nachrichten interval=30m priority=5 fulltext=never "~Erster"
http://127.0.0.1:9/b.xml sport priority=many
EOT
start_daemon
"$VORLESER" feed info 1 > "$T/a" || fail "feed info 1"
grep -qx 'interval: 1800' "$T/a" || fail "interval: $(grep interval "$T/a")"
grep -qx 'priority: 5' "$T/a" || fail "priority"
grep -qx 'fulltext: never' "$T/a" || fail "fulltext"
grep -qx 'tags: nachrichten' "$T/a" || fail "tags: $(grep tags "$T/a")"
grep -qx 'title: Erster' "$T/a" || fail "title"
"$VORLESER" feed info 2 > "$T/b" || fail "feed info 2"
grep -qx 'priority: 0' "$T/b" || fail "bad priority taken"
grep -q 'priority=many is not a number' "$T/daemon.log" || fail "bad option not logged"
ok "per-feed interval, priority and fulltext"

# A change in the file is applied on SIGHUP.
sed -i 's/priority=5/priority=7/' "$FEEDS"
kill -HUP "$DPID"
wait_for '"$VORLESER" feed info 1 | grep -qx "priority: 7"' || fail "reload"
ok "changed on reload"
