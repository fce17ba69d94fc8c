#!/bin/sh
# Sandbox exposure of vorleser's user unit beside its peers' units, all
# scored in the same run by `systemd-analyze security --offline=true`
# (0 = fully sandboxed, 10 = not at all).  The peers are Debian's MPD
# (user and system unit) and Speech Dispatcher (system unit); a peer
# whose package is not installed is reported as absent.
set -u
cd "$(dirname "$0")/.." || exit 2
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "skipped: systemd-analyze not installed (package systemd)"
	exit 0
fi
make --no-print-directory -s units >/dev/null || exit 1
score() { # label unit-file
	if [ ! -f "$2" ]; then
		printf '%-36s %s\n' "$1" "absent ($2)"
		return
	fi
	s=$(systemd-analyze security --offline=true "$2" 2>/dev/null |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	printf '%-36s %s\n' "$1" "${s:-error}"
}
echo "systemd $(systemd-analyze --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p'), exposure (lower is better):"
score "vorleser.service (user)" build/systemd/vorleser.service
score "mpd.service (user)" /usr/lib/systemd/user/mpd.service
score "mpd.service (system)" /lib/systemd/system/mpd.service
score "speech-dispatcherd.service (system)" \
    /lib/systemd/system/speech-dispatcherd.service
