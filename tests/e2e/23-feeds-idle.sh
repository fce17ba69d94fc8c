# Between polls an idle daemon does not wake up: once the feeds are polled
# and nothing is spoken, no thread of it is switched to for seconds (the
# next poll is 15 minutes away).  The sound device does not exist and a
# say found that out: the player retries while the say waits, and stops
# retrying once it is stopped (it used to reopen the device every two
# seconds for ever).
. "$(dirname "$0")/lib.sh"
printf '[speech]\nautoplay = off\n[audio]\ndevice = vorleser-test-no-such-device\n' \
    > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
. "$(dirname "$0")/feedlib.sh"

DATA="$TOP/tests/data/feeds/mix"
start_httpd www "$DATA"
P=$(cat "$T/www.port")
sed "s|^http://127.0.0.1:8080/|http://127.0.0.1:$P/|" "$DATA/feeds.txt" \
    > "$FEEDS"
n=$(grep -c . "$FEEDS")

# switches: voluntary and involuntary context switches of all threads.
switches() {
	cat /proc/"$DPID"/task/*/status 2>/dev/null |
	    awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s }'
}

start_daemon
wait_for "[ \$(\"\$VORLESER\" feeds | grep -c '^last-poll: [0-9]') -eq $n ]" ||
    fail "not every feed was polled"
"$VORLESER" say "Guten Tag." > /dev/null || fail "say"
wait_for "\"\$VORLESER\" status | grep -q '^audio: unavailable'" ||
    fail "the missing device was not noticed"
"$VORLESER" stop > /dev/null || fail "stop"
# Start-up work (the story texts) and the device retry that was due when
# the say stopped settle within seconds: wait until three seconds (more
# than AUDIO_RETRY_MS) pass quietly.
i=0
a=$(switches)
while [ $i -lt 10 ]; do
	sleep 3
	b=$(switches)
	[ "$a" = "$b" ] && break
	a=$b
	i=$((i + 1))
done
[ $i -lt 10 ] || fail "the daemon never went quiet (30 s)"
sleep 5
b=$(switches)
[ "$a" = "$b" ] ||
    fail "woke up while idle: $((b - a)) context switches in 5 s"
kill -0 "$DPID" || fail "daemon died"
ok "idle daemon: no thread woke up in 5 s"
