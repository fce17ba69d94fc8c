"""Sums the errors in valgrind's XML files (tests/valgrind.sh) and prints
each one with its first frames.  Exit 1 when there is any error.
Usage: valgrind-report.py DIR"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

errors = 0
files = sorted(glob.glob(os.path.join(sys.argv[1], "vg.*.xml")))
for path in files:
    try:
        # A daemon killed with -9 leaves the file without its closing tag;
        # what it wrote until then is complete per error.
        text = open(path, encoding="utf-8", errors="replace").read()
        if "</valgrindoutput>" not in text:
            text += "</valgrindoutput>\n"
        root = ET.fromstring(text)
    except ET.ParseError as e:
        print("%s: unreadable (%s)" % (path, e))
        errors += 1
        continue
    for err in root.findall("error"):
        errors += 1
        what = err.findtext("what") or err.findtext("xwhat/text") or "?"
        print("%s: %s: %s" % (os.path.basename(path), err.findtext("kind"),
                             what))
        print("    args: %s" % " ".join(a.text or "" for a in
                                       root.findall("args/argv/arg")))
        for fr in err.findall("stack")[0].findall("frame")[:16]:
            where = fr.findtext("file")
            if where:
                where = "%s:%s" % (where, fr.findtext("line"))
            print("    %s %s" % (fr.findtext("fn") or "???",
                                 where or fr.findtext("obj") or ""))
print("valgrind: %d daemon runs, %d errors" % (len(files), errors))
sys.exit(1 if errors or not files else 0)
