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
i=0
while [ $i -lt 30 ]; do
	python3 "$TOP/tests/mkfeed.py" "$T/www/f$i.rss" --name "f$i"
	rules="$rules\"/f$i.rss\": {\"delay_ms\": 300},"
	echo "http://h0$((i % 5)).localhost:$P/f$i.rss" >> "$FEEDS"
	i=$((i + 1))
done
echo "${rules%,}}" > "$T/www.rules"

poll_once
grep -q 'poll-once: 30 feeds polled, .* 0 failed' "$T/daemon.log" ||
    fail "not all feeds polled: $(tail -n 1 "$T/daemon.log")"
http_get "http://127.0.0.1:$P/_stats" > "$T/stats"
for h in 0 1 2 3 4; do
	host=h0$h.localhost
	r=$(json_field "$T/stats" "d['hosts']['$host']['requests']")
	pi=$(json_field "$T/stats" "d['hosts']['$host']['peak_inflight']")
	pc=$(json_field "$T/stats" "d['hosts']['$host']['peak_conns']")
	[ "$r" -eq 6 ] || fail "$host: $r requests"
	[ "$pi" -ge 1 ] && [ "$pi" -le 2 ] || fail "$host: $pi requests at once"
	[ "$pc" -ge 1 ] && [ "$pc" -le 2 ] || fail "$host: $pc connections at once"
done
tot=$(json_field "$T/stats" 'd["peak_inflight_total"]')
[ "$tot" -le 16 ] || fail "$tot requests at once in total"
ok "per host <= 2 requests and connections at once, $tot in total"
