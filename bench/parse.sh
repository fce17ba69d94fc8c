#!/bin/sh
# bench/parse: the parser and the store alone, no network: the 5,000-item
# feed of the kit's "big" set-up and the 200x20 set, parsed and stored
# into a fresh database, three runs each.  The peer (newsboat) is measured
# end to end by bench/feeds.sh; this shows what parsing and storing cost
# inside that.
set -u
cd "$(dirname "$0")/.." || exit 2
KIT=${KIT:-../shared/bench/feeds}
[ -x "$KIT/gen" ] || { echo "parse: $KIT/gen not found; skipped"; exit 0; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
make -s build/libvorleser.a || exit 1
${CC:-cc} -O2 -D_GNU_SOURCE -Idaemon $(pkg-config --cflags libxml-2.0 sqlite3) \
    -o "$tmp/parse" bench/parse.c build/libvorleser.a \
    $(pkg-config --libs libxml-2.0 sqlite3) || exit 1
"$KIT/gen" "$tmp/big" --feeds 1 --items 5000 --seed 1 --format rss2 \
    --encoding utf-8 --no-articles >/dev/null || exit 1
"$KIT/gen" "$tmp/set" --feeds 200 --items 20 --seed 1 --no-articles \
    >/dev/null || exit 1
for run in 1 2 3; do
	echo "big (5,000 items, $(du -h "$tmp"/big/feeds/* | cut -f1)), run $run:"
	rm -f "$tmp"/db*
	/usr/bin/time -f "  peak RSS %M KB, wall %e s" "$tmp/parse" "$tmp/db" \
	    "$tmp"/big/feeds/* 2>&1 | sed 's/^/  /'
done
for run in 1 2 3; do
	echo "200x20, run $run:"
	rm -f "$tmp"/db*
	/usr/bin/time -f "  peak RSS %M KB, wall %e s" "$tmp/parse" "$tmp/db" \
	    "$tmp"/set/feeds/* 2>&1 | sed 's/^/  /'
done
