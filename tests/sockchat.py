#!/usr/bin/env python3
"""Talks the control protocol byte-exactly, for tests that must send what
the client never would (invalid UTF-8, over-long lines, several commands
at once, a session that waits between commands).

    sockchat.py SOCKET N < input

Forwards stdin to the socket as it arrives and prints every line
received until N final lines (OK... or ERR...) have arrived, the greeting
included, or until the daemon closes the connection.  Exits 1 when
nothing arrives for 5 s ($SOCKCHAT_TIMEOUT; tests/e2e/lib.sh makes it
longer under valgrind).
"""
import os
import selectors
import socket
import sys


def main():
    path, want = sys.argv[1], int(sys.argv[2])
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ)
    stdin = sys.stdin.buffer.fileno()
    sel.register(stdin, selectors.EVENT_READ)
    buf = b""
    finals = 0
    while finals < want:
        ready = sel.select(timeout=float(
            os.environ.get("SOCKCHAT_TIMEOUT", "5")))
        if not ready:
            print("TIMEOUT", file=sys.stderr)
            return 1
        for key, _ in ready:
            if key.fileobj == stdin:
                data = os.read(stdin, 65536)
                if not data:
                    sel.unregister(stdin)
                    continue
                try:
                    s.sendall(data)
                except (BrokenPipeError, ConnectionResetError):
                    sel.unregister(stdin)   # refused: print what it said
                continue
            chunk = s.recv(65536)
            if not chunk:
                return 0
            buf += chunk
            while b"\n" in buf and finals < want:
                line, buf = buf.split(b"\n", 1)
                text = line.decode("utf-8", "replace")
                print(text, flush=True)
                if text == "OK" or text.startswith("OK ") or \
                        text.startswith("ERR "):
                    finals += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
