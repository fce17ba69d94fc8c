#!/usr/bin/env python3
"""Talks the control protocol byte-exactly, for tests that must send what
the client never would (invalid UTF-8, over-long lines, several commands
at once).

    sockchat.py SOCKET N < input

Sends stdin as it is, then prints every line received until N final
lines (OK... or ERR...) have arrived, the greeting included, or until the
daemon closes the connection.  Exits 1 on a timeout of 5 s.
"""
import socket
import sys


def main():
    path, want = sys.argv[1], int(sys.argv[2])
    data = sys.stdin.buffer.read()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    if data:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass    # refused or closed early: print what it said
    buf = b""
    finals = 0
    try:
        while finals < want:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf and finals < want:
                line, buf = buf.split(b"\n", 1)
                text = line.decode("utf-8", "replace")
                print(text)
                if text == "OK" or text.startswith("OK ") or \
                        text.startswith("ERR "):
                    finals += 1
    except socket.timeout:
        print("TIMEOUT", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
