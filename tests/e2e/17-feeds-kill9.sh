# kill -9 in the middle of a poll round, restart: every item stored before
# the kill is still there under the same id, the round completes, and no
# story is stored twice.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

cat > "$XDG_CONFIG_HOME/vorleser/vorleser.conf" <<'EOT'
[feeds]
backlog-max = 100
EOT
mkdir -p "$T/www"
start_httpd www "$T/www"
P=$(cat "$T/www.port")
rules="{"
: > "$FEEDS"
python3 "$TOP/tests/mkfeed.py" "$T/www/f%d.rss" --name "f%d" --count 40
i=0
while [ $i -lt 40 ]; do
	rules="$rules\"/f$i.rss\": {\"delay_ms\": $((100 + i % 4 * 100))},"
	echo "http://h$((i % 8)).localhost:$P/f$i.rss" >> "$FEEDS"
	i=$((i + 1))
done
echo "${rules%,}}" > "$T/www.rules"

start_daemon
wait_for '"$VORLESER" articles --all > "$T/before" &&
    [ "$(count_records "$T/before")" -ge 25 ]' || fail "no items stored"
kill -9 "$DPID"
wait "$DPID" 2>/dev/null
nb=$(count_records "$T/before")
[ "$nb" -lt 200 ] || fail "the round was over before the kill"
ok "killed with $nb of 200 items stored"

start_daemon
wait_for '"$VORLESER" articles --all > "$T/after" &&
    [ "$(count_records "$T/after")" -ge 200 ]' ||
    fail "round not completed after restart: $(count_records "$T/after")"
"$VORLESER" articles --all > "$T/after"
python3 - "$T/before" "$T/after" <<'EOT' || fail "items lost or repeated"
import sys
def recs(p):
    out, cur = [], None
    for line in open(p, encoding="utf-8"):
        k, _, v = line.rstrip("\n").partition(": ")
        if k == "id":
            cur = {}
            out.append(cur)
        if cur is not None:
            cur[k] = v
    return out
before, after = recs(sys.argv[1]), recs(sys.argv[2])
# Queued stories are new again after a restart (store_requeue): both
# mean "not read yet".
unread = lambda r: "new" if r["state"] in ("new", "queued") else r["state"]
ids = {r["id"]: r for r in after}
for r in before:
    a = ids.get(r["id"])
    assert a and a["link"] == r["link"] and unread(a) == unread(r), r
links = [(r["feed"], r["link"]) for r in after]
assert len(after) == 200, len(after)
assert len(set(links)) == 200, "duplicates"
assert all(r["state"] in ("new", "queued") for r in after), "state changed"
EOT
ok "after restart: 200 items, each once, the earlier ones unchanged"
