# libcurl, libxml2, libespeak-ng and PortAudio are loaded on first use,
# not at start: the offline modes and a daemon that has neither fetched
# nor spoken do not map them, a fetch maps libcurl and libxml2, speaking
# maps eSpeak NG.
# When one cannot be loaded (here: a broken file of that soname first on
# LD_LIBRARY_PATH) the daemon keeps running and says why: the feed shows
# the loader's error, status shows the audio unavailable with it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

# maps PATTERN: true when the daemon has a library matching it mapped.
maps() {
	grep -q "$1" "/proc/$DPID/maps"
}

# The programs that never need them do not even link them.
for lib in libcurl libxml2 libespeak-ng libportaudio; do
	ldd "$VORLESERD" | grep -q "$lib" && fail "vorleserd links $lib"
	ldd "$VORLESER" | grep -q "$lib" && fail "vorleser links $lib"
done
ok "neither program links libcurl, libxml2, libespeak-ng or PortAudio"

mkdir -p "$T/www"
python3 "$TOP/tests/mkfeed.py" "$T/www/a.rss" --name a
start_httpd www "$T/www"
P=$(cat "$T/www.port")

start_daemon
for lib in libcurl libxml2 libespeak-ng libportaudio; do
	maps "$lib" && fail "$lib mapped before any use"
done
"$VORLESER" say "Ein kurzer Satz." >/dev/null || fail "say"
wait_for 'maps libespeak-ng' || fail "eSpeak NG not mapped after say"
maps libxml2 && fail "libxml2 mapped for speaking"
ok "an idle daemon maps none of them; speaking needs no libxml2"

"$VORLESER" feed add "http://127.0.0.1:$P/a.rss" >/dev/null || fail "feed add"
wait_for '"$VORLESER" feeds | grep -q "^items: 5"' || fail "feed not polled"
maps libcurl || fail "libcurl not mapped after a fetch"
maps libxml2 || fail "libxml2 not mapped after a feed was read"
ok "a fetch loads libcurl, the feed libxml2"

# The null sink needs no PortAudio.
maps libportaudio && fail "PortAudio mapped for the null sink"
"$VORLESER" status | grep -q '^audio: ok' || fail "audio not ok"
stop_daemon
ok "speaking loads eSpeak NG; the null sink needs no PortAudio"

# Broken libraries: the loader fails ("invalid ELF header" or "too short").
mkdir -p "$T/lib"
for so in libcurl.so.4 libespeak-ng.so.1 libportaudio.so.2; do
	echo "not a library" > "$T/lib/$so"
done
export LD_LIBRARY_PATH="$T/lib"
echo "<html><body><article><h1>Titel</h1><p>Ein Satz, der lang genug ist, \
damit er als Artikeltext zählt, und noch ein wenig länger.</p></article>\
</body></html>" > "$T/page.html"
"$VORLESERD" --extract "$T/page.html" > "$T/extract" ||
    fail "--extract needs a library it should not"
grep -q '^Titel$' "$T/extract" || fail "extract: $(cat "$T/extract")"
ok "--extract runs without the three libraries"

python3 "$TOP/tests/mkfeed.py" "$T/www/b.rss" --name b
"$VORLESERD" -v >>"$T/daemon.log" 2>&1 &
DPID=$!
PIDS="$PIDS $DPID"
wait_socket || fail "daemon did not start without the libraries"
"$VORLESER" feed add "http://127.0.0.1:$P/b.rss" >/dev/null || fail "feed add"
wait_for '"$VORLESER" feeds > "$T/feeds" &&
    grep -q "^error: .*libcurl.so.4" "$T/feeds"' ||
    fail "feed error: $(cat "$T/feeds")"
ok "without libcurl the feed shows why"

"$VORLESER" say "Ein Satz." >/dev/null || fail "say refused"
wait_for '"$VORLESER" status > "$T/status" &&
    grep -q "^audio: unavailable (eSpeak NG: .*libespeak-ng.so.1" \
    "$T/status"' || fail "status: $(grep '^audio' "$T/status")"
"$VORLESER" ping >/dev/null || fail "daemon gone"
stop_daemon
[ "$DSTATUS" -eq 0 ] || fail "exit status $DSTATUS"
ok "without eSpeak NG status says why and the daemon runs on"

# PortAudio missing: a real device cannot open, with the loader's reason.
printf '[speech]\nautoplay = off\n[audio]\ndevice = default\n' \
    > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
rm "$T/lib/libespeak-ng.so.1"
start_daemon
"$VORLESER" say "Ein Satz." >/dev/null || fail "say refused"
wait_for '"$VORLESER" status > "$T/status" &&
    grep -q "^audio: unavailable (PortAudio: .*libportaudio.so.2" \
    "$T/status"' || fail "status: $(grep '^audio' "$T/status")"
stop_daemon
ok "without PortAudio status says why"

# libxml2 missing: every feed says why, the log says it once, the
# daemon runs on; --extract fails with the reason.
rm "$T/lib/libcurl.so.4" "$T/lib/libportaudio.so.2"
echo "not a library" > "$T/lib/libxml2.so.2"
"$VORLESERD" --extract "$T/page.html" > "$T/extract" 2> "$T/extract.err" &&
    fail "--extract without libxml2 succeeded"
grep -q "libxml2" "$T/extract.err" || fail "extract: $(cat "$T/extract.err")"
: > "$T/daemon.log"
start_daemon
for f in c d; do
	python3 "$TOP/tests/mkfeed.py" "$T/www/$f.rss" --name $f
	"$VORLESER" feed add "http://127.0.0.1:$P/$f.rss" >/dev/null ||
	    fail "feed add $f"
done
# c and d (a answers 304, b waits out its back-off).
wait_for '"$VORLESER" feeds > "$T/feeds" &&
    [ "$(grep -c "^error: cannot load libxml2: .*libxml2.so.2" \
    "$T/feeds")" -eq 2 ]' || fail "feeds: $(grep '^error' "$T/feeds")"
"$VORLESER" ping >/dev/null || fail "daemon gone"
# The loader's failure once; each feed's poll says it for that feed.
n=$(grep -c "cannot load libxml2 (.*): feeds, pages" "$T/daemon.log")
[ "$n" -eq 1 ] || fail "the loader's failure logged $n times"
stop_daemon
ok "without libxml2 the feeds say why, logged once"
