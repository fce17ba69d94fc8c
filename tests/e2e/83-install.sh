# make install DESTDIR=... PREFIX=/usr lays out the binaries, man pages,
# data, user units and docs with the right modes and paths; make
# uninstall removes every file again.
. "$(dirname "$0")/lib.sh"

R="$T/root"
SAN=0
case $VORLESERD in */build-san/*) SAN=1 ;; esac
# A sub-make of its own: not the jobserver of a `make test` around us.
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" \
	    SANITIZE=$SAN DESTDIR="$R" PREFIX=/usr "$@" >>"$T/make.log" 2>&1 ||
	    { tail -n 20 "$T/make.log" >&2; fail "make $*"; }
}
mk install

# expect MODE PATH: PATH exists under $R with MODE.
expect() {
	[ -e "$R$2" ] || fail "not installed: $2"
	m=$(stat -c %a "$R$2")
	[ "$m" = "$1" ] || fail "$2: mode $m, want $1"
}
expect 755 /usr/bin/vorleserd
expect 755 /usr/bin/vorleser
expect 755 /usr/lib/vorleser
expect 644 /usr/lib/vorleser/libjack.so.0
expect 644 /usr/share/man/man1/vorleser.1
expect 644 /usr/share/man/man5/vorleser.conf.5
expect 644 /usr/share/man/man8/vorleserd.8
expect 755 /usr/share/vorleser
expect 644 /usr/share/vorleser/feeds.default
expect 755 /usr/share/vorleser/demo
expect 644 /usr/share/vorleser/demo/feed.xml
expect 644 /usr/share/vorleser/demo/kim-jong-un-russland.html
expect 644 /usr/lib/systemd/user/vorleser.service
expect 644 /usr/lib/systemd/user/vorleser.socket
expect 644 /usr/share/doc/vorleser/vorleser.conf.example
expect 644 /usr/share/doc/vorleser/protocol.md
expect 644 /usr/share/doc/vorleser/service.md
# Optional parts, installed when the tree has them.
if [ -d "$TOP/voices" ]; then
	expect 755 /usr/share/vorleser/voices
	[ -z "$(find "$R/usr/share/vorleser/voices" -type f ! -perm 644)" ] ||
	    fail "voice file not 0644"
fi
[ -f "$TOP/daemon/siterules.conf" ] &&
    expect 644 /usr/share/vorleser/siterules.conf
[ -f "$TOP/docs/vorleser.bash-completion" ] &&
    expect 644 /usr/share/bash-completion/completions/vorleser
ok "files and modes"

cmp -s "${VORLESERD_REAL:-$VORLESERD}" "$R/usr/bin/vorleserd" || fail "installed daemon differs"
cmp -s "$VORLESER" "$R/usr/bin/vorleser" || fail "installed client differs"
"$R/usr/bin/vorleserd" --version | grep -q '^vorleserd ' ||
    fail "installed daemon does not run"
# The units name the installed binary, with PREFIX from the command line.
grep -qx 'ExecStart=/usr/bin/vorleserd --state-dir=%h/.local/state/vorleser' \
    "$R/usr/lib/systemd/user/vorleser.service" ||
    fail "ExecStart: $(grep ExecStart= "$R/usr/lib/systemd/user/vorleser.service")"
grep -q '@[A-Z]*@' "$R/usr/lib/systemd/user/"* && fail "unsubstituted @VAR@"
cmp -s "$TOP/daemon/feeds.default" "$R/usr/share/vorleser/feeds.default" ||
    fail "feeds.default differs"
# Nothing is installed outside the prefix.
[ -z "$(find "$R" -mindepth 1 -maxdepth 1 ! -name usr)" ] ||
    fail "files outside /usr: $(ls "$R")"
ok "installed programs run and the units name them"

mk uninstall
left=$(find "$R" -type f -o -type l)
[ -z "$left" ] || fail "left after uninstall: $left"
[ -e "$R/usr/share/vorleser" ] && fail "data folder left"
[ -e "$R/usr/share/doc/vorleser" ] && fail "doc folder left"
[ -e "$R/usr/lib/vorleser" ] && fail "library folder left"
ok "uninstall removes every file"
