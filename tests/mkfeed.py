#!/usr/bin/env python3
"""Writes a small RSS 2.0 feed with item dates relative to now.

Usage:
  mkfeed.py OUT --name NAME [--items N] [--age MIN] [--step MIN]
            [--first K] [--link-base URL] [--link-suffix S] [--shared M]
            [--count C]

Item k (k = first .. first+items-1, newest first) is "NAME story k" with
guid "NAME-k", link LINK-BASE/NAME/k.html plus LINK-SUFFIX, dated
age + (k - first) * step minutes ago.  --shared M makes the first M items
links to LINK-BASE/shared/k.html (the same story in several feeds).
--count C writes C feeds at once: "%d" in OUT and NAME becomes 0..C-1.
Standard library only.
"""
import argparse
import email.utils
import os
import time
from xml.sax.saxutils import escape


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--name", required=True)
    ap.add_argument("--items", type=int, default=5)
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--age", type=float, default=10.0)
    ap.add_argument("--step", type=float, default=10.0)
    ap.add_argument("--link-base", default="http://example.org")
    ap.add_argument("--link-suffix", default="")
    ap.add_argument("--shared", type=int, default=0)
    ap.add_argument("--count", type=int, default=0)
    a = ap.parse_args()
    if a.count:
        out, name = a.out, a.name
        for i in range(a.count):
            a.out, a.name = out.replace("%d", str(i)), name.replace("%d",
                                                                   str(i))
            write(a)
    else:
        write(a)


def write(a):
    now = time.time()
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0"><channel>',
           "<title>%s</title><link>%s/</link>" % (escape(a.name),
                                                  escape(a.link_base)),
           "<language>de</language>"]
    for i in range(a.items):
        k = a.first + a.items - 1 - i
        t = now - (a.age + i * a.step) * 60
        if i < a.shared:
            link = "%s/shared/%d.html" % (a.link_base, k)
            title = "Gemeinsame Meldung %d" % k
        else:
            link = "%s/%s/%d.html" % (a.link_base, a.name, k)
            title = "%s Meldung %d" % (a.name, k)
        link += a.link_suffix
        out.append("<item><title>%s</title><link>%s</link>"
                   "<guid isPermaLink=\"false\">%s-%d</guid>"
                   "<pubDate>%s</pubDate>"
                   "<description>Text der Meldung %d.</description></item>"
                   % (escape(title), escape(link), escape(a.name), k,
                      email.utils.formatdate(t, usegmt=True), k))
    out.append("</channel></rss>\n")
    with open(a.out + ".tmp", "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))
    os.replace(a.out + ".tmp", a.out)


if __name__ == "__main__":
    main()
