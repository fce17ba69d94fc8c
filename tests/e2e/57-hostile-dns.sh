# DNS failure: a feed and an article page on a host whose DNS server
# never answers.  The daemon runs in a mount namespace whose
# /etc/resolv.conf names a silent server of the test's on 127.0.0.77, so
# getaddrinfo() waits 30 s; the transfers give up after 2 s
# (feeds.connect-timeout counts resolving).  The loop must not wait for
# the resolver (it did: curl joined its resolver thread, and the loop
# stood still for the 30 s), the good feed keeps polling, and feed and
# story show the error.  Needs root and unshare; a host name that cannot
# exist (.invalid, answered at once) is in 56-hostile-http.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostilelib.sh"

if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null 2>&1 ||
    ! unshare -m true 2>/dev/null; then
	echo "skipped: needs root and unshare (util-linux)"
	exit 0
fi

# The silent DNS server: reads queries, counts them, answers none.  It
# says when it is bound: a query sent before would be refused at once
# (port unreachable), and the feed would fail without waiting.
python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.77", 53))
open(sys.argv[1] + ".ready", "w").close()
n = 0
while True:
    s.recvfrom(4096)
    n += 1
    open(sys.argv[1] + ".tmp", "w").write("%d\n" % n)
    __import__("os").replace(sys.argv[1] + ".tmp", sys.argv[1])' \
    "$T/dns.count" 2>>"$T/dns.err" &
PIDS="$PIDS $!"
printf 'nameserver 127.0.0.77\noptions timeout:30 attempts:1\n' \
    > "$T/resolv.conf"
wait_for '[ -e "$T/dns.count.ready" ]' ||
    fail "the silent DNS server did not start: $(cat "$T/dns.err")"

hostile_servers
# The story's page lives on the silent host; fulltext=always asks for it.
NOW=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
cat > "$T/www/story.rss" <<EOT
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Geschichten</title>
<item><title>Seite hinter stummem DNS</title><guid>dns-1</guid>
<link>http://seite.stumm.example/artikel.html</link><pubDate>$NOW</pubDate>
<description>Der Stadtrat hat am Montag getagt.</description></item>
</channel></rss>
EOT
cat >> "$FEEDS" <<EOT
http://stumm.example/feed.rss interval=3s
http://story.localhost:$GP/story.rss interval=3s fulltext=always
EOT

# start_daemon, in a mount namespace with our resolv.conf; unshare and
# sh exec in place, so $DPID is the daemon.
unshare -m sh -c 'mount --make-rprivate / &&
    mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' sh \
    "$T/resolv.conf" "$VORLESERD" -v >>"$T/daemon.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
wait_socket || fail "daemon did not answer"
attack_begin
"$VORLESER" feeds > "$T/feeds"
SID=$(feed_field stumm.example/feed.rss id)
[ -n "$SID" ] || fail "no feed for the silent host"
# errors: the silent feed's error count (from feed info).
errors() {
	"$VORLESER" feed info "$SID" > "$T/info" &&
	    sed -n 's/^error-count: //p' "$T/info"
}
wait_long "$WAIT" '[ "$(errors)" -ge 1 ] &&
    "$VORLESER" article 1 > "$T/article" 2>/dev/null &&
    grep -q "^page-error: ." "$T/article"' ||
    fail "no error for the silent host: $(cat "$T/info" "$T/article")"
# Two polls of the silent feed, so the loop had two resolvers to wait for.
wait_long "$WAIT" '[ "$(errors)" -ge 2 ]' ||
    fail "the silent feed was not polled twice"
attack_end
[ -s "$T/dns.count" ] || fail "the silent DNS server was never asked"
ok "the silent DNS server was asked $(cat "$T/dns.count") times"

"$VORLESER" feed info "$SID" > "$T/info"
grep -q '^error: Resolving timed out' "$T/info" ||
    fail "feed error: $(grep '^error' "$T/info")"
grep -qx 'text-source: feed' "$T/article" || fail "story not read from the feed"
grep -q '^page-error: Resolving timed out' "$T/article" ||
    fail "story: $(grep '^page-error' "$T/article")"
ok "feed and story show: $(sed -n 's/^page-error: //p' "$T/article")"
check_store
# The resolver threads still wait for the DNS server; the daemon does
# not wait for them to exit.
stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "exit status $DSTATUS"
ok "clean exit"
