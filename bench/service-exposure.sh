#!/bin/sh
# Sandbox exposure of vorleser's user unit beside its peers' units, all
# scored in the same run by `systemd-analyze security --offline=true`
# (0 = fully sandboxed, 10 = not at all).  The peers are Debian's MPD
# (user and system unit) and Speech Dispatcher (system unit), installed
# from Debian when missing and we are root; otherwise a missing peer is
# reported as absent.
set -u
cd "$(dirname "$0")/.." || exit 2
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "skipped: systemd-analyze not installed (package systemd)"
	exit 0
fi
make --no-print-directory -s units >/dev/null || exit 1
for p in mpd speech-dispatcher; do
	dpkg -s "$p" >/dev/null 2>&1 && continue
	[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || continue
	echo "installing peer $p (apt-get)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends "$p" >/dev/null 2>&1 ||
	    echo "could not install $p"
done
score() { # label unit-file
	if [ ! -f "$2" ]; then
		printf '%-36s %s\n' "$1" "absent ($2)"
		return
	fi
	s=$(systemd-analyze security --offline=true "$2" 2>/dev/null |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	printf '%-36s %s\n' "$1" "${s:-error}"
}
ver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null; }
echo "peers: mpd $(ver mpd), speech-dispatcher $(ver speech-dispatcher)"
echo "systemd $(systemd-analyze --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p'), exposure (lower is better):"
score "vorleser.service (user)" build/systemd/vorleser.service
score "mpd.service (user)" /usr/lib/systemd/user/mpd.service
score "mpd.service (system)" /lib/systemd/system/mpd.service
score "speech-dispatcherd.service (system)" \
    /lib/systemd/system/speech-dispatcherd.service
