#!/usr/bin/env python3
"""Checks what the daemon stored against a generator manifest.

Usage:
  feedcheck.py MANIFEST FEEDS_OUT ARTICLES_OUT PORT

FEEDS_OUT is the output of `vorleser feeds`, ARTICLES_OUT the output of
`vorleser articles --all`, both "key: value" records starting at "id:".
The fixtures were generated for http://127.0.0.1:8080 and served on PORT,
so URLs are compared with the port put back.  For every feed of the
manifest, its stored items must be exactly the manifest's items: the same
titles (exact Unicode), the same absolute links, and the same UTC dates
where the date text names its zone (to the minute when the text has
no seconds).  Prints one line per problem and
exits 1 if there was any.
Standard library only.
"""
import json
import sys


def records(path):
    out, cur = [], None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if ": " in line:
                k, v = line.split(": ", 1)
            elif line.endswith(":"):
                k, v = line[:-1], ""
            else:
                continue
            if k == "id":
                cur = {}
                out.append(cur)
            if cur is not None:
                cur[k] = v
    return out


def same_date(got, want):
    """Sloppy date texts may leave out the seconds ("10:03+02:00") while
    the manifest keeps the true time: then the minute must match."""
    if got == want:
        return True
    return (len(got) == 20 and got[17:19] == "00" and
            got[:16] == want[:16])


def main():
    manifest, feeds_out, articles_out, port = sys.argv[1:5]
    m = json.load(open(manifest, encoding="utf-8"))
    served = ":%s/" % port

    def unport(u):
        return u.replace(served, ":8080/", 1)

    # Other sets are served on other ports: only this port's feeds count.
    feeds = {unport(f["url"]): f["id"] for f in records(feeds_out)
             if served in f["url"]}
    items = {}
    for a in records(articles_out):
        items.setdefault(a["feed"], []).append(a)
    bad = 0
    checked = 0
    for mf in m["feeds"]:
        fid = feeds.get(mf["url"])
        if fid is None:
            print("%s: feed not stored" % mf["url"])
            bad += 1
            continue
        got = items.get(fid, [])
        if len(got) != len(mf["items"]):
            print("%s: %d items stored, manifest has %d" %
                  (mf["id"], len(got), len(mf["items"])))
            bad += 1
        by_link = {}
        for a in got:
            by_link.setdefault(unport(a["link"]), []).append(a)
        for it in mf["items"]:
            cand = by_link.get(it["link"], [])
            match = [a for a in cand if a["title"] == it["title"]]
            if not match:
                print("%s: missing %r <%s> (stored with that link: %r)" %
                      (mf["id"], it["title"], it["link"],
                       [a["title"] for a in cand]))
                bad += 1
                continue
            checked += 1
            if it["date"] and not it["date_text_ambiguous"]:
                if not any(same_date(a["published"], it["date"])
                           for a in match):
                    print("%s: %r date %s, want %s" %
                          (mf["id"], it["title"], match[0]["published"],
                           it["date"]))
                    bad += 1
    print("%d items checked, %d problems" % (checked, bad))
    return 1 if bad or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
