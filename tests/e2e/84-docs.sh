# The documentation keeps up with the code: every command of the daemon's
# table (as `vorleser help` lists it) has a section in docs/protocol.md
# and an entry in vorleser(1), every configuration key (as `vorleser get`
# lists them) an entry in vorleser.conf(5), and none of them documents a
# command or key that no longer exists.  Add a command or key, and this
# test fails until it is documented.
. "$(dirname "$0")/lib.sh"

start_daemon
"$VORLESER" help | sed -n 's/^command: \([^ ]*\).*/\1/p' | sort > "$T/cmds"
"$VORLESER" get | sed -n 's/^\([a-z0-9.-]*\): .*/\1/p' | sort > "$T/keys"
[ "$(wc -l < "$T/cmds")" -ge 5 ] || fail "help listed too few commands"
[ "$(wc -l < "$T/keys")" -ge 5 ] || fail "get listed too few keys"

# What each document names: protocol.md headings "### `name`", and the
# ".It Cm name" entries of the man pages.
sed -n 's/^##* `\([^`]*\)`$/\1/p' "$TOP/docs/protocol.md" | sort -u > "$T/proto"
sed -n 's/^\.It Cm \([^ ]*\).*/\1/p' "$TOP/docs/vorleser.1" |
    grep -vx send | sort -u > "$T/man1"	# send is the client's own
sed -n 's/^\.It Cm \([^ ]*\).*/\1/p' "$TOP/docs/vorleser.conf.5" |
    sort -u > "$T/man5"

# compare WHAT LIVE DOC: fails on names missing from DOC or stale in it.
compare() {
	missing=$(comm -23 "$2" "$3" | tr '\n' ' ')
	stale=$(comm -13 "$2" "$3" | tr '\n' ' ')
	[ -z "$missing" ] || fail "$1 undocumented in ${3##*/}: $missing"
	[ -z "$stale" ] || fail "${3##*/} documents unknown $1: $stale"
}
cp "$T/proto" "$T/docs-protocol.md"
cp "$T/man1" "$T/vorleser.1"
cp "$T/man5" "$T/vorleser.conf.5"
compare commands "$T/cmds" "$T/docs-protocol.md"
ok "docs/protocol.md documents every command"
compare commands "$T/cmds" "$T/vorleser.1"
ok "vorleser(1) documents every command"
compare keys "$T/keys" "$T/vorleser.conf.5"
ok "vorleser.conf(5) documents every key"

# The check must be able to fail: a command dropped from the reference
# is reported.
grep -vx "$(head -n 1 "$T/cmds")" "$T/proto" > "$T/docs-protocol.md"
( compare commands "$T/cmds" "$T/docs-protocol.md" ) 2>/dev/null &&
    fail "a missing command went unnoticed"

# The man pages are well-formed, when a checker is at hand.
if command -v mandoc >/dev/null 2>&1; then
	for m in vorleser.1 vorleser.conf.5 vorleserd.8; do
		mandoc -Tlint -W warning "$TOP/docs/$m" >&2 ||
		    fail "mandoc -Tlint: $m"
	done
	ok "mandoc -Tlint finds no warnings"
fi
stop_daemon
