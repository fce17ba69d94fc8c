#!/usr/bin/env python3
"""Soak benchmark (make bench BENCH=soak; not part of make check).

Runs vorleserd for SOAK_SECONDS (default 1800) under a steady, varied load
and checks that it does not grow:

* 50 feeds (../shared/bench/feeds `gen`, served by its `serve` on
  127.0.0.1), whose content changes: `gen --round R` with R increasing
  every SOAK_ROUND_EVERY seconds (default 5);
* polls every few seconds: feeds.interval and each feed's interval= are
  the first of SOAK_INTERVALS (default "5s 1m") the daemon accepts (the
  smallest allowed was 1m before it became 1s), and a client sends
  `reload all` every SOAK_RELOAD_EVERY seconds (default 5), so that
  both the scheduler's polls and forced ones run;
* continuous speech with speech.autoplay = on into a real ALSA path:
  PortAudio's ALSA host API -> the ALSA pulse plugin -> a private, paced
  PulseAudio null sink (tests/sink.sh), whose recorder logs when sound
  starts and stops;
* control clients that come and go: status, queue, feeds, articles,
  watch and idle connections dropped at random moments, pipelined
  commands dropped unread, garbage lines (invalid UTF-8, control bytes,
  bad quoting, unknown commands, over-long lines, half lines).

Every SOAK_SAMPLE seconds (default 10) it samples the daemon's VmRSS,
VmHWM, open fds and threads, and prints them with the polls and stories
finished so far (from a `watch` connection held all along), the queue and
underruns (from `status`) and the seconds of sound heard.

The verdict compares the mean of the last sixth of the run (the last 5
minutes of 30) with the mean of its second sixth (minutes 5 to 10: the
daemon has settled, the queue is full, the caches are warm):

* RSS grows by at most SOAK_RSS_SLACK_KB (default 2048).  At the default
  load the daemon polls about 600 feeds a minute and fetches many article
  pages; a leak of 200 bytes per poll alone would add 2.4 MB between the
  two windows.  Below that, malloc's arenas and SQLite's page cache
  (bounded) move RSS by a few hundred KB either way.
* open fds grow by at most SOAK_FD_SLACK (default 3): up to 16 transfers
  and several clients are legitimately open at a sampling moment, so the
  mean wanders by one or two; a leak of one fd per hundred polls would
  add over a hundred.
* threads: the last window's most is no more than the baseline's most.
* the daemon is alive and answers `ping` at the end;
* it kept speaking: sentences were spoken (a whole story takes minutes
  in speech.mode = full) and the sink heard sound for more
  than half of the last window.  Underruns in both windows are printed;
  they fail the run only when SOAK_MAX_UNDERRUNS (default -1: report
  only) is set and the last window had more, because on a shared machine
  they measure the neighbours' load as much as the daemon;
* polls happened in every sample interval.

Exit status 0 when every check passes, 1 otherwise.
"""
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KIT = os.path.join(os.path.dirname(TOP), "shared", "bench", "feeds")
SINK = os.path.join(TOP, "tests", "sink.sh")


def env_int(name, default):
    v = os.environ.get(name, "")
    return int(v) if v.strip() else default


SECONDS = env_int("SOAK_SECONDS", 1800)
FEEDS = env_int("SOAK_FEEDS", 50)
ROUND_EVERY = env_int("SOAK_ROUND_EVERY", 5)
RELOAD_EVERY = env_int("SOAK_RELOAD_EVERY", 5)
INTERVALS = os.environ.get("SOAK_INTERVALS", "5s 1m").split()
SAMPLE = env_int("SOAK_SAMPLE", 10)
CHURNERS = env_int("SOAK_CLIENTS", 3)
RSS_SLACK_KB = env_int("SOAK_RSS_SLACK_KB", 2048)
FD_SLACK = env_int("SOAK_FD_SLACK", 3)
MAX_UNDERRUNS = env_int("SOAK_MAX_UNDERRUNS", -1)
HZ = os.sysconf("SC_CLK_TCK")

stop = threading.Event()
lock = threading.Lock()
counts = {"polls": 0, "poll_errors": 0, "stories": 0, "sentences": 0,
          "rounds": 0,
          "reloads": 0, "clients": 0, "client_errors": 0, "garbage": 0,
          "watch_lost": 0}


def bump(key, n=1):
    with lock:
        counts[key] += n


def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.split()[0] if v.split() else ""
    return out


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])        # utime + stime


def nfds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def connect(path, timeout=10):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s


def request(path, line, timeout=10):
    """One command on a new connection: its data lines and final line."""
    s = connect(path, timeout)
    try:
        f = s.makefile("rb")
        f.readline()                                # greeting
        s.sendall(line.encode() + b"\n")
        data = []
        while True:
            r = f.readline()
            if not r:
                raise ConnectionError("closed before the reply ended")
            r = r.decode("utf-8", "replace").rstrip("\n")
            if r == "OK" or r.startswith("ERR "):
                return data, r
            data.append(r)
    finally:
        s.close()


def kv(lines):
    out = {}
    for r in lines:
        k, _, v = r.partition(": ")
        out.setdefault(k, v)
    return out


def watcher(path):
    """Holds one watch connection for the whole run and counts events;
    reconnects (and counts it) if the daemon drops it."""
    while not stop.is_set():
        try:
            s = connect(path, 1)
            s.sendall(b"watch feeds speech\n")
            buf = b""
            while not stop.is_set():
                try:
                    b = s.recv(65536)
                except socket.timeout:
                    continue
                if not b:
                    break
                buf += b
                *lines, buf = buf.split(b"\n")
                for r in lines:
                    if r.startswith(b"EVENT feeds poll-done"):
                        bump("polls")
                        if b"errors=1" in r:
                            bump("poll_errors")
                    elif r.startswith(b"EVENT speech story-end"):
                        bump("stories")
                    elif r.startswith(b"EVENT speech sentence"):
                        bump("sentences")
            s.close()
        except OSError:
            pass
        if not stop.is_set():
            bump("watch_lost")
            time.sleep(1)


def rounder(gen_args):
    r = 1
    while not stop.wait(ROUND_EVERY):
        subprocess.run(gen_args + ["--round", str(r)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r += 1
        bump("rounds")


def reloader(path):
    while not stop.wait(RELOAD_EVERY):
        try:
            request(path, "reload all")
            bump("reloads")
        except OSError:
            bump("client_errors")


GARBAGE = [
    b"\xff\xfe\xc3(\n",                     # invalid UTF-8
    b"status\x01\x02\n",                    # control bytes
    b'say "unterminated\n',                 # bad quoting
    b"nosuchcommand a b c\n",
    b"\n",
    b"x" * 9000 + b"\n",                    # over the line limit
    b"queue " + b"y " * 40 + b"\n",         # too many words
    b"help \"\\q\"\n",
    b"begin\nstatus\nnosuch\nend\n",
    b"status",                              # half a line, then gone
]


def churn(path, seed):
    rnd = random.Random(seed)
    while not stop.is_set():
        kind = rnd.choice(["status", "queue", "feeds", "articles", "watch",
                           "idle", "pipeline", "garbage", "garbage"])
        try:
            if kind in ("status", "queue", "feeds"):
                request(path, kind)
            elif kind == "articles":
                request(path, "articles --all --limit 50")
            else:
                s = connect(path)
                s.recv(256)                         # greeting
                if kind == "watch":
                    s.sendall(b"watch\n")
                elif kind == "idle":
                    s.sendall(b"idle player queue\n")
                elif kind == "pipeline":
                    s.sendall(b"status\nqueue\nfeeds\nhelp\n" * 20)
                else:
                    s.sendall(rnd.choice(GARBAGE))
                    bump("garbage")
                # Read a little, or nothing, then drop the connection.
                end = time.monotonic() + rnd.uniform(0, 3)
                s.settimeout(0.2)
                while time.monotonic() < end and rnd.random() < 0.8:
                    try:
                        if not s.recv(4096):
                            break
                    except socket.timeout:
                        pass
                s.close()
            bump("clients")
        except OSError:
            bump("client_errors")
        stop.wait(rnd.uniform(0, 0.5))


def sound_seconds(events, t0, t1):
    """Seconds with sound between wall clock t0 and t1, from the sink's
    event log ("sound T" / "silence T" lines)."""
    total, on = 0.0, None
    try:
        with open(events) as f:
            for line in f:
                k, _, v = line.partition(" ")
                if k == "sound":
                    on = float(v)
                elif k == "silence" and on is not None:
                    a, b = max(on, t0), min(float(v), t1)
                    total += max(0.0, b - a)
                    on = None
    except OSError:
        return 0.0
    if on is not None:
        total += max(0.0, t1 - max(on, t0))
    return total


def mean(xs):
    return statistics.mean(xs) if xs else 0.0


def main():
    for tool in ("gen", "serve"):
        if not os.access(os.path.join(KIT, tool), os.X_OK):
            print(f"soak: {KIT}/{tool} missing", file=sys.stderr)
            return 2
    vorleserd = os.path.join(TOP, "vorleserd")
    if not os.access(vorleserd, os.X_OK):
        print("soak: build vorleserd first (make)", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="vorleser-soak.")
    procs = []
    sink_up = False
    try:
        env = dict(os.environ)
        for d in ("config/vorleser", "state", "run"):
            os.makedirs(os.path.join(tmp, d))
        os.chmod(os.path.join(tmp, "run"), 0o700)
        env.update(XDG_CONFIG_HOME=f"{tmp}/config",
                   XDG_STATE_HOME=f"{tmp}/state",
                   XDG_RUNTIME_DIR=f"{tmp}/run")
        for k in ("VORLESER_SOCKET", "LISTEN_FDS", "LISTEN_PID",
                  "NOTIFY_SOCKET"):
            env.pop(k, None)
        sock = f"{tmp}/run/vorleser/socket"

        out = subprocess.run(["sh", SINK, "start", f"{tmp}/sink"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print("soak: sound sink: " + out.stderr, file=sys.stderr)
            return 2
        sink_up = True
        for line in out.stdout.splitlines():
            k, _, v = line.removeprefix("export ").partition("=")
            env[k] = v.strip("'")

        site = f"{tmp}/site"
        os.makedirs(site)
        serve = subprocess.Popen(
            [f"{KIT}/serve", site, "--port", "0", "--port-file",
             f"{tmp}/port"], stdout=subprocess.DEVNULL,
            stderr=open(f"{tmp}/serve.log", "w"))
        procs.append(serve)
        for _ in range(100):
            if os.path.exists(f"{tmp}/port") and \
                    open(f"{tmp}/port").read().strip():
                break
            time.sleep(0.1)
        port = open(f"{tmp}/port").read().split()[-1]
        gen = [f"{KIT}/gen", site, "--feeds", str(FEEDS), "--items", "20",
               "--seed", "1", "--base", f"http://127.0.0.1:{port}"]
        subprocess.run(gen, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        with open(f"{site}/feeds.txt") as f:
            urls = f.read().split()
        # The shortest interval the configuration takes: a daemon that
        # refuses INTERVAL at startup says so and exits.
        for interval in INTERVALS:
            with open(f"{tmp}/config/vorleser/feeds", "w") as o:
                for url in urls:
                    o.write(f"{url} soak interval={interval}\n")
            with open(f"{tmp}/config/vorleser/vorleser.conf", "w") as o:
                o.write(f"[feeds]\ninterval = {interval}\n"
                        "[speech]\nautoplay = on\n")
            daemon = subprocess.Popen([vorleserd], env=env,
                                      stdout=subprocess.DEVNULL,
                                      stderr=open(f"{tmp}/daemon.log", "a"))
            procs.append(daemon)
            for _ in range(100):
                try:
                    request(sock, "ping", 1)
                    break
                except OSError:
                    if daemon.poll() is not None:
                        break
                    time.sleep(0.1)
            if daemon.poll() is None:
                break
        else:
            print("soak: the daemon did not start", file=sys.stderr)
            return 1
        pid = daemon.pid

        threads = [threading.Thread(target=watcher, args=(sock,)),
                   threading.Thread(target=rounder, args=(gen,)),
                   threading.Thread(target=reloader, args=(sock,))]
        threads += [threading.Thread(target=churn, args=(sock, i))
                    for i in range(CHURNERS)]
        for t in threads:
            t.daemon = True
            t.start()

        print(f"soak: {FEEDS} feeds polled every {interval}, "
              f"round every {ROUND_EVERY} s, "
              f"reload all every {RELOAD_EVERY} s, {CHURNERS} churning "
              f"clients, {SECONDS} s, daemon pid {pid}")
        hdr = ("     t  rss_kb  hwm_kb  fds  thr  cpu%  db_kb  polls "
               "stories sentences queue underruns sound_s  state")
        print(hdr)
        rows = []
        wall0 = time.time()
        start = time.monotonic()
        alive = True
        ticks = cpu_ticks(pid)
        for i in range(1, SECONDS // SAMPLE + 1):
            time.sleep(max(0.0, start + i * SAMPLE - time.monotonic()))
            if daemon.poll() is not None:
                alive = False
                print(f"soak: the daemon exited ({daemon.returncode})")
                break
            st = proc_status(pid)
            fds = nfds(pid)
            t = cpu_ticks(pid)
            cpu = 100.0 * (t - ticks) / HZ / SAMPLE
            ticks = t
            db = sum(os.path.getsize(f"{tmp}/state/vorleser/{x}")
                     for x in ("vorleser.db", "vorleser.db-wal")
                     if os.path.exists(f"{tmp}/state/vorleser/{x}"))
            try:
                s = kv(request(sock, "status")[0])
            except OSError:
                s = {}
            with lock:
                c = dict(counts)
            now = time.time()
            row = {"t": i * SAMPLE, "rss": int(st["VmRSS"]),
                   "hwm": int(st["VmHWM"]), "fds": fds,
                   "thr": int(st["Threads"]), "cpu": cpu,
                   "db": db // 1024, "polls": c["polls"],
                   "stories": c["stories"], "sentences": c["sentences"],
                   "queue": int(s.get("queue", "-1")),
                   "underruns": int(s.get("underruns", "-1")),
                   "sound": sound_seconds(f"{tmp}/sink/events.log",
                                          now - SAMPLE, now),
                   "state": s.get("state", "?")}
            rows.append(row)
            print("%6d %7d %7d %4d %4d %5.1f %6d %6d %7d %9d %5d %9d "
                  "%7.1f  %s" % (row["t"], row["rss"], row["hwm"],
                                 row["fds"], row["thr"], row["cpu"],
                                 row["db"], row["polls"], row["stories"],
                                 row["sentences"], row["queue"],
                                 row["underruns"], row["sound"],
                                 row["state"]), flush=True)
            # The recorder's samples are not needed, only its event log.
            try:
                os.truncate(f"{tmp}/sink/capture.raw", 0)
            except OSError:
                pass
        stop.set()

        answered = False
        try:
            answered = request(sock, "ping", 5)[1] == "OK"
        except OSError:
            pass
        alive = alive and daemon.poll() is None and answered
        try:
            with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_serve/stats", timeout=10) as r:
                stats = r.read().decode().strip()
        except OSError:
            stats = "?"
        return verdict(rows, alive, stats, time.time() - wall0)
    finally:
        stop.set()
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if sink_up:
            subprocess.run(["sh", SINK, "stop", f"{tmp}/sink"],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if os.environ.get("SOAK_KEEP"):
            print(f"soak: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def verdict(rows, alive, stats, wall):
    n = len(rows)
    with lock:
        c = dict(counts)
    print(f"soak: {wall:.0f} s, {c['rounds']} content rounds, "
          f"{c['reloads']} reloads, {c['polls']} polls "
          f"({c['poll_errors']} with errors), {c['sentences']} sentences "
          f"and {c['stories']} stories spoken, {c['clients']} client connections "
          f"({c['garbage']} with garbage, {c['client_errors']} failed), "
          f"watch connection lost {c['watch_lost']} times")
    print(f"soak: server {stats}")
    checks = []
    checks.append(("daemon alive and answering at the end", alive, ""))
    if n < 6:
        checks.append(("enough samples", False, f"{n} samples"))
        return report(checks)
    # Windows: the second sixth (minutes 5-10 of 30) and the last sixth.
    base = rows[n // 6:n // 3]
    last = rows[n - n // 6:]
    rb, rl = mean([r["rss"] for r in base]), mean([r["rss"] for r in last])
    fb, fl = mean([r["fds"] for r in base]), mean([r["fds"] for r in last])
    tb, tl = max(r["thr"] for r in base), max(r["thr"] for r in last)
    print(f"soak: windows t={base[0]['t']}..{base[-1]['t']} s and "
          f"t={last[0]['t']}..{last[-1]['t']} s")
    checks.append(("RSS does not grow", rl <= rb + RSS_SLACK_KB,
                   f"mean {rb:.0f} -> {rl:.0f} kB ({rl - rb:+.0f}, "
                   f"slack {RSS_SLACK_KB}), peak {rows[-1]['hwm']} kB"))
    checks.append(("open fds do not grow", fl <= fb + FD_SLACK,
                   f"mean {fb:.1f} -> {fl:.1f} ({fl - fb:+.1f}, "
                   f"slack {FD_SLACK}), range {min(r['fds'] for r in rows)}"
                   f"..{max(r['fds'] for r in rows)}"))
    checks.append(("threads do not grow", tl <= tb, f"most {tb} -> {tl}"))
    # Underruns over each window (the row before a window is its start).
    ub = base[-1]["underruns"] - rows[n // 6 - 1]["underruns"]
    ul = last[-1]["underruns"] - rows[n - n // 6 - 1]["underruns"]
    heard = sum(r["sound"] for r in last)
    span = len(last) * SAMPLE
    spoke = last[-1]["stories"] - rows[n - n // 6 - 1]["stories"]
    said = last[-1]["sentences"] - rows[n - n // 6 - 1]["sentences"]
    checks.append(("kept speaking", said > 0 and heard > span / 2 and
                   last[-1]["underruns"] >= 0 and
                   (MAX_UNDERRUNS < 0 or ul <= MAX_UNDERRUNS),
                   f"{said} sentences, {spoke} whole stories and "
                   f"{heard:.0f} s of sound "
                   f"in the last {span} s; underruns {ub} in the first "
                   f"window, {ul} in the last, {last[-1]['underruns']} in "
                   f"all"))
    idle = [r["t"] for i, r in enumerate(rows)
            if r["polls"] <= (rows[i - 1]["polls"] if i else 0)]
    checks.append(("polls in every interval", not idle,
                   f"{rows[-1]['polls']} polls; none in the interval "
                   f"ending at t={idle[:5]}" if idle else
                   f"{rows[-1]['polls']} polls, "
                   f"{rows[-1]['polls'] / (rows[-1]['t'] / 60):.0f}/min"))
    return report(checks)


def report(checks):
    ok = True
    for name, good, detail in checks:
        print(f"soak: {'PASS' if good else 'FAIL'} {name}"
              + (f": {detail}" if detail else ""))
        ok = ok and good
    print(f"soak: verdict {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
