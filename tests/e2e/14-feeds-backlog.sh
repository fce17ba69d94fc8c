# First subscription: only items from the backlog window (6 hours) count
# as new, at most 3 per feed; older ones are stored as seen.  Items that
# appear later are new.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
# Five items 10..50 minutes old, five more two days old.
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items 5 --first 6
python3 "$TOP/tests/mkfeed.py" "$T/www/old.rss" --name a --items 5 \
    --first 1 --age 2880
python3 - "$T/www/a.rss" "$T/www/old.rss" <<'EOT'
import sys
a, old = open(sys.argv[1]).read(), open(sys.argv[2]).read()
items = old[old.index("<item>"):old.index("</channel>")]
open(sys.argv[1], "w").write(a.replace("</channel>", items + "</channel>"))
EOT
start_httpd www "$T/www"
P=$(cat "$T/www.port")
echo "http://127.0.0.1:$P/a.rss" > "$FEEDS"

poll_once
grep -q 'poll-once: 1 feeds polled, 3 new, 7 old' "$T/daemon.log" ||
    fail "first poll: $(grep poll-once: "$T/daemon.log")"
ok "first poll: 3 new (backlog cap), 7 stored as seen"

# Two newer items appear (the feed now holds items 1..12).
python3 "$TOP/tests/mkfeed.py" "$T/www/new.rss" --name a --items 2 \
    --first 11 --age 1
python3 - "$T/www/a.rss" "$T/www/new.rss" <<'EOT'
import sys
a, new = open(sys.argv[1]).read(), open(sys.argv[2]).read()
items = new[new.index("<item>"):new.index("</channel>")]
i = a.index("<item>")
open(sys.argv[1], "w").write(a[:i] + items + a[i:])
EOT
poll_once
tail -n 1 "$T/daemon.log" | grep -q 'poll-once: 1 feeds polled, 2 new, 0 old, 0 duplicate' ||
    fail "second poll: $(tail -n 1 "$T/daemon.log")"

start_daemon
"$VORLESER" articles --new > "$T/new" || fail "articles --new"
"$VORLESER" articles --all > "$T/all" || fail "articles --all"
[ "$(count_records "$T/new")" -eq 5 ] || fail "new: $(cat "$T/new")"
[ "$(count_records "$T/all")" -eq 12 ] || fail "all: $(count_records "$T/all")"
for k in 11 12 8 9 10; do
	grep -qx "title: a Meldung $k" "$T/new" || fail "item $k is not new"
done
ok "later items are new; 5 new of 12 stored"
