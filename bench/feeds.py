#!/usr/bin/env python3
"""Feed polling benchmark (make bench BENCH=feeds), vorleserd beside newsboat.

Set-ups from ../shared/bench/feeds/README.md, all served on 127.0.0.1 by
the kit's `serve`:

  200x20      200 feeds x 20 items over 50 host names, no added latency
  200x20-lat  the same with --delay-ms 100 on every request
  big         one RSS feed of 5,000 items (about 12 MB)

For each set-up and tool: a cold poll (empty state), a second and a third
poll with nothing changed, and a poll after `gen --round 1` (some feeds
changed).  The third poll is the all-304 one for both: vorleserd's second
poll is conditional already, newsboat 2.21 stores the validators of a
new feed only on its second poll and sends them from the third on.  After each `gen`
every feed is fetched once (gzip) so the server's compression cache is
warm and the tool that runs first is not charged for it.  vorleserd runs as
`vorleserd --poll-once`, newsboat as `newsboat -x reload` with
reload-threads 8, each in private folders.  Every figure is the median
of RUNS runs (env BENCH_RUNS, default 3): wall seconds (a monotonic
clock around /usr/bin/time -v), user+system CPU seconds and peak RSS
(from time); and the server's counters.

On 200x20-lat vorleserd also runs with feeds.max-transfers = 100: with
the default 16 transfers at once, 200 requests of >= 100 ms each need at
least 200 / 16 * 0.1 s = 1.25 s, whatever the client does.

idle: a running daemon (speech.autoplay off) polls 20 feeds, waits 5 s,
then the context switches of all its threads are counted over
BENCH_IDLE_S seconds (default 60); anything but 0 is a periodic wake-up.

Environment: BENCH_RUNS, BENCH_FEEDS (a subset of the set-up names, idle
included), BENCH_IDLE_S, BENCH_BASELINE (another vorleserd binary
measured in the same run, as "baseline"), VORLESERD, FEEDS_KIT.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KIT = os.environ.get("FEEDS_KIT",
                     os.path.join(TOP, "..", "shared", "bench", "feeds"))
VORLESERD = os.environ.get("VORLESERD", os.path.join(TOP, "vorleserd"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# BENCH_FEEDS="200x20 big" runs only those set-ups (200x20, 200x20-lat,
# big, idle); all by default.
ONLY = os.environ.get("BENCH_FEEDS", "").split()
# BENCH_BASELINE=/path/to/an/older/vorleserd also measures that binary in
# the same run (tool "baseline"), for before/after figures.
BASELINE = os.environ.get("BENCH_BASELINE")


def sh(*args, **kw):
    return subprocess.run(args, check=True, **kw)


def timed(cmd, env=None, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (wall, cpu, rss_kb).
    CPU and peak RSS are time's (its small process forks the tool: a
    child forked from this Python would start with Python's RSS as its
    peak).  Wall time is taken here, on a monotonic clock: time prints
    it in 10 ms steps, a seventh of an all-304 poll; time's own start
    (under a millisecond) counts for every tool alike."""
    fd, out = tempfile.mkstemp()
    os.close(fd)
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", "-o", out] + cmd, env=env,
                       cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    vals = {}
    with open(out) as f:
        for line in f:
            k, _, v = line.strip().partition(": ")
            vals[k] = v
    os.unlink(out)
    if r.returncode != 0:
        sys.stderr.write("%s failed (%d): %s\n" % (cmd[0], r.returncode,
                         r.stderr.decode(errors="replace")[-500:]))
    cpu = float(vals["User time (seconds)"]) + \
        float(vals["System time (seconds)"])
    return wall, cpu, int(vals["Maximum resident set size (kbytes)"])


class Server:
    def __init__(self, root, delay):
        self.port_file = os.path.join(root, "..", "port-%d" % delay)
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        self.p = subprocess.Popen(
            [sys.executable, os.path.join(KIT, "serve"), root, "--port", "0",
             "--port-file", self.port_file, "--delay-ms", str(delay),
             "--max-seconds", "3000"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists(self.port_file):
                break
            time.sleep(0.05)
        self.port = int(open(self.port_file).read())

    def get(self, what):
        u = "http://127.0.0.1:%d/_serve/%s" % (self.port, what)
        return json.load(urllib.request.urlopen(u))

    def stop(self):
        # The kit's server has been seen to stay in its select loop
        # after SIGTERM; the bench then waited for ever, every figure
        # measured but not printed.
        self.p.terminate()
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


class Vorleserd:
    name = "vorleserd"

    def __init__(self, work, urls, max_transfers=None, binary=None,
                 name=None):
        self.binary = binary or VORLESERD
        if name:
            self.name = name
        self.cfg = os.path.join(work, "cfg")
        self.state = os.path.join(work, "state")
        os.makedirs(self.cfg, exist_ok=True)
        shutil.copy(urls, os.path.join(self.cfg, "feeds"))
        with open(os.path.join(self.cfg, "vorleser.conf"), "w") as f:
            if max_transfers:
                f.write("[feeds]\nmax-transfers = %d\n" % max_transfers)
                self.name = "%s/%d" % (self.name, max_transfers)

    def reset(self):
        shutil.rmtree(self.state, ignore_errors=True)

    def poll(self):
        return timed([self.binary, "-q", "--poll-once", "--config",
                      os.path.join(self.cfg, "vorleser.conf"),
                      "--state-dir", self.state])


class Newsboat:
    name = "newsboat"

    def __init__(self, work, urls):
        self.dir = os.path.join(work, "nb")
        os.makedirs(self.dir, exist_ok=True)
        self.urls = os.path.join(self.dir, "urls")
        shutil.copy(urls, self.urls)
        self.conf = os.path.join(self.dir, "config")
        with open(self.conf, "w") as f:
            f.write("reload-threads 8\n")
        self.cache = os.path.join(self.dir, "cache.db")
        self.env = dict(os.environ, HOME=self.dir,
                        XDG_CONFIG_HOME=os.path.join(self.dir, "xdgc"),
                        XDG_DATA_HOME=os.path.join(self.dir, "xdgd"))

    def reset(self):
        for suffix in ("", ".lock", "-journal", "-wal", "-shm"):
            if os.path.exists(self.cache + suffix):
                os.unlink(self.cache + suffix)

    def poll(self):
        return timed(["newsboat", "-u", self.urls, "-c", self.cache,
                      "-C", self.conf, "-x", "reload"], env=self.env)


def gen(out, port, args, round_=0):
    sh(sys.executable, os.path.join(KIT, "gen"), out, "--seed", "1",
       "--base", "http://127.0.0.1:%d" % port, "--round", str(round_),
       *args, stdout=subprocess.DEVNULL)


def warm(srv, root):
    """Fetches every feed once with gzip so the server has compressed and
    cached it: otherwise whichever tool runs first pays for that."""
    import concurrent.futures
    with open(os.path.join(root, "feeds.txt")) as f:
        urls = [u.strip() for u in f if u.strip()]

    def one(u):
        path = "/" + u.split("/", 3)[3]
        req = urllib.request.Request(
            "http://127.0.0.1:%d%s" % (srv.port, path),
            headers={"Accept-Encoding": "gzip"})
        urllib.request.urlopen(req).read()
    with concurrent.futures.ThreadPoolExecutor(8) as ex:
        list(ex.map(one, urls))


def measure(tool, srv):
    srv.get("reset")
    wall, cpu, rss = tool.poll()
    st = srv.get("stats")
    return {"wall": wall, "cpu": cpu, "rss": rss,
            "req": st["requests"], "s200": st["s200"], "s304": st["s304"],
            "cond": st["conditional"], "peak": st["peak_concurrent_connections"]}


def median(rows):
    out = {}
    for k in rows[0]:
        out[k] = statistics.median(r[k] for r in rows)
    return out


def setup(work, name, genargs, delay, tools_for, phases):
    """Generates, serves and measures one set-up; returns result rows."""
    root = os.path.join(work, name, "www")
    os.makedirs(root)
    srv = Server(root, delay)
    results = {}
    try:
        for run in range(RUNS):
            shutil.rmtree(root)
            os.makedirs(root)
            gen(root, srv.port, genargs)
            warm(srv, root)
            tools = tools_for(os.path.join(work, name, "run%d" % run),
                              os.path.join(root, "feeds.txt"))
            # Each run starts with another tool, so none is always the
            # one right after gen and warm (the server still ending
            # warm's connections) or after another tool.
            k = run % len(tools)
            tools = tools[k:] + tools[:k]
            for t in tools:
                t.reset()
                results.setdefault((t.name, "cold"), []).append(
                    measure(t, srv))
                results.setdefault((t.name, "second"), []).append(
                    measure(t, srv))
                results.setdefault((t.name, "third"), []).append(
                    measure(t, srv))
            if "round1" in phases:
                gen(root, srv.port, genargs, round_=1)
                warm(srv, root)
                for t in tools:
                    results.setdefault((t.name, "round-1"), []).append(
                        measure(t, srv))
    finally:
        srv.stop()
    rows = []
    for (tool, phase), rs in results.items():
        rows.append((name, phase, tool, median(rs)))
    return rows


def ctxt(pid):
    """Context switches of every thread of pid, by thread name: a wake-up
    of the speech worker, the audio thread or curl's resolver counts as
    much as one of the main loop.  Threads that ended are not counted
    (none should come and go while the daemon is idle)."""
    per = {}
    task = "/proc/%d/task" % pid
    for tid in os.listdir(task):
        try:
            with open(os.path.join(task, tid, "comm")) as f:
                name = f.read().strip()
            n = 0
            with open(os.path.join(task, tid, "status")) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches",
                                        "nonvoluntary_ctxt_switches")):
                        n += int(line.split()[1])
        except FileNotFoundError:
            continue        # the thread ended meanwhile
        per["%s/%s" % (name, tid)] = n
    return per


def idle(work, seconds, binary, tag):
    """The daemon between polls: context switches of all its threads over
    an idle window after 20 feeds were polled (the next poll is 15
    minutes away), with nothing to speak (speech.autoplay = false)."""
    root = os.path.join(work, "idle-" + tag, "www")
    os.makedirs(root)
    srv = Server(root, 0)
    try:
        gen(root, srv.port, ["--feeds", "20", "--items", "20", "--hosts",
                             "5", "--no-articles"])
        v = Vorleserd(os.path.join(work, "idle-" + tag, "v"),
                      os.path.join(root, "feeds.txt"))
        with open(os.path.join(v.cfg, "vorleser.conf"), "w") as f:
            f.write("[speech]\nautoplay = false\n")
        sock = os.path.join(work, "idle-" + tag, "sock")
        p = subprocess.Popen([binary, "-q", "--config",
                              os.path.join(v.cfg, "vorleser.conf"),
                              "--state-dir", v.state, "--socket", sock],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                if srv.get("stats")["requests"] >= 20:
                    break
                time.sleep(0.1)
            # Start-up work (story texts of the new items, the first
            # look for a sound device) is over within a few seconds.
            time.sleep(5)
            before = ctxt(p.pid)
            time.sleep(seconds)
            after = ctxt(p.pid)
        finally:
            p.terminate()
            p.wait()
    finally:
        srv.stop()
    per = {}
    for k in set(before) | set(after):
        per[k] = after.get(k, 0) - before.get(k, 0)
    return per


def wanted(name):
    return not ONLY or name in ONLY


def main():
    if not os.path.exists(os.path.join(KIT, "gen")):
        sys.exit("feeds bench: no kit at %s" % KIT)
    if shutil.which("newsboat") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "newsboat"],
                       stdout=subprocess.DEVNULL)
    have_nb = shutil.which("newsboat") is not None
    work = tempfile.mkdtemp(prefix="vorleser-bench-feeds.")
    rows = []

    def both(d, urls, extra=None):
        os.makedirs(d, exist_ok=True)
        t = [Vorleserd(os.path.join(d, "v"), urls)]
        if extra:
            t.append(Vorleserd(os.path.join(d, "v%d" % extra), urls, extra))
        if BASELINE:
            t.append(Vorleserd(os.path.join(d, "b"), urls, None, BASELINE,
                               "baseline"))
            if extra:
                t.append(Vorleserd(os.path.join(d, "b%d" % extra), urls,
                                   extra, BASELINE, "baseline"))
        if have_nb:
            t.append(Newsboat(d, urls))
        return t
    try:
        many = ["--feeds", "200", "--items", "20", "--hosts", "50"]
        if wanted("200x20"):
            rows += setup(work, "200x20", many, 0,
                          lambda d, u: both(d, u), ("round1",))
        if wanted("200x20-lat"):
            rows += setup(work, "200x20-lat", many, 100,
                          lambda d, u: both(d, u, 100), ("round1",))
        big = ["--feeds", "1", "--items", "5000", "--format", "rss2",
               "--encoding", "utf-8", "--no-articles"]
        if wanted("big"):
            rows += setup(work, "big", big, 0, lambda d, u: both(d, u), ())
        idle_s = int(os.environ.get("BENCH_IDLE_S", "60"))
        idles = []
        if wanted("idle"):
            idles.append(("vorleserd", idle(work, idle_s, VORLESERD, "v")))
            if BASELINE:
                idles.append(("baseline", idle(work, idle_s, BASELINE,
                                               "b")))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("medians of %d runs; wall and CPU in s, RSS in MB; server: "
          "requests 200/304 conditional peak-connections" % RUNS)
    print("%-11s %-8s %-14s %7s %7s %7s   %s" % (
        "set-up", "poll", "tool", "wall", "cpu", "rss", "server"))
    order = {"cold": 0, "second": 1, "third": 2, "round-1": 3}
    for name, phase, tool, m in sorted(
            rows, key=lambda r: (r[0], order[r[1]], r[2])):
        print("%-11s %-8s %-14s %7.3f %7.3f %7.1f   %d %d/%d %d %d" % (
            name, phase, tool, m["wall"], m["cpu"], m["rss"] / 1024,
            m["req"], m["s200"], m["s304"], m["cond"], m["peak"]))
    by = {(r[0], r[1], r[2]): r[3] for r in rows}
    print()
    for name in ("200x20", "200x20-lat", "big"):
        for phase in ("cold", "third"):
            n = by.get((name, phase, "newsboat"))
            for tool in ("vorleserd", "vorleserd/100", "baseline",
                         "baseline/100"):
                v = by.get((name, phase, tool))
                if v and n:
                    print("%-11s %-8s newsboat/%s wall: %.1fx" % (
                        name, "all-304" if phase == "third" else phase,
                        tool, n["wall"] / v["wall"]))
    for tool, per in idles:
        print("idle %s: %d context switches in %d s after polling 20 "
              "feeds, all %d threads (%s)" % (
                  tool, sum(per.values()), idle_s, len(per),
                  ", ".join("%s %d" % (k, per[k]) for k in sorted(per))))


if __name__ == "__main__":
    main()
