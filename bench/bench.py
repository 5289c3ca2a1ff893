#!/usr/bin/env python3
"""ser2net-camel vs Debian's ser2net, side by side, over pseudo-terminals. Started by bench/run.

For each target: a fresh pty whose master is held by echo_device.py (its own process), a fresh server process
serving the pty slave on a free 127.0.0.1 port, then, from this process as the TCP client:

  start   time from the server's exec to its port accepting a TCP connection (connect polled every 2 ms)
  latency round trips of 16-byte frames (send 16, wait for the 16 echoed bytes), after a warm-up
  bulk    random bytes streamed by a writer thread while the main thread reads the echo; MB/s and sha256
  memory  VmRSS after the bulk run and VmHWM (peak) of the server process, from /proc/PID/status

stdlib only. Every loop is bounded in count and time.
"""
import argparse
import hashlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time

import idle
from fake_kube import FakeKube

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
FRAME = 16

TARGET_NAMES = ("app", "ser2net-nodelay", "ser2net-default", "app-k8s", "app-plainjvm")
# the README's run command: the JVM options file next to the jar, paths relative to the repository folder
ARGS_FILE = "target/ser2net-camel.args"
ARCHIVE = "target/ser2net-camel.jsa"


class BenchError(Exception):
    pass


# ---------------------------------------------------------------- helpers

def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def proc_status(pid):
    """VmRSS, VmHWM in KiB and Threads of pid (None when it is gone)."""
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key, _, val = line.partition(":")
                if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                    out[key] = int(val.split()[0])
                elif key == "Threads":
                    out[key] = int(val)
    except OSError:
        return None
    return out


def proc_cpu_seconds(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # fields[0] is state (field 3); utime, stime are fields 14, 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def percentile(sorted_vals, p):
    if not sorted_vals:
        return float("nan")
    k = max(0, min(len(sorted_vals) - 1, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


def recv_exact(sock, view, n):
    got = 0
    while got < n:
        k = sock.recv_into(view[got:n], n - got)
        if k == 0:
            raise BenchError("connection closed after %d of %d bytes" % (got, n))
        got += k


# ---------------------------------------------------------------- targets

class Target:
    def __init__(self, name, args, pty_path, port, logdir):
        self.name = name
        self.args = args
        self.pty_path = pty_path
        self.port = port
        self.logdir = logdir
        self.proc = None
        self.config = os.path.join(logdir, "%s.yaml" % name)
        self.log = os.path.join(logdir, "%s.log" % name)

    def connection_yaml(self, options):
        y = ("connection: &bench\n"
             "  accepter: tcp,127.0.0.1,%d\n"
             "  connector: serialdev,%s,115200n81,local\n" % (self.port, self.pty_path))
        if options:
            y += "  options:\n" + "".join("    %s: %s\n" % kv for kv in options)
        return y

    def command(self):
        raise NotImplementedError

    def start(self):
        with open(self.config, "w") as f:
            f.write(self.yaml())
        logf = open(self.log, "w")
        cmd = self.command()
        logf.write("# %s\n" % " ".join(shlex.quote(c) for c in cmd))
        now = time.time()
        logf.write("# exec at %s.%03d (wall clock, to compare with the log's own timestamps)\n" % (
            time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(now)), int(now * 1000) % 1000))
        logf.flush()
        t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT)
        logf.close()
        return t0

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


def app_command(args, extra, options_file=True):
    """The README's run command, `java @target/ser2net-camel.args -jar target/ser2net-camel.jar`, plus settings a user
    would pass (-Dkey=value) and --java-opts (empty by default: nothing bench-only). The management port is moved
    to a free one so the bench never collides with a server already on 8778."""
    http = free_port()
    own = ["@" + ARGS_FILE] + shlex.split(args.java_opts) if options_file else []
    # no DNS-SD setting: none of the bench's connections or snippets asks for an advert (and the demo stick of the
    # archive's first start is never announced), so no responder starts and no multicast leaves the machine
    return (["java"] + own + extra +
            ["-Dcamel.server.port=%d" % http, "-Dcamel.management.port=%d" % http, "-jar", args.jar])


class AppTarget(Target):
    def __init__(self, name, args, pty_path, port, logdir, extra=(), options_file=True):
        super().__init__(name, args, pty_path, port, logdir)
        self.extra = list(extra)
        self.options_file = options_file

    def yaml(self):
        return self.connection_yaml([])

    def command(self):
        return app_command(self.args, self.extra + ["-Dser2net.config=%s" % self.config], self.options_file)


class Ser2netTarget(Target):
    def __init__(self, name, args, pty_path, port, logdir, chardelay):
        super().__init__(name, args, pty_path, port, logdir)
        self.chardelay = chardelay

    def yaml(self):
        return self.connection_yaml([] if self.chardelay else [("chardelay", "false")])

    def command(self):
        # -d: foreground, -n: no syslog... (-n is "don't detach"; -d is debug/foreground), -c: this config only,
        # -P: pid file kept out of /run so several can run
        return [self.args.ser2net, "-d", "-n", "-c", self.config, "-P", os.path.join(self.logdir, self.name + ".pid")]


# ---------------------------------------------------------------- measurements

def wait_listening(port, t0, timeout):
    """Seconds from t0 until a TCP connect to port succeeds; polls every 2 ms."""
    deadline = t0 + timeout
    attempts = 0
    while time.monotonic() < deadline and attempts < 100000:
        attempts += 1
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(0.5)
        try:
            s.connect(("127.0.0.1", port))
            if s.getsockname() == s.getpeername():
                # TCP self-connect: with nobody listening, a connect whose ephemeral source port happens to be the
                # port itself "succeeds" (a few in a thousand runs polling every 2 ms): not the server listening
                raise ConnectionRefusedError("self-connect")
            t = time.monotonic() - t0
            s.close()
            return t
        except OSError:
            s.close()
            time.sleep(0.002)
    raise BenchError("port %d not listening after %.1f s" % (port, timeout))


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.settimeout(5)
    return s


class Refused(BenchError):
    pass


def connect_synced(port, res):
    """Connect and sync, once: a server must serve a client that comes right after the probe connection closed
    (ser2net does; "Port already in use" here is a defect, reported as an error)."""
    sock = connect(port)
    try:
        res["sync_tries"] = sync(sock)
        return sock
    except BaseException:
        sock.close()
        raise


def sync(sock, timeout=10.0):
    """Wait until the device is open end to end: ping single bytes until one comes back, then drain."""
    deadline = time.monotonic() + timeout
    sock.settimeout(0.1)
    got = False
    tries = 0
    while time.monotonic() < deadline and tries < 200 and not got:
        tries += 1
        try:
            sock.sendall(b"\x55")
            data = sock.recv(4096)
        except socket.timeout:
            continue
        except OSError as e:
            raise Refused("connection lost before the first echo: %s" % e)
        if not data:
            raise Refused("connection closed before the first echo")
        if data.startswith(b"Port already in use") or data.startswith(b"Device open failure"):
            raise Refused(data.decode("ascii", "replace").strip())
        got = True
    if not got:
        raise BenchError("no echo through the bridge within %.0f s" % timeout)
    # drain late echoes of earlier pings
    sock.settimeout(0.2)
    for _ in range(1000):
        try:
            if not sock.recv(4096):
                raise BenchError("connection closed during sync")
        except socket.timeout:
            break
    sock.settimeout(5)
    return tries


def latency(sock, warmup, rounds, time_limit, dump=None):
    frames = [os.urandom(FRAME) for _ in range(64)]
    buf = bytearray(FRAME)
    view = memoryview(buf)
    samples = []
    cold = []
    deadline = time.monotonic() + time_limit
    perf = time.perf_counter_ns
    for i in range(warmup + rounds):
        if time.monotonic() > deadline:
            raise BenchError("latency run exceeded %.0f s after %d round trips" % (time_limit, i))
        frame = frames[i & 63]
        t0 = perf()
        sock.sendall(frame)
        recv_exact(sock, view, FRAME)
        t1 = perf()
        if buf != frame:
            raise BenchError("latency frame %d came back different: sent %s got %s" % (i, frame.hex(), bytes(buf).hex()))
        (samples if i >= warmup else cold).append((t1 - t0) / 1000.0)
    if dump:
        with open(dump, "w") as f:
            f.write("# round trip microseconds in send order; the first %d are the warm-up\n" % len(cold))
            f.write("\n".join("%.1f" % v for v in cold + samples) + "\n")
    samples.sort()
    cold.sort()
    return {"p50_us": percentile(samples, 50), "p90_us": percentile(samples, 90), "p99_us": percentile(samples, 99),
            "max_us": samples[-1], "n": len(samples),
            # the warm-up frames: what the first frames after a connect see (a JVM is still compiling then)
            "cold_p50_us": percentile(cold, 50), "cold_p99_us": percentile(cold, 99), "cold_n": len(cold)}


def bulk(sock, size, time_limit):
    payload = os.urandom(size)
    sent_hash = hashlib.sha256(payload).hexdigest()
    received = bytearray(size)
    view = memoryview(received)
    sock.settimeout(time_limit)
    err = []

    def writer():
        try:
            mv = memoryview(payload)
            for off in range(0, size, 65536):
                sock.sendall(mv[off:off + 65536])
        except OSError as e:
            err.append(e)

    t0 = time.monotonic()
    deadline = t0 + time_limit
    th = threading.Thread(target=writer, daemon=True)
    th.start()
    got = 0
    while got < size and time.monotonic() < deadline:
        try:
            k = sock.recv_into(view[got:], min(size - got, 1 << 20))
        except socket.timeout:
            break
        if k == 0:
            break
        got += k
    elapsed = time.monotonic() - t0
    th.join(timeout=max(0.1, deadline - time.monotonic()))
    sock.settimeout(5)
    got_hash = hashlib.sha256(view[:got]).hexdigest()
    ok = got == size and got_hash == sent_hash
    res = {"bytes": got, "size": size, "seconds": elapsed, "mb_s": got / elapsed / 1e6 if elapsed > 0 else 0.0,
           "ok": ok, "sha256_sent": sent_hash, "sha256_got": got_hash, "writer_error": repr(err[0]) if err else ""}
    if not ok:
        first = next((i for i in range(got) if received[i] != payload[i]), None)
        res["first_diff"] = first
    return res


def make_target(name, args, pty_path, port, logdir, label):
    if name == "app":
        return AppTarget(label, args, pty_path, port, logdir)
    if name == "app-k8s":
        # publishing on, against bench/fake_kube.py (as in a cluster: a Service, EndpointSlice and Events per bridge)
        return AppTarget(label, args, pty_path, port, logdir, [
            "-Dser2net.kubernetes.enabled=true", "-Dser2net.kubernetes.master-url=" + args.kube.url,
            "-Dser2net.kubernetes.namespace=iot-system", "-Dser2net.kubernetes.node-name=bench",
            "-Dser2net.kubernetes.host-ip=127.0.0.1"])
    if name == "app-plainjvm":
        return AppTarget(label, args, pty_path, port, logdir, options_file=False)
    if name == "ser2net-nodelay":
        return Ser2netTarget(label, args, pty_path, port, logdir, chardelay=False)
    return Ser2netTarget(label, args, pty_path, port, logdir, chardelay=True)


def run_target(name, label, args, logdir, emit, warmup, rounds, bulk_bytes):
    master, slave = os.openpty()
    pty_path = os.ttyname(slave)
    r_ctrl, w_ctrl = os.pipe()
    with open(os.path.join(logdir, label + ".echo.log"), "w") as echo_log:
        echo = subprocess.Popen([sys.executable, os.path.join(HERE, "echo_device.py"), str(master), str(slave),
                                 str(r_ctrl), str(args.target_timeout)],
                                pass_fds=(master, slave, r_ctrl), stderr=echo_log)
    os.close(master)
    os.close(slave)
    os.close(r_ctrl)
    port = free_port()
    target = make_target(name, args, pty_path, port, logdir, label)
    res = {"name": name, "label": label, "pty": pty_path, "port": port,
           "cmd": " ".join(shlex.quote(c) for c in target.command())}
    emit("== %s: %s  (127.0.0.1:%d, %s)" % (label, res["cmd"], port, pty_path))
    try:
        t0 = target.start()
        res["listen_s"] = wait_listening(port, t0, args.listen_timeout)
        st = proc_status(target.proc.pid)
        if st is None:
            raise BenchError("server exited (see %s)" % target.log)
        res["rss_idle_kib"] = st["VmRSS"]
        sock = connect_synced(port, res)
        try:
            res["latency"] = latency(sock, warmup, rounds, args.phase_timeout,
                                     os.path.join(logdir, label + ".latency.txt"))
            cpu0 = proc_cpu_seconds(target.proc.pid)
            res["bulk"] = bulk(sock, bulk_bytes, args.phase_timeout)
            cpu1 = proc_cpu_seconds(target.proc.pid)
            res["bulk_cpu_s"] = (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else float("nan")
            st = proc_status(target.proc.pid) or {}
            res["rss_kib"] = st.get("VmRSS")
            res["hwm_kib"] = st.get("VmHWM")
            res["anon_kib"] = st.get("RssAnon")
            res["threads"] = st.get("Threads")
        finally:
            sock.close()
    except (BenchError, OSError) as e:
        res["error"] = "%s: %s" % (type(e).__name__, e)
    finally:
        target.stop()
        os.close(w_ctrl)
        try:
            echo.wait(timeout=5)
        except subprocess.TimeoutExpired:
            echo.kill()
            echo.wait(timeout=5)
    if "error" in res:
        emit("   ERROR %s (log: %s)" % (res["error"], os.path.relpath(target.log, REPO)))
    if "bulk" in res and not res["bulk"]["ok"]:
        b = res["bulk"]
        emit("   !!!!! FAIL: bulk echo integrity for %s: %d of %d bytes came back, sha256 sent %s got %s, "
             "first difference at byte %s" % (label, b["bytes"], b["size"], b["sha256_sent"][:16],
                                               b["sha256_got"][:16], b.get("first_diff")))
    return res


def ensure_first_start(args, logdir, emit):
    """The README's "second start": when target/ser2net-camel.jsa is missing or older than the jar, start the app
    once the way a user does; it writes the archive itself a few seconds after it is up (ClassDataArchive)."""
    archive = os.path.join(REPO, ARCHIVE)
    if os.path.exists(archive) and os.path.getmtime(archive) >= os.path.getmtime(args.jar):
        emit("class-data archive: %s (written by an earlier start of this jar)" % ARCHIVE)
        return
    log = os.path.join(logdir, "app-first-start.log")
    cmd = app_command(args, ["-Dser2net.demo=true"])
    emit("class-data archive: %s missing or older than the jar; first start: %s" % (ARCHIVE, " ".join(cmd)))
    with open(log, "w") as lf:
        proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=lf, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            with open(log) as f:
                text = f.read()
            if "class-data archive" in text and ("written" in text or "could not" in text or "read-only" in text):
                break
            time.sleep(0.5)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    emit("   %s" % ("written" if os.path.exists(archive) else "WARNING: not written, see " + log))


# ---------------------------------------------------------------- report

NAN = float("nan")


def median(vals):
    vals = sorted(v for v in vals if v is not None and v == v)
    if not vals:
        return None
    m = len(vals) // 2
    return vals[m] if len(vals) % 2 else (vals[m - 1] + vals[m]) / 2.0


def metrics(r):
    """The numbers of one run as a flat dict (None where not measured)."""
    lat, b = r.get("latency") or {}, r.get("bulk") or {}
    return {
        "p50": lat.get("p50_us"), "p99": lat.get("p99_us"), "cold_p99": lat.get("cold_p99_us"),
        "bulk": b.get("mb_s") if b.get("ok") else None,
        "rss": r["rss_kib"] / 1024.0 if r.get("rss_kib") else None,
        "hwm": r["hwm_kib"] / 1024.0 if r.get("hwm_kib") else None,
        "anon": r["anon_kib"] / 1024.0 if r.get("anon_kib") else None,
        "cpu": r.get("bulk_cpu_s"), "listen": r.get("listen_s"),
    }


def summarize(results):
    """Median of every metric over the repeats of each target (a run with an error counts for what it measured)."""
    out = {}
    for name in dict.fromkeys(r["name"] for r in results):
        runs = [metrics(r) for r in results if r["name"] == name]
        out[name] = {k: median([m[k] for m in runs]) for k in runs[0]}
        out[name]["runs"] = len(runs)
        out[name]["check"] = all((r.get("bulk") or {}).get("ok") for r in results if r["name"] == name)
    return out


HEADER = "%-18s %7s %7s %9s %9s %5s %7s %7s %8s %6s %8s" % (
    "target", "p50 us", "p99 us", "cold p99", "bulk MB/s", "check", "RSS MiB", "HWM MiB", "anon MiB", "cpu s",
    "listen s")


def fmt_row(label, m, check):
    def f(v, spec):
        return "n/a" if v is None else spec % v
    return "%-18s %7s %7s %9s %9s %5s %7s %7s %8s %6s %8s" % (
        label, f(m["p50"], "%.0f"), f(m["p99"], "%.0f"), f(m["cold_p99"], "%.0f"), f(m["bulk"], "%.1f"),
        "ok" if check else "FAIL", f(m["rss"], "%.1f"), f(m["hwm"], "%.1f"), f(m["anon"], "%.1f"), f(m["cpu"], "%.2f"),
        f(m["listen"], "%.3f"))


def verdicts(summary, app_name="app"):
    app, nd, dflt = summary.get(app_name), summary.get("ser2net-nodelay"), summary.get("ser2net-default")
    rows = []

    def get(s, key):
        return s.get(key) if s else None

    def ratio(a, b):
        return a / b if a is not None and b else None

    def row(label, value, target_txt, passed, spec="%.2f"):
        if value is None:
            rows.append("%-40s %8s  %-7s %s" % (label, "n/a", target_txt, "MISS (not measured)"))
        else:
            rows.append("%-40s %8s  %-7s %s" % (label, spec % value, target_txt, "PASS" if passed(value) else "MISS"))

    row("p50 app / ser2net(chardelay false)", ratio(get(app, "p50"), get(nd, "p50")), "<= 1.0", lambda v: v <= 1.0)
    row("p99 app / ser2net(chardelay false)", ratio(get(app, "p99"), get(nd, "p99")), "<= 1.5", lambda v: v <= 1.5)
    row("bulk app / ser2net(chardelay false)", ratio(get(app, "bulk"), get(nd, "bulk")), ">= 3", lambda v: v >= 3.0)
    row("bulk app / ser2net(default)", ratio(get(app, "bulk"), get(dflt, "bulk")), ">= 3", lambda v: v >= 3.0)
    row("app RSS after bulk, MiB", get(app, "rss"), "<= 64", lambda v: v <= 64.0, "%.1f")
    row("app start-to-listen, s", get(app, "listen"), "<= 1.0", lambda v: v <= 1.0, "%.3f")
    rows.append("%-40s %8s  %-7s %s" % ("(info) app peak RSS VmHWM, MiB", "n/a" if get(app, "hwm") is None
                                        else "%.1f" % get(app, "hwm"), "", ""))
    rows.append("%-40s %8s  %-7s %s" % ("(info) app cold p99 / ser2net cold p99", "n/a" if ratio(
        get(app, "cold_p99"), get(nd, "cold_p99")) is None else "%.2f" % ratio(get(app, "cold_p99"),
                                                                                get(nd, "cold_p99")), "", ""))
    return rows


def issue_table(summary, idle_cpu):
    app, k8s, nd = summary.get("app") or {}, summary.get("app-k8s") or {}, summary.get("ser2net-nodelay") or {}

    def ratio(a, b):
        return a / b if a is not None and b else None

    rows = [("start to listening (second start), s", app.get("listen"), "<= 1.0", lambda v: v <= 1.0, "%.3f"),
            ("RSS after bulk, ops stack on, MiB", app.get("rss"), "<= 64", lambda v: v <= 64, "%.1f"),
            ("RSS with Kubernetes publishing on, MiB", k8s.get("rss"), "<= 80", lambda v: v <= 80, "%.1f"),
            ("idle CPU, 4 bridges + 60 ttys, % core", idle_cpu and idle_cpu["app"], "<= 0.25", lambda v: v <= 0.25,
             "%.2f"),
            ("(ser2net idle CPU, % core)", idle_cpu and idle_cpu["ser2net"], "", None, "%.2f"),
            ("p50 16-byte round trip / ser2net", ratio(app.get("p50"), nd.get("p50")), "<= 1.0", lambda v: v <= 1.0,
             "%.2f"),
            ("p99 / ser2net", ratio(app.get("p99"), nd.get("p99")), "<= 1.5", lambda v: v <= 1.5, "%.2f"),
            ("bulk echo / ser2net", ratio(app.get("bulk"), nd.get("bulk")), ">= 3", lambda v: v >= 3, "%.2f")]
    out = ["| %-40s | %8s | %-7s | %-7s |" % ("figure", "now", "target", "verdict"),
           "|%s|%s|%s|%s|" % ("-" * 42, "-" * 10, "-" * 9, "-" * 9)]
    for label, v, target, ok, spec in rows:
        verdict = "" if ok is None else ("n/a" if v is None else ("PASS" if ok(v) else "MISS"))
        out.append("| %-40s | %8s | %-7s | %-7s |" % (label, "n/a" if v is None else spec % v, target, verdict))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--targets", default=os.environ.get("BENCH_TARGETS",
                                                         "app,ser2net-nodelay,ser2net-default,app-k8s,app-plainjvm"),
                    help="comma list of: " + ", ".join(TARGET_NAMES))
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "3")),
                    help="passes over the targets (interleaved); the summary is the median of each number")
    ap.add_argument("--rounds", type=int, default=2000, help="measured 16-byte round trips")
    ap.add_argument("--warmup", type=int, default=2000, help="round trips before them (reported as 'cold')")
    ap.add_argument("--bulk-mib", type=int, default=8)
    ap.add_argument("--java-opts", default=os.environ.get("JAVA_OPTS", ""),
                    help="extra JVM options after the options file (default none: what users run); for experiments")
    ap.add_argument("--idle-window", type=float, default=60.0, help="seconds of idle CPU measurement (0: skip)")
    ap.add_argument("--jar", default=os.path.join(REPO, "target", "ser2net-camel.jar"))
    ap.add_argument("--ser2net", default="ser2net")
    ap.add_argument("--listen-timeout", type=float, default=30.0)
    ap.add_argument("--phase-timeout", type=float, default=60.0, help="upper bound for the latency and the bulk run")
    ap.add_argument("--target-timeout", type=float, default=180.0, help="upper bound for one target (echo device)")
    args = ap.parse_args()
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    for t in targets:
        if t not in TARGET_NAMES:
            ap.error("unknown target %s" % t)
    args.repeat = max(1, min(args.repeat, 20))
    args.rounds = max(1, min(args.rounds, 1000000))
    args.warmup = max(1, min(args.warmup, 1000000))
    args.bulk_mib = max(1, min(args.bulk_mib, 1024))

    stamp = time.strftime("%Y%m%d-%H%M%S")
    logdir = os.path.join(OUT, "logs-" + stamp)
    os.makedirs(logdir, exist_ok=True)
    lines = []

    def emit(s=""):
        print(s, flush=True)
        lines.append(s)

    emit("ser2net-camel benchmark %s on %s, %d CPUs, python %s" % (
        time.strftime("%Y-%m-%d %H:%M:%S"), os.uname().nodename, os.cpu_count(), sys.version.split()[0]))
    emit("java: %s" % subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0])
    emit("ser2net: %s" % subprocess.run([args.ser2net, "-v"], capture_output=True, text=True).stdout.strip())
    emit("load average at start: %s (other work on this machine skews every number; compare ratios)" % loadavg())
    emit("app: the README command, java @%s [%s] -jar %s" % (ARGS_FILE, args.java_opts or "no extra options",
                                                              os.path.relpath(args.jar, REPO)))
    emit("per run: %d warm-up + %d measured round trips of %d bytes, then %d MiB bulk echo; %d pass(es); logs in %s"
         % (args.warmup, args.rounds, FRAME, args.bulk_mib, args.repeat, os.path.relpath(logdir, REPO)))
    if any(t.startswith("app") and t != "app-plainjvm" for t in targets):
        ensure_first_start(args, logdir, emit)
    args.kube = FakeKube() if "app-k8s" in targets else None
    t_start = time.monotonic()
    results = []
    try:
        for rep in range(args.repeat):
            for name in targets:
                label = name if args.repeat == 1 else "%s#%d" % (name, rep + 1)
                results.append(run_target(name, label, args, logdir, emit, args.warmup, args.rounds,
                                           args.bulk_mib << 20))
                if name == "app-k8s":
                    emit("   fake API server: %d Service(s), %d EndpointSlice(s), %d Event(s) published so far" % (
                        args.kube.published("services"), args.kube.published("endpointslices"),
                        args.kube.published("events")))
    finally:
        if args.kube:
            args.kube.close()
    idle_cpu = None
    if args.idle_window > 0 and "app" in targets:
        emit("== idle: 4 sticks among 60 ttys (fake sysfs), nobody connected, %.0f s window" % args.idle_window)
        try:
            idle_cpu = idle.run(lambda extra: app_command(args, extra), args.ser2net, REPO, logdir, free_port,
                                window=args.idle_window)
            emit("   app %.2f %% of a core, ser2net %.2f %%" % (idle_cpu["app"], idle_cpu["ser2net"]))
        except (RuntimeError, OSError) as e:
            emit("   ERROR %s" % e)

    emit("")
    emit("every run:")
    emit(HEADER)
    for r in results:
        emit(fmt_row(r["label"], metrics(r), (r.get("bulk") or {}).get("ok")))
    summary = summarize(results)
    emit("")
    emit("median of %d pass(es):" % args.repeat)
    emit(HEADER)
    for name, m in summary.items():
        emit(fmt_row(name, m, m["check"]))
    emit("p50/p99: measured round trips; cold p99: the warm-up round trips right after connect; RSS: VmRSS after the")
    emit("bulk run; HWM: VmHWM (peak RSS); anon: RssAnon (private, not file-backed); cpu s: server CPU time during")
    emit("the bulk run; listen s: exec to the port accepting a connection")
    emit("")
    emit("%-40s %8s  %-7s %s" % ("ratio / target", "value", "target", "verdict"))
    for row in verdicts(summary):
        emit(row)
    emit("")
    emit("issue 10's table (README run command, this run; quote ratios, the machine is shared):")
    for row in issue_table(summary, idle_cpu):
        emit(row)
    if "app-plainjvm" in summary:
        emit("")
        emit("the same for app-plainjvm (java -jar with no JVM options), for comparison:")
        for row in verdicts(summary, "app-plainjvm"):
            emit(row.replace("app ", "plain ", 1))
    emit("")
    emit("benchmark time %.0f s; load average at the end: %s" % (time.monotonic() - t_start, loadavg()))

    path = os.path.join(OUT, "results-%s.txt" % stamp)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("written to %s" % os.path.relpath(path, REPO))
    failed = any("error" in r or ("bulk" in r and not r["bulk"]["ok"]) for r in results)
    if failed:
        print("FAIL: at least one run had an error or a bulk integrity failure (see above)", file=sys.stderr)
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
