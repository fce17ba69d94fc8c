#!/usr/bin/env python3
"""A stand-in for systemd's notification socket, for the service tests.

    notifyrecv.py SOCKET OUTPUT [SECONDS]

Binds a datagram socket at SOCKET (a path, or @name for an abstract
socket, as NOTIFY_SOCKET names them), then appends every line of every
datagram it receives to OUTPUT, flushed at once, so a test can wait for
"READY=1" with grep.  A blank line ends each datagram.  Exits after
SECONDS (default 60) so a forgotten receiver cannot outlive its test.
"""
import os
import socket
import sys
import time


def main():
    name, out = sys.argv[1], sys.argv[2]
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind("\0" + name[1:] if name.startswith("@") else name)
    end = time.monotonic() + limit
    with open(out, "a", encoding="utf-8") as f:
        # Tell the test we are listening before anything is sent.
        f.write("LISTENING\n\n")
        f.flush()
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            s.settimeout(left)
            try:
                data = s.recv(4096)
            except socket.timeout:
                break
            f.write(data.decode("utf-8", "replace") + "\n\n")
            f.flush()
    if not name.startswith("@"):
        os.unlink(name)


if __name__ == "__main__":
    main()
