# vorleserd --demo reads the bundled sample feed aloud with no network:
# the daemon serves the feed and its pages to itself on 127.0.0.1, reads
# all four stories through the tests' sound sink, removes its temporary
# folder and exits 0.
. "$(dirname "$0")/lib.sh"

SINK="$TOP/tests/sink.sh"
trap 'sh "$SINK" stop "$T/fast"; cleanup' EXIT
eval "$(sh "$SINK" start "$T/fast" --fast)"
export TMPDIR="$T"
timeout 300 "$VORLESERD" --demo > "$T/demo.log" 2>&1 || {
	cat "$T/demo.log" | grep -v 'ALSA\|Jack\|jack\|Cannot connect' | tail -20
	fail "demo failed"
}
grep -q 'demo: 4 stories read; done' "$T/demo.log" || fail "$(tail -n 5 "$T/demo.log")"
set -- $(sh "$SINK" measure "$T/fast/capture.raw")
echo "demo: ${2} s of sound in ${3} stretches"
awk -v s="$2" 'BEGIN { exit !(s > 30) }' || fail "too little sound: $2 s"
ls -d "$T"/vorleser-demo.* 2>/dev/null && fail "temporary folder left behind"
ok "the demo reads four stories and cleans up"

# Without a sound output the demo says so and exits 1, instead of
# reading to nobody.
printf '[audio]\ndevice = no-such-device\n' > "$XDG_CONFIG_HOME/vorleser/vorleser.conf"
timeout 60 "$VORLESERD" --demo > "$T/demo2.log" 2>&1
[ $? -eq 1 ] || fail "demo without sound: exit $?"
grep -q 'demo: no sound output' "$T/demo2.log" || fail "$(grep demo: "$T/demo2.log")"
ok "no sound output: a clear message and exit 1"
