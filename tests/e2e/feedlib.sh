# Helpers for the feed tests (tests/e2e/1N-feeds-*.sh), sourced after
# lib.sh: the tests' own HTTP server (tests/httpd.py) and the feeds file.

FEEDS="$XDG_CONFIG_HOME/vorleser/feeds"

# The feed tests are not about sound: no reading unasked, null audio.
[ -f "$XDG_CONFIG_HOME/vorleser/vorleser.conf" ] ||
    printf '[speech]\nautoplay = off\n[audio]\ndevice = null\n' \
    > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"

# start_httpd NAME ROOT [RULES]: serves ROOT on a free port of 127.0.0.1;
# the port is in $T/NAME.port, the requests with their times in
# $T/NAME.log.  RULES (tests/httpd.py) defaults to $T/NAME.rules, created
# empty.
start_httpd() {
	_httpd_rules=${3:-$T/$1.rules}
	[ -f "$_httpd_rules" ] || echo '{}' > "$_httpd_rules"
	rm -f "$T/$1.port"
	python3 "$TOP/tests/httpd.py" "$2" --port 0 --port-file "$T/$1.port" \
	    --rules "$_httpd_rules" --log "$T/$1.log" 2>>"$T/httpd.log" &
	PIDS="$PIDS $!"
	wait_for "[ -s '$T/$1.port' ]" || fail "http server $1 did not start"
}

# serve_bulletin: serves tests/data/stories/bulletin.xml (two stories,
# published 20 and 10 minutes ago, so both are new) as the only feed.
serve_bulletin() {
	mkdir -p "$T/www"
	start_httpd www "$T/www"
	_p=$(cat "$T/www.port")
	_d1=$(LC_ALL=C date -u -d '-20 min' '+%a, %d %b %Y %H:%M:%S GMT')
	_d2=$(LC_ALL=C date -u -d '-10 min' '+%a, %d %b %Y %H:%M:%S GMT')
	sed -e "s/PORT/$_p/g" -e "s/PUBDATE1/$_d1/" -e "s/PUBDATE2/$_d2/" \
	    "$TOP/tests/data/stories/bulletin.xml" > "$T/www/feed.xml"
	echo "http://127.0.0.1:$_p/feed.xml" > "$FEEDS"
}

# http_get URL: prints the body (for the server's /_stats and /_reset).
http_get() {
	python3 -c 'import sys, urllib.request
sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"
}

# json_field JSON-FILE EXPR: prints a Python expression over the object d.
json_field() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2"
}

# poll_once: one --poll-once run of the daemon on the test's folders.
poll_once() {
	"$VORLESERD" -v --poll-once >>"$T/daemon.log" 2>&1 ||
	    fail "vorleserd --poll-once failed"
}

# count_records FILE: number of "id:" records in a reply.
count_records() {
	grep -c '^id: ' "$1"
}

# fake_clock: from now on the daemon ($VORLESERD) runs on a wall clock
# set by "clock OFFSET" (libfaketime, e.g. clock "+2d"; read at every
# call, so it may change while the daemon runs).  The monotonic clock and
# the test's own date, sleep and client keep the real time; exec keeps the
# daemon's pid.  ASan wants to be the first library loaded; libfaketime
# before it is harmless (SANITIZE=1).
fake_clock() {
	_libft=
	for _f in /usr/lib/*/faketime/libfaketimeMT.so.1 \
	    /usr/lib/faketime/libfaketimeMT.so.1; do
		[ -f "$_f" ] && _libft=$_f && break
	done
	[ -n "$_libft" ] ||
	    fail "libfaketime is missing (make deps installs it)"
	cat > "$T/ftd" <<EOT
#!/bin/sh
ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}verify_asan_link_order=0" \\
LD_PRELOAD="$_libft" FAKETIME_TIMESTAMP_FILE="$T/faketime" \\
    FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \\
    exec "$VORLESERD" "\$@"
EOT
	chmod +x "$T/ftd"
	VORLESERD="$T/ftd"
	clock "+0"
}

clock() {
	echo "$1" > "$T/faketime"
}
