#!/bin/sh
# Installs the Debian packages named on the command line that are not
# installed yet: with apt-get when root, through sudo otherwise, and else
# prints the exact command and fails.  On systems without dpkg it only says
# what it would need.
set -u
if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system; make sure these are installed: $*" >&2
	exit 0
fi
missing=
for p in "$@"; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case $s in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
echo "deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 && $cmd >&2 && exit 0
elif command -v sudo >/dev/null 2>&1; then
	sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive \
	    $cmd >&2 && exit 0
fi
echo "deps: could not install the missing packages; run as root:" >&2
echo "    apt-get update && $cmd" >&2
exit 1
