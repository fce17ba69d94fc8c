#!/usr/bin/env python3
"""Control-socket abuse benchmark (make bench BENCH=protocol).

Starts vorleserd with max-clients = 256, measures the ping round trip of
a well-behaved client alone, then with 200 abusive clients connected:
100 that send commands and never read their replies, 100 that send
1 MB lines without a newline, over and over.  Prints p50/p99 ping in ms
for both runs and the daemon's RSS before, during and after the load.
"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def pings(path, n):
    s = connect(path)
    f = s.makefile("rb")
    f.readline()                        # greeting
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        s.sendall(b"ping\n")
        line = f.readline()
        times.append((time.perf_counter() - t0) * 1000)
        if line != b"OK\n":
            raise SystemExit(f"bad reply {line!r}")
    s.close()
    return times


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p / 100))]


def abuser(path, kind, stop):
    line = b"x" * (1 << 20)
    while not stop.is_set():
        try:
            s = connect(path)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(1)
            while not stop.is_set():
                if kind == "noread":
                    s.sendall(b"help\n" * 50)
                else:
                    s.sendall(line)
                time.sleep(0.01)
        except OSError:
            time.sleep(0.05)            # dropped or refused: come back


def main():
    d = tempfile.mkdtemp(prefix="vorleser-bench-")
    env = dict(os.environ, XDG_CONFIG_HOME=d + "/c", XDG_STATE_HOME=d + "/s",
               XDG_RUNTIME_DIR=d + "/r")
    os.makedirs(d + "/c/vorleser")
    os.makedirs(d + "/r", mode=0o700)
    with open(d + "/c/vorleser/vorleser.conf", "w") as f:
        f.write("[daemon]\nmax-clients = 256\nlog-level = warning\n")
    path = d + "/r/vorleser/socket"
    daemon = subprocess.Popen([os.path.join(TOP, "vorleserd"), "-q"], env=env)
    try:
        for _ in range(100):
            if os.path.exists(path):
                break
            time.sleep(0.05)
        time.sleep(0.2)
        rss0 = rss_kb(daemon.pid)
        base = pings(path, 2000)
        stop = threading.Event()
        threads = [threading.Thread(target=abuser, args=(path, k, stop),
                                    daemon=True)
                   for k in ["noread"] * 100 + ["longline"] * 100]
        for t in threads:
            t.start()
        time.sleep(2)
        rss1 = rss_kb(daemon.pid)
        loaded = pings(path, 2000)
        rss2 = rss_kb(daemon.pid)
        stop.set()
        time.sleep(1.5)
        rss3 = rss_kb(daemon.pid)
        print(f"protocol: ping alone      p50 {statistics.median(base):.3f} ms"
              f"  p99 {pct(base, 99):.3f} ms")
        print(f"protocol: ping, 200 abusers p50 {statistics.median(loaded):.3f}"
              f" ms  p99 {pct(loaded, 99):.3f} ms (target p99 <= 5 ms)")
        print(f"protocol: RSS KiB idle {rss0}, under load {rss1} -> {rss2},"
              f" after {rss3}")
    finally:
        daemon.terminate()
        daemon.wait()
        subprocess.run(["rm", "-rf", d])


if __name__ == "__main__":
    main()
