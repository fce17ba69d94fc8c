# Expiry on a fake wall clock (libfaketime; store.keep is 30 days): a
# done story its feed dropped is forgotten once the window is over; one
# the feed still carries is kept with its id, also when the feed answers
# 304; a forgotten story back in its feed is stored as old news, never as
# new.  (The unit test covers page HTML and new stories.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

cat > "$XDG_CONFIG_HOME/vorleser/vorleser.conf" <<'EOT'
[feeds]
backlog = 0
fulltext = never
[store]
keep = 30d
EOT
mkdir -p "$T/www"
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items 2 --age 60
start_httpd www "$T/www"
P=$(cat "$T/www.port")
echo "http://127.0.0.1:$P/a.rss" > "$FEEDS"
DB="$XDG_STATE_HOME/vorleser/vorleser.db"
fake_clock

# rows: "guid state reason id" per stored story, by guid.
rows() {
	python3 - "$DB" <<'EOT'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute("SELECT guid, state, coalesce(state_reason, '-'), id "
                   "FROM items ORDER BY guid"):
    print(*r)
EOT
}

poll_once
rows > "$T/rows1"
[ "$(cut -d' ' -f1,2 "$T/rows1" | tr '\n' ' ')" = "a-1 seen a-2 seen " ] ||
    fail "first poll: $(cat "$T/rows1")"
ok "first poll: two stories stored as seen (backlog 0)"

# Two days later the feed has dropped a-1: nothing is forgotten yet.
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items 1 --first 2 \
    --age 60
clock "+2d"
poll_once
[ "$(rows | wc -l)" -eq 2 ] || fail "forgot too early: $(rows)"
grep -q "store: forgot" "$T/daemon.log" && fail "expiry logged too early"
ok "within the keep window nothing is forgotten"

# Forty days on (a 304: the feed's last document still counts): a-1 is
# forgotten, a-2 (still in the feed) kept as it was.
clock "+40d"
poll_once
grep -q "a.rss: not-modified 304" "$T/daemon.log" ||
    fail "no 304: $(tail -n 3 "$T/daemon.log")"
rows > "$T/rows2"
[ "$(cut -d' ' -f1 "$T/rows2" | tr '\n' ' ')" = "a-2 " ] ||
    fail "after the window: $(cat "$T/rows2")"
[ "$(grep a-2 "$T/rows1")" = "$(cat "$T/rows2")" ] ||
    fail "a-2 changed: $(cat "$T/rows2")"
grep -q "store: forgot 1 old stories" "$T/daemon.log" ||
    fail "no expiry in the log"
ok "a dropped story is forgotten, the one still in the feed kept"

# a-1 is back in the feed: dated before the window, so old news.
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a --items 2 --age 60
clock "+41d"
poll_once
[ "$(rows | grep '^a-1 ' | cut -d' ' -f2,3)" = "seen old" ] ||
    fail "a-1 back: $(rows)"
tail -n 1 "$T/daemon.log" | grep -q " 0 new" ||
    fail "a-1 back counted new: $(tail -n 1 "$T/daemon.log")"
ok "a forgotten story back in its feed is stored as seen (old)"
