#!/usr/bin/python3
"""Prints the article text of an HTML file as Debian's python3-readability
(readability-lxml) sees it: the title, a blank line, the text.  Used by
bench/extract.sh as a peer to vorleserd --extract."""
import sys

import lxml.html
from readability import Document

with open(sys.argv[1], 'rb') as f:
    raw = f.read()
doc = Document(raw.decode('utf-8', 'replace'))
body = lxml.html.fromstring(doc.summary(html_partial=True))
paras = []
for el in body.iter('p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre',
                    'blockquote', 'td', 'div'):
    if el.tag == 'div' and len(el):
        continue
    t = ' '.join(el.text_content().split())
    if t:
        paras.append(t)
if not paras:
    paras = [' '.join(body.text_content().split())]
sys.stdout.write(doc.short_title() + '\n\n' + '\n\n'.join(paras) + '\n')
