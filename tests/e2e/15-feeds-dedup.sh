# The same story in two feeds (same link up to tracking parameters and
# fragment) is one story: the second copy is stored as a duplicate, not
# as new.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

cat > "$XDG_CONFIG_HOME/vorleser/vorleser.conf" <<'EOT'
[feeds]
backlog-max = 100
EOT
mkdir -p "$T/www"
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items 5 --shared 3
python3 "$TOP/tests/mkfeed.py" "$T/www/b.rss" --name b --items 5 --shared 3 \
    --link-suffix '?utm_source=rss&utm_medium=feed#top'
start_httpd www "$T/www"
P=$(cat "$T/www.port")
printf 'http://127.0.0.1:%s/a.rss\nhttp://127.0.0.1:%s/b.rss\n' "$P" "$P" \
    > "$FEEDS"

poll_once
grep -q 'poll-once: 2 feeds polled, 7 new, 0 old, 3 duplicate' "$T/daemon.log" ||
    fail "poll: $(grep poll-once: "$T/daemon.log")"
start_daemon
"$VORLESER" articles --new > "$T/new" || fail "articles --new"
"$VORLESER" articles --all > "$T/all" || fail "articles --all"
[ "$(count_records "$T/new")" -eq 7 ] || fail "new: $(count_records "$T/new")"
[ "$(count_records "$T/all")" -eq 10 ] || fail "all: $(count_records "$T/all")"
[ "$(grep -c '^title: Gemeinsame Meldung' "$T/new")" -eq 3 ] ||
    fail "each shared story should be new once"
# The copies point at the first one.
dups=0
for id in $(sed -n 's/^id: //p' "$T/all"); do
	"$VORLESER" article "$id" > "$T/art" || fail "article $id"
	grep -q '^dup-of: [1-9]' "$T/art" && dups=$((dups + 1))
done
[ "$dups" -eq 3 ] || fail "$dups items marked as duplicates, want 3"
ok "3 shared stories new once, their copies marked dup-of"
