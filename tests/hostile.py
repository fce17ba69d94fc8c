#!/usr/bin/env python3
"""A hostile HTTP server for vorleser's hardening tests.

Usage:
  hostile.py --port-file FILE [--marker PATH] [--log FILE]

Listens on 127.0.0.1 on a free port (written to --port-file atomically
once it listens).  Every path is one attack; GET /_list names them all.
Feeds live under /feed/NAME, article pages under /page/NAME, and
/feed/pages is an RSS feed with one item per page attack (and links a
daemon must never fetch: javascript:, file:, an unresolvable host).

--marker names a local file whose content must never leave it: the
external-entity, DTD and redirect attacks name it beside /etc/passwd.

GET /_stats returns JSON: "paths" (requests per path, the /_ ones not
counted), "bad_requests" (request lines that were not HTTP, e.g. a
client that followed a redirect to gopher:// or dict:// on our port) and
"active" (requests being answered now).  Standard library only.
"""
import argparse
import email.utils
import json
import os
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from httpd import serve     # tests/httpd.py, beside this file

BOMB_BYTES = 64 * 1024 * 1024	# decoded size of the gzip bomb: 4 times
				# the daemon's cap on a body
MANY_ITEMS = 20000
BIG_TITLE = 2 * 1024 * 1024	# bytes of the 2 MB title
STALL_S = 120			# a stalled answer waits this long
TRICKLE_S = 1.0			# one byte per this many seconds
FLOOD = 800000			# unclosed "<!--" openers (3.2 MB; a page
				# must stay under the daemon's 4 MiB cap)

RSS_HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0"><channel><title>%s</title>'
            '<link>http://hostile.example/</link><language>de</language>\n')
RSS_TAIL = '</channel></rss>\n'
TEASER = ('Die Stadt hat am Montag neue Pläne für den Verkehr vorgestellt. '
          'Mehr dazu im Artikel.')


def now_rfc822(offset=0):
    return email.utils.formatdate(time.time() - offset, usegmt=True)


def item(title, guid, link=None, desc=TEASER, age=60):
    return ('<item><title>%s</title><guid isPermaLink="false">%s</guid>'
            '%s<pubDate>%s</pubDate><description>%s</description>'
            '</item>\n' % (title, guid, '<link>%s</link>' % link
                           if link else '', now_rfc822(age), desc))


def rss(name, items):
    return (RSS_HEAD % name + "".join(items) + RSS_TAIL).encode()


def page(title, body, head=""):
    return ('<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
            '<title>%s</title>%s</head><body><article><h1>%s</h1>%s'
            '</article></body></html>\n' % (title, head, title, body)
            ).encode()


PARA = ('<p>Der Stadtrat hat am Montag einen neuen Plan für den Verkehr in '
        'der Innenstadt beschlossen, der mehr Platz für Busse, Fahrräder '
        'und Fußgänger vorsieht.</p>')


class Attacks:
    """Bodies built once (some are big), keyed by path."""

    def __init__(self, marker):
        self.marker = marker
        self.lock = threading.Lock()
        self.cache = {}

    def once(self, key, fn):
        with self.lock:
            if key not in self.cache:
                self.cache[key] = fn()
            return self.cache[key]

    # --- XML entity attacks, shared by feeds and (XHTML) pages ---

    def laughs_dtd(self, root):
        d = ['<!DOCTYPE %s [' % root, '<!ENTITY lol "lol">']
        for i in range(1, 10):
            prev = "lol" if i == 1 else "lol%d" % (i - 1)
            d.append('<!ENTITY lol%d "%s">' % (i, ("&%s;" % prev) * 10))
        d.append(']>')
        return "\n".join(d) + "\n"

    def quadratic_dtd(self, root):
        return ('<!DOCTYPE %s [<!ENTITY a "%s">]>\n' % (root, "a" * 65536))

    def xxe_dtd(self, root):
        return ('<!DOCTYPE %s [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
                '<!ENTITY mark SYSTEM "file://%s">\n]>\n' % (root,
                                                            self.marker))

    def xxe_param_dtd(self, root):
        return ('<!DOCTYPE %s [\n<!ENTITY %% pw SYSTEM "file:///etc/passwd">\n'
                '<!ENTITY %% mk SYSTEM "file://%s">\n%%pw;\n%%mk;\n]>\n'
                % (root, self.marker))

    def entity_feed(self, dtd, ref):
        body = ('<?xml version="1.0" encoding="utf-8"?>\n' + dtd +
                '<rss version="2.0"><channel><title>Angriff %s</title>'
                '<link>http://hostile.example/</link>\n' % ref +
                item("Titel %s Ende" % ref, "ent-1", desc="Text %s" % ref) +
                item("Zweite Meldung", "ent-2") + RSS_TAIL)
        return body.encode()

    def feed(self, name, host):
        m = self.marker
        if name == "laughs":
            return self.entity_feed(self.laughs_dtd("rss"), "&lol9;")
        if name == "quadratic":
            return self.once(name, lambda: self.entity_feed(
                self.quadratic_dtd("rss"), "&a;" * 20000))
        if name == "xxe":
            return self.entity_feed(self.xxe_dtd("rss"), "&xxe;&mark;")
        if name == "xxe-param":
            return self.entity_feed(self.xxe_param_dtd("rss"), "x")
        if name == "dtd-http":
            return self.entity_feed(
                '<!DOCTYPE rss SYSTEM "http://%s/dtd/evil.dtd">\n' % host,
                "&evil;")
        if name == "dtd-file":
            return self.entity_feed(
                '<!DOCTYPE rss PUBLIC "-//Evil//DTD//EN" "file://%s">\n' % m,
                "&evil;")
        if name == "bad-utf8":
            return (RSS_HEAD % "Kaputt").encode() + (
                b'<item><title>Gr\xc3\xbc\xc3\xdfe \xff\xfe aus \xc0\xaf '
                b'\xed\xa0\x80 K\xf6ln \xe2\x82</title><guid>bad-1</guid>'
                b'<description>Sch\xf6ne \x80\x81 Tage</description>'
                b'</item>\n' + item("Gute Meldung", "bad-2").encode() +
                RSS_TAIL.encode())
        if name in ("charset-header", "charset-bogus"):
            return rss("Zeichensatz", [item("Grüße aus Köln", "cs-1"),
                                       item("Straße frei", "cs-2")])
        if name == "charset-decl":
            return (RSS_HEAD % "Zeichensatz").encode() + (
                '<item><title>Grüße aus Köln</title><guid>cd-1</guid>'
                '</item>\n' + RSS_TAIL).encode("latin-1")
        if name == "truncated":
            full = rss("Abgeschnitten", [item("Meldung %d" % i, "tr-%d" % i)
                                         for i in range(1, 6)])
            return full[:int(len(full) * 0.7)]
        if name == "html":
            return page("Keine Feed-Datei", PARA)
        if name == "many":
            return self.once(name, lambda: rss("Viele", [
                item("Meldung %d" % i, "many-%d" % i, age=i)
                for i in range(MANY_ITEMS)]))
        if name == "bigtitle":
            return self.once(name, lambda: rss("Lang", [
                item("Ä" * (BIG_TITLE // 2), "big-1"),
                item("Kurz", "big-2")]))
        if name == "nul":
            return (RSS_HEAD % "Nu\0ll").encode() + (
                b'<item><title>Vor\0her und\0 nachher</title><guid>n\0ul-1'
                b'</guid><description>Null\0bytes</description></item>\n'
                b'\0\0\0' + item("Zweite", "nul-2").encode() +
                RSS_TAIL.encode())
        if name == "comments":
            return self.once(name, lambda: (RSS_HEAD % "Kommentare").encode()
                             + item("Vor den Kommentaren", "cm-1").encode()
                             + b"<!--" * FLOOD)
        if name == "cdata":
            return self.once(name, lambda: (RSS_HEAD % "CDATA").encode()
                             + item("Vor dem CDATA", "cd-1").encode()
                             + b"<![CDATA[" * (FLOOD // 2))
        if name == "dupguid":
            return rss("Doppelt", [item("Doppelte Meldung %d" % i, "same",
                                        "http://hostile.example/same")
                                   for i in range(50)])
        return None

    # --- article pages ---

    def page(self, name):
        m = self.marker
        if name == "laughs":
            return ('<?xml version="1.0"?>\n' + self.laughs_dtd("html") +
                    '<html><body><p>Lachen &lol9; Ende</p></body></html>\n'
                    ).encode()
        if name == "quadratic":
            return self.once("p-" + name, lambda: (
                '<?xml version="1.0"?>\n' + self.quadratic_dtd("html") +
                '<html><body><p>' + "&a;" * 20000 +
                '</p></body></html>\n').encode())
        if name == "xxe":
            return ('<?xml version="1.0"?>\n' + self.xxe_dtd("html") +
                    '<html><body><article><p>Datei &xxe; und &mark; Ende'
                    '</p>' + PARA + '</article></body></html>\n').encode()
        if name == "dtd":
            return ('<!DOCTYPE html SYSTEM "file://%s">\n<html><body>'
                    '<p>&evil;</p>%s</body></html>\n' % (m, PARA)).encode()
        if name == "bad-utf8":
            return page("Kaputt", PARA).replace(
                b"neuen", b"ne\xff\xfeuen \xc0\xaf\xed\xa0\x80")
        if name == "charset":
            return ('<html lang="de"><head><meta charset="utf-8"><title>'
                    'Grüße</title></head><body><article>' + PARA +
                    '</article></body></html>').encode("latin-1")
        if name == "truncated":
            full = page("Abgeschnitten", PARA * 6)
            return full[:int(len(full) * 0.6)]
        if name == "nul":
            return page("Nu\0ll", PARA.replace("Montag", "Mon\0tag") * 3)
        if name == "bigtitle":
            return self.once("p-" + name, lambda: page(
                "Ä" * (BIG_TITLE // 2), "<p>" + "Wort " * (BIG_TITLE // 5)
                + "</p>" + PARA))
        if name == "deep":
            return self.once("p-" + name, lambda: (
                "<html><body>" + "<div>" * 100000 + PARA + "</div>" * 100000
                + "</body></html>").encode())
        if name == "feed":
            return rss("Ein Feed", [item("Keine Seite", "pf-1")])
        if name == "comments":
            return self.once("p-" + name, lambda: page("Kommentare", PARA)
                             + b"<!--" * FLOOD)
        if name == "scripts":
            return self.once("p-" + name, lambda: page("Skripte", PARA)
                             + b"<script " * (FLOOD // 2) + b">")
        return None


# Redirects (path -> Location; "{host}" is our own host:port).
REDIRECTS = {
    "loop": "/{kind}/loop2",
    "loop2": "/{kind}/loop",
    "to-file": "file:///etc/passwd",
    "to-marker": "file://{marker}",
    "to-gopher": "gopher://{host}/1/etc/passwd",
    "to-dict": "dict://{host}/d:passwd",
}
STATUS = {"401": 401, "404": 404, "500": 500}
STREAMS = ("endless", "gzip", "trickle", "stall", "drip")

FEEDS = ("laughs quadratic xxe xxe-param dtd-http dtd-file bad-utf8 "
         "charset-header charset-decl charset-bogus truncated html many "
         "bigtitle nul dupguid comments cdata").split() + list(REDIRECTS) + list(STATUS) + \
    list(STREAMS)
PAGES = ("laughs quadratic xxe dtd bad-utf8 charset truncated nul bigtitle "
         "deep feed comments scripts").split() + list(REDIRECTS) + list(STATUS) + list(STREAMS)


def pages_feed(host):
    """One item per page attack, each on its own host name (NAME.localhost,
    so the per-host cap does not queue them behind each other), plus
    links that must not be fetched."""
    port = host.rsplit(":", 1)[1] if ":" in host else "80"
    items = [item("Seite %s" % p, "page-%s" % p,
                  "http://%s.localhost:%s/page/%s" % (p, port, p),
                  age=60 + i) for i, p in enumerate(PAGES) if p != "loop2"]
    items.append(item("Seite javascript", "page-js",
                      "javascript:alert(document.cookie)"))
    items.append(item("Seite file", "page-filelink", "file:///etc/passwd"))
    items.append(item("Seite dns", "page-dns",
                      "http://nirgendwo.invalid/artikel.html"))
    return rss("Seiten", items)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.paths = {}
        self.bad = 0
        self.active = 0

    def snapshot(self):
        with self.lock:
            return {"paths": dict(self.paths), "bad_requests": self.bad,
                    "active": self.active}


def make_handler(att, stats, args):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "vorleser-hostile/1"
        timeout = STALL_S + 30

        def log_message(self, fmt, *a):
            if args.log:
                with open(args.log, "a") as fh:
                    fh.write("%.3f %s\n" % (time.time(), fmt % a))

        def send_error(self, code, message=None, explain=None):
            # The request line was not HTTP (a followed gopher:// or
            # dict:// redirect lands here): count it.
            if code == 400:
                with stats.lock:
                    stats.bad += 1
            super().send_error(code, message, explain)

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path.startswith("/_"):
                if path == "/_stats":
                    body = json.dumps(stats.snapshot()).encode()
                elif path == "/_list":
                    body = json.dumps({"feeds": FEEDS,
                                       "pages": PAGES}).encode()
                else:
                    body = b"{}"
                return self.send(200, body, "application/json")
            with stats.lock:
                stats.paths[path] = stats.paths.get(path, 0) + 1
                stats.active += 1
            try:
                self.answer(path)
            except OSError:
                self.close_connection = True	# the client gave up
            finally:
                with stats.lock:
                    stats.active -= 1

        def send(self, code, body, ctype, extra=None, length=True):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def answer(self, path):
            host = self.headers.get("Host") or "127.0.0.1"
            parts = path.strip("/").split("/")
            if len(parts) != 2 or parts[0] not in ("feed", "page", "dtd"):
                return self.send(404, b"no such attack\n", "text/plain")
            kind, name = parts
            if kind == "dtd":
                # Never asked for by a safe parser; counted in paths.
                return self.send(200, b'<!ENTITY evil "EVIL-DTD-LOADED">\n',
                                 "application/xml-dtd")
            if kind == "feed" and name == "pages":
                return self.send(200, pages_feed(host),
                                 "application/rss+xml")
            if name in REDIRECTS:
                loc = REDIRECTS[name].format(kind=kind, host=host,
                                             marker=att.marker)
                return self.send(302, b"", "text/plain", {"Location": loc})
            if name in STATUS:
                extra = {}
                if name == "401":
                    extra["WWW-Authenticate"] = 'Basic realm="geheim"'
                return self.send(STATUS[name], b"status %s\n" %
                                 name.encode(), "text/html", extra)
            ctype = ("application/rss+xml" if kind == "feed" else
                     "text/html; charset=utf-8")
            if name == "endless":
                return self.endless(kind, ctype)
            if name == "gzip":
                return self.bomb(kind, ctype)
            if name == "trickle":
                return self.trickle(att.feed("many", host)[:4096]
                                    if kind == "feed" else
                                    page("Langsam", PARA * 20), ctype)
            if name == "stall":
                return self.stall(ctype)
            if name == "drip":
                return self.drip(kind, ctype)
            body = att.feed(name, host) if kind == "feed" else \
                att.page(name)
            if body is None:
                return self.send(404, b"no such attack\n", "text/plain")
            if name == "charset-header":
                ctype = "application/rss+xml; charset=iso-8859-1"
            elif name == "charset-bogus":
                ctype = 'application/rss+xml; charset="x-klingon-42"'
            elif name == "charset-decl":
                ctype = "application/rss+xml; charset=utf-8"
            elif kind == "page" and name in ("laughs", "quadratic", "xxe"):
                ctype = "application/xhtml+xml"
            elif name == "html":
                ctype = "text/html"
            return self.send(200, body, ctype)

        def endless(self, kind, ctype):
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            head = (RSS_HEAD % "Endlos" if kind == "feed" else
                    "<html><body><p>").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(head), head))
            chunk = (b"<item><title>Immer mehr</title></item>"
                     if kind == "feed" else b"Immer mehr Text. ") * 1600
            data = b"%x\r\n%s\r\n" % (len(chunk), chunk)
            while True:		# until the client hangs up
                self.wfile.write(data)

        def bomb(self, kind, ctype):
            z = att.once("bomb-" + kind, lambda: gzip_bomb(
                (RSS_HEAD % "Bombe" if kind == "feed" else
                 "<html><body><p>").encode()))
            self.send(200, z, ctype, {"Content-Encoding": "gzip"})

        def trickle(self, body, ctype):
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(TRICKLE_S)

        def drip(self, kind, ctype):
            # Fast enough for any low-speed limit (250 bytes/s), and
            # never done: only the limit on a whole transfer ends it.
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<!-- tropf tropf tropf tropf tropf tropf tropf -->"
            while True:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                time.sleep(0.2)

        def stall(self, ctype):
            # Accepts, reads the request, answers nothing.
            time.sleep(STALL_S)
            self.close_connection = True

    return H


def gzip_bomb(head):
    """head, then BOMB_BYTES of spaces, gzip-compressed (about 64 KB)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [c.compress(head)]
    block = b" " * (1 << 20)
    for _ in range(BOMB_BYTES >> 20):
        out.append(c.compress(block))
    out.append(c.flush())
    return b"".join(out)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients that hang up are what most attacks end in.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError,
                                          OSError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--marker", default="/nonexistent/marker")
    ap.add_argument("--log")
    args = ap.parse_args()
    att = Attacks(os.path.abspath(args.marker))
    # The big bodies are made before the port is known, so that no
    # attack is slow because the server is still busy making it.
    for name in ("many", "bigtitle", "quadratic", "comments", "cdata"):
        att.feed(name, "127.0.0.1")
    for name in ("comments", "scripts", "bigtitle", "quadratic", "deep"):
        att.page(name)
    for kind in ("feed", "page"):
        att.once("bomb-" + kind, lambda: gzip_bomb(
            (RSS_HEAD % "Bombe" if kind == "feed" else
             "<html><body><p>").encode()))
    stats = Stats()
    httpd = Server(("127.0.0.1", args.port), make_handler(att, stats, args))
    return serve(httpd, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
