# The seed story: a feed item with a teaser whose page the test serves.
# The daemon fetches the page, extracts and cleans it: the clean stage
# has every body sentence and none of the photo credit, the related
# headline or the "Mehr zum Thema" trailer; the spoken stage reads the
# numbers as words.  A full feed text is used as it is; an English story
# is stored but not read.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/feedlib.sh"

mkdir -p "$T/www"
cp "$TOP/tests/data/extract/seed.html" "$T/www/kim-besuch.html"
start_httpd www "$T/www"
P=$(cat "$T/www.port")
NOW=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
sed -e "s/PORT/$P/g" -e "s/PUBDATE/$NOW/" "$TOP/tests/data/stories/feed.xml" \
    > "$T/www/feed.xml"
echo "http://127.0.0.1:$P/feed.xml" > "$FEEDS"

start_daemon
wait_for '"$VORLESER" article 1 2>/dev/null | grep -qx "text-source: page"' ||
    fail "story 1 not taken from its page: $("$VORLESER" article 1 | grep -E 'text-source|state')"
"$VORLESER" text 1 clean > "$T/clean" || fail "text 1 clean"
grep -qx 'title: Kreml: Kim Jong-un wird Russland besuchen' "$T/clean" || fail "headline"

# Every sentence of the seed story's body is there ...
for s in \
    'Der nordkoreanische Staatschef Kim Jong-un wird in naher Zukunft auf Einladung des russischen Präsidenten Wladimir Putin' \
    'Russland und Nordkorea teilen sich einen kurzen gemeinsamen Grenzabschnitt' \
    'Anfang dieses Monats berichtete die New York Times unter Berufung auf US-amerikanische' \
    'Das letzte Treffen zwischen Putin und Kim fand 2019 statt' \
    'anlässlich des 70. Jahrestages des Endes des Koreakriegs teilnahmen.' \
    'Der russische Verteidigungsminister schlug damals auch gemeinsame Militärübungen vor.' \
    'zu umfangreichen Militärübungen der USA gemeinsam mit Südkorea gekommen.'
do
	grep -qF "$s" "$T/clean" || fail "missing: $s"
done
# ... and nothing a listener must not hear.
grep -qi 'Kadobnov' "$T/clean" && fail "photo credit read"
grep -q 'Quelle: AFP' "$T/clean" && fail "credit read"
grep -q 'trifft in Nordkorea zum Arbeitsbesuch ein' "$T/clean" && fail "related headline read"
grep -q 'Mehr zum Thema' "$T/clean" && fail "trailer read"
grep -q 'U-Boot' "$T/clean" && fail "trailer headline read"
grep -q 'Cookies' "$T/clean" && fail "cookie banner read"
ok "seed story: page extracted and cleaned"

"$VORLESER" text 1 spoken > "$T/spoken" || fail "text 1 spoken"
grep -q 'des siebzigsten Jahrestages' "$T/spoken" || fail "ordinal not spoken: $(grep Jahrestages "$T/spoken")"
grep -q 'zweitausend neunzehn\|zweitausendneunzehn' "$T/spoken" || fail "year not spoken"
ok "seed story: speech text"

# A feed with its full text keeps it; an English story is not read.
wait_for '"$VORLESER" article 2 | grep -qx "text-source: feed"' || fail "story 2 source"
"$VORLESER" text 2 clean | grep -q 'zwölf Kilometer neue Radwege' || fail "feed text"
wait_for '"$VORLESER" article 3 | grep -qx "state-reason: language en"' ||
    fail "English story: $("$VORLESER" article 3 | grep -E '^state')"
"$VORLESER" article 3 | grep -qx 'state: seen' || fail "English story state"
"$VORLESER" text 9 clean 2>/dev/null; [ $? -eq 1 ] || fail "text of a missing story"
"$VORLESER" text 1 bogus 2>/dev/null; [ $? -eq 1 ] || fail "bad stage"
ok "feed text, language rule, errors"

# --render --story renders the stored story as the daemon reads it.
stop_daemon
"$VORLESERD" --render "$T/story1.wav" --story 1 2>>"$T/daemon.log" || fail "render --story"
set -- $(sh "$TOP/tests/sink.sh" measure "$T/story1.wav")
awk -v s="$2" -v g="$3" 'BEGIN { exit !(s > 20 && g >= 3) }' ||
    fail "story 1 rendered: $2 s of sound in $3 stretches"
"$VORLESERD" --render "$T/none.wav" --story 99 2>/dev/null && fail "render of a missing story"
ok "render --story: $2 s of sound"
