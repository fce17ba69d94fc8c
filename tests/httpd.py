#!/usr/bin/env python3
"""A small HTTP/1.1 test server for vorleser's fetch and poll tests.

Usage:
  httpd.py ROOT [--port 0] [--port-file FILE] [--rules FILE] [--log FILE]

Serves the files under ROOT on 127.0.0.1 only, with a strong ETag and
Last-Modified, 304 answers to If-None-Match / If-Modified-Since, and gzip
when the client accepts it.  --port 0 picks a free port; the port is
written to --port-file (atomically) once the server listens.

Per-path behaviour comes from the JSON rules file, read again on every
request so a test can change it while the daemon runs:

  { "/slow.rss":  {"delay_ms": 2000},
    "/busy.rss":  {"status": 429, "headers": {"Retry-After": "120"}},
    "/old.rss":   {"status": 301, "location": "/new.rss"},
    "/bomb.rss":  {"gzip_bomb": 67108864},
    "/trickle":   {"trickle_ms": 1000},
    "/endless":   {"endless": true},
    "/cached.rss": {"headers": {"Cache-Control": "max-age=3600"}} }

A rule's "status" replaces the file (body "status N"), "location" adds a
Location header, "headers" are added to any answer, "delay_ms" waits
before answering, "gzip_bomb" sends that many zero bytes gzip-compressed,
"trickle_ms" sends the body one byte at a time, "endless" sends zero
bytes until the client gives up, "no_validators" leaves out ETag and
Last-Modified.  Paths are matched without the query string.

GET /_stats returns the counters as JSON: requests, per-path request
counts and statuses, conditional requests, and per Host header the peak
of concurrent requests in flight ("peak_inflight") and of open connections
("peak_conns"; a connection counts for the Host of its first request).
GET /_reset returns them and zeroes them.  Neither is counted.
Standard library only.
"""
import argparse
import email.utils
import gzip
import hashlib
import json
import os
import posixpath
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CTYPES = {
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".xml": "text/xml",
    ".html": "text/html",
    ".txt": "text/plain; charset=utf-8",
}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.inflight = {}
        self.conns = {}
        self.reset()

    def reset(self):
        self.c = {"requests": 0, "conditional": 0, "s304": 0,
                  "paths": {}, "status": {}, "hosts": {},
                  "peak_inflight_total": 0}
        self.log = []

    def host(self, h):
        return self.c["hosts"].setdefault(
            h, {"requests": 0, "peak_inflight": 0, "peak_conns": 0})

    def begin(self, host, path, conditional):
        with self.lock:
            self.c["requests"] += 1
            self.c["paths"][path] = self.c["paths"].get(path, 0) + 1
            if conditional:
                self.c["conditional"] += 1
            n = self.inflight.get(host, 0) + 1
            self.inflight[host] = n
            h = self.host(host)
            h["requests"] += 1
            h["peak_inflight"] = max(h["peak_inflight"], n)
            tot = sum(self.inflight.values())
            self.c["peak_inflight_total"] = max(
                self.c["peak_inflight_total"], tot)

    def end(self, host, path, status):
        with self.lock:
            self.inflight[host] -= 1
            st = self.c["status"].setdefault(path, [])
            st.append(status)
            if status == 304:
                self.c["s304"] += 1

    def conn(self, host, delta):
        with self.lock:
            n = self.conns.get(host, 0) + delta
            self.conns[host] = n
            if delta > 0:
                h = self.host(host)
                h["peak_conns"] = max(h["peak_conns"], n)

    def snapshot(self):
        with self.lock:
            d = json.loads(json.dumps(self.c))
            d["inflight_now"] = sum(self.inflight.values())
            return d


def load_rules(path):
    if not path:
        return {}
    try:
        with open(path, "rb") as fh:
            return json.load(fh)
    except OSError:
        return {}
    except ValueError as e:
        # A test with a broken rules file would test nothing: say so.
        sys.stderr.write("httpd.py: %s: %s\n" % (path, e))
        raise


def make_handler(root, stats, args):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "vorleser-test-httpd/1"
        timeout = 30

        def setup(self):
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP,
                                       socket.TCP_NODELAY, 1)
            self.conn_host = None

        def finish(self):
            try:
                super().finish()
            finally:
                if self.conn_host is not None:
                    stats.conn(self.conn_host, -1)

        def log_message(self, fmt, *a):
            if args.log:
                with open(args.log, "a") as fh:
                    fh.write("%.3f %s %s\n" % (time.time(),
                             self.headers.get("Host", "-") if
                             hasattr(self, "headers") else "-", fmt % a))

        def do_GET(self):
            host = (self.headers.get("Host") or "-").split(":")[0].lower()
            path = urllib.parse.urlsplit(self.path).path
            if path in ("/_stats", "/_reset"):
                snap = stats.snapshot()
                if path == "/_reset":
                    with stats.lock:
                        stats.reset()
                self.send_bytes(200, json.dumps(snap, sort_keys=True)
                                .encode() + b"\n",
                                {"Content-Type": "application/json"})
                return
            if self.conn_host is None:
                self.conn_host = host
                stats.conn(host, +1)
            conditional = ("If-None-Match" in self.headers or
                           "If-Modified-Since" in self.headers)
            stats.begin(host, path, conditional)
            self.counted = (host, path)
            with stats.lock:
                stats.c["user_agent"] = self.headers.get("User-Agent", "")
                stats.c["accept_encoding"] = self.headers.get(
                    "Accept-Encoding", "")
            try:
                self.answer(path)
            finally:
                self.count_end(0)

        def send_response(self, code, message=None):
            self.code_sent = code
            super().send_response(code, message)

        def end_headers(self):
            # A request stops being "in flight" just before its answer
            # leaves: counting after the write would race with the
            # client's next request and see one too many.
            self.count_end(getattr(self, "code_sent", 0))
            super().end_headers()

        def count_end(self, status):
            c = getattr(self, "counted", None)
            if c is not None:
                self.counted = None
                stats.end(c[0], c[1], status)

        def send_bytes(self, code, body, headers, head_only=False):
            self.send_response(code)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head_only:
                self.wfile.write(body)

        def answer(self, path):
            rule = load_rules(args.rules).get(path, {})
            extra = dict(rule.get("headers", {}))
            if rule.get("delay_ms"):
                time.sleep(rule["delay_ms"] / 1000.0)
            if "location" in rule:
                extra["Location"] = rule["location"]
            if rule.get("status"):
                code = int(rule["status"])
                self.send_bytes(code, b"status %d\n" % code, extra)
                return code
            if rule.get("gzip_bomb"):
                return self.bomb(int(rule["gzip_bomb"]), extra)
            if rule.get("endless"):
                return self.endless(extra)
            rel = posixpath.normpath(urllib.parse.unquote(path))
            parts = [p for p in rel.split("/") if p not in ("", ".")]
            fs = os.path.join(root, *parts)
            if any(p == ".." for p in parts) or not os.path.isfile(fs):
                self.send_bytes(404, b"not found\n", extra)
                return 404
            with open(fs, "rb") as fh:
                body = fh.read()
            st = os.stat(fs)
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            lm = email.utils.formatdate(int(st.st_mtime), usegmt=True)
            if not rule.get("no_validators"):
                extra["ETag"] = etag
                extra["Last-Modified"] = lm
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = False
            if rule.get("no_validators"):
                fresh = False
            elif inm is not None:
                fresh = etag in [t.strip() for t in inm.split(",")]
            elif ims is not None:
                try:
                    t = email.utils.parsedate_to_datetime(ims).timestamp()
                    fresh = int(st.st_mtime) <= int(t)
                except (TypeError, ValueError, IndexError):
                    fresh = False
            if fresh:
                self.send_response(304)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                return 304
            ext = os.path.splitext(fs)[1].lower()
            extra.setdefault("Content-Type",
                             CTYPES.get(ext, "application/octet-stream"))
            if rule.get("trickle_ms"):
                return self.trickle(body, rule["trickle_ms"], extra)
            ae = self.headers.get("Accept-Encoding") or ""
            if "gzip" in ae and not rule.get("identity"):
                body = gzip.compress(body, mtime=0)
                extra["Content-Encoding"] = "gzip"
            self.send_bytes(200, body, extra)
            return 200

        def bomb(self, size, extra):
            z = gzip.compress(b"\0" * size, compresslevel=9, mtime=0)
            extra["Content-Encoding"] = "gzip"
            extra.setdefault("Content-Type", "application/rss+xml")
            try:
                self.send_bytes(200, z, extra)
            except OSError:
                pass
            return 200

        def endless(self, extra):
            self.send_response(200)
            for k, v in extra.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<!-- " + b"x" * 65000 + b" -->"
            data = b"%x\r\n%s\r\n" % (len(chunk), chunk)
            try:
                for _ in range(100000):
                    self.wfile.write(data)
            except OSError:
                pass
            self.close_connection = True
            return 200

        def trickle(self, body, ms, extra):
            self.send_response(200)
            for k, v in extra.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(ms / 1000.0)
            except OSError:
                pass
            self.close_connection = True
            return 200

    return H


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients that hang up (a cut gzip bomb, a cancelled transfer)
        # are part of the tests, not server errors.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def serve(httpd, port_file):
    """Says the port (in port_file, written atomically, else on stdout),
    then serves until interrupted.  Also used by tests/hostile.py."""
    port = httpd.server_address[1]
    if port_file:
        with open(port_file + ".tmp", "w") as fh:
            fh.write("%d\n" % port)
        os.replace(port_file + ".tmp", port_file)
    else:
        print(port, flush=True)
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    httpd.server_close()
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--rules")
    ap.add_argument("--log")
    args = ap.parse_args()
    stats = Stats()
    httpd = Server(("127.0.0.1", args.port),
                   make_handler(os.path.abspath(args.root), stats, args))
    return serve(httpd, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
