# Politeness: at most 2 transfers and connections per host at once, as the
# server counts them per Host header, and at most 16 in total.  30 slow
# feeds on 5 host names (h00.localhost ... h04.localhost, which libcurl
# resolves to the loopback address).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
rules="{"
: > "$FEEDS"
start_httpd www "$T/www"
P=$(cat "$T/www.port")
python3 "$TOP/tests/mkfeed.py" "$T/www/f%d.rss" --name "f%d" --count 30
i=0
while [ $i -lt 30 ]; do
	rules="$rules\"/f$i.rss\": {\"delay_ms\": 300},"
	echo "http://h0$((i % 5)).localhost:$P/f$i.rss" >> "$FEEDS"
	i=$((i + 1))
done
echo "${rules%,}}" > "$T/www.rules"

poll_once
grep -q 'poll-once: 30 feeds polled, .* 0 failed' "$T/daemon.log" ||
    fail "not all feeds polled: $(tail -n 1 "$T/daemon.log")"
http_get "http://127.0.0.1:$P/_stats" > "$T/stats"
json_field "$T/stats" '" ".join("%s:%d:%d:%d" % (h, v["requests"],
    v["peak_inflight"], v["peak_conns"]) for h, v in sorted(d["hosts"].items()))' \
    > "$T/hosts"
for h in 0 1 2 3 4; do
	grep -q "h0$h.localhost:6:[12]:[12]\b" "$T/hosts" ||
	    fail "h0$h.localhost: requests:in flight:connections: $(cat "$T/hosts")"
done
tot=$(json_field "$T/stats" 'd["peak_inflight_total"]')
[ "$tot" -le 16 ] || fail "$tot requests at once in total"
ok "per host <= 2 requests and connections at once ($(cat "$T/hosts")), $tot in total"
