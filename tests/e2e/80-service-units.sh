# The systemd user units: generated from systemd/*.in, accepted by
# `systemd-analyze verify` without a single warning, carrying the
# settings issue 8 asks for, and sandboxed to an exposure of at most 2.0
# in `systemd-analyze security --offline=true`.
. "$(dirname "$0")/lib.sh"

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "skipped: systemd-analyze not installed (package systemd)"
	exit 0
fi

# Generate the units as make does, with BINDIR pointing at the binary
# under test, so verify can check that ExecStart= is executable.
U="$T/units"
mkdir -p "$U"
for f in "$TOP"/systemd/*.in; do
	n=${f##*/}
	sed -e "s|@BINDIR@|$(dirname "${VORLESERD_REAL:-$VORLESERD}")|g" \
	    -e "s|@DATADIR@|$TOP|g" -e 's|@VERSION@|test|g' "$f" > "$U/${n%.in}"
done
[ -f "$U/vorleser.service" ] && [ -f "$U/vorleser.socket" ] ||
    fail "units not generated"
grep -q '@[A-Z]*@' "$U"/* && fail "unsubstituted @VAR@ left"

# verify, as a user manager would load them; any output is a finding.
mkdir -m 0700 "$T/rt"
XDG_RUNTIME_DIR="$T/rt" systemd-analyze --user verify --man=no \
    "$U/vorleser.service" "$U/vorleser.socket" > "$T/verify" 2>&1 ||
    { cat "$T/verify" >&2; fail "systemd-analyze verify failed"; }
[ -s "$T/verify" ] && { cat "$T/verify" >&2; fail "verify warnings"; }
# The same check must catch a broken unit, or it proves nothing.
sed 's/^Type=notify$/Type=notifyy/' "$U/vorleser.service" > "$T/bad.service"
cp "$U/vorleser.socket" "$T/"
XDG_RUNTIME_DIR="$T/rt" systemd-analyze --user verify --man=no \
    "$T/bad.service" > "$T/verify" 2>&1
[ -s "$T/verify" ] || fail "verify did not notice a bad Type="
ok "systemd-analyze verify accepts the units"

has() { # unit line
	grep -qx "$2" "$U/$1" || fail "$1 lacks '$2'"
}
has vorleser.service 'Type=notify'
has vorleser.service 'NotifyAccess=main'
has vorleser.service 'ExecReload=/bin/kill -HUP $MAINPID'
has vorleser.service 'Restart=on-failure'
grep -q '^WatchdogSec=[1-9]' "$U/vorleser.service" || fail "no WatchdogSec"
has vorleser.service 'Requires=vorleser.socket'
has vorleser.socket 'ListenStream=%t/vorleser/socket'
has vorleser.socket 'SocketMode=0600'
has vorleser.socket 'DirectoryMode=0700'
has vorleser.socket 'FileDescriptorName=control'
ok "notify, watchdog, reload, restart and socket settings"

score=$(systemd-analyze security --offline=true "$U/vorleser.service" \
    2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
[ -n "$score" ] || fail "no exposure level"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' ||
    fail "exposure $score is above 2.0"
ok "exposure level $score (at most 2.0)"
