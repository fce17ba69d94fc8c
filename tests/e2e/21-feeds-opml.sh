# vorleser feeds import FILE.opml subscribes to every feed outline (with
# its title and folder as tag) and writes them to the feeds file; feeds
# export prints OPML 2.0; exporting and importing again gives the same
# subscriptions.  A file that is not OPML is an error.
. "$(dirname "$0")/lib.sh"

printf '[speech]\nautoplay = off\n[audio]\ndevice = null\n' \
    > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
OPML="$TOP/tests/data/feeds/mix/feeds.opml"
N=$(grep -c 'xmlUrl=' "$OPML")
start_daemon
cd "$TOP/tests/data/feeds/mix" || fail "cd"
"$VORLESER" feeds import feeds.opml > "$T/out" || fail "import (relative path)"
cd "$T" || fail "cd"
grep -qx "imported: $N" "$T/out" || fail "import: $(cat "$T/out")"
[ "$("$VORLESER" feeds | grep -c '^id: ')" -eq "$N" ] || fail "not $N feeds"
"$VORLESER" feeds | grep -q '^title: Rheinischer Bote – Digitales$' || fail "title"
"$VORLESER" feeds | grep -q '^tags: .*Digitales' || fail "folder as tag"
[ "$(grep -c '^http://127.0.0.1:8080/feeds/' "$XDG_CONFIG_HOME/vorleser/feeds")" -eq "$N" ] ||
    fail "feeds file"
"$VORLESER" feeds import "$OPML" | grep -qx 'imported: 0' || fail "second import added"
ok "import: $N feeds with titles and tags"

"$VORLESER" feeds export > "$T/export.opml" || fail "export"
head -n 1 "$T/export.opml" | grep -q '^<?xml' || fail "export: $(head -n 2 "$T/export.opml")"
grep -q '<opml version="2.0">' "$T/export.opml" || fail "not OPML 2.0"
[ "$(grep -c 'xmlUrl=' "$T/export.opml")" -eq "$N" ] || fail "export count"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$T/export.opml" ||
    fail "export is not well-formed XML"
stop_daemon
ok "export: OPML 2.0, $N outlines"

# Round trip into a fresh daemon.
rm -rf "$XDG_STATE_HOME/vorleser"
: > "$XDG_CONFIG_HOME/vorleser/feeds"
start_daemon
"$VORLESER" feeds import "$T/export.opml" | grep -qx "imported: $N" || fail "round trip"
"$VORLESER" feeds | grep '^url: ' | sort > "$T/urls2"
grep -o 'xmlUrl="[^"]*"' "$OPML" | sed 's/xmlUrl="\(.*\)"/url: \1/' | sort > "$T/urls1"
expect_file "$T/urls1" "$T/urls2"
echo 'not <xml' > "$T/bad.opml"
"$VORLESER" feeds import "$T/bad.opml" 2>"$T/err"; [ $? -eq 1 ] || fail "bad file accepted"
grep -q 'ERR 400 feeds: .*not an OPML file' "$T/err" || fail "$(cat "$T/err")"
"$VORLESER" feeds import "$T/none.opml" 2>/dev/null; [ $? -eq 1 ] || fail "missing file"
ok "round trip and errors"
