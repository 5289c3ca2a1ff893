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

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
FRAME = 16

TARGET_NAMES = ("app", "ser2net-nodelay", "ser2net-default", "app-plainjvm")


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
                if key in ("VmRSS", "VmHWM"):
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


class AppTarget(Target):
    def __init__(self, name, args, pty_path, port, logdir, java_opts):
        super().__init__(name, args, pty_path, port, logdir)
        self.java_opts = java_opts

    def yaml(self):
        return self.connection_yaml([])

    def command(self):
        return (["java"] + shlex.split(self.java_opts) +
                ["-Dser2net.config=%s" % self.config, "-jar", self.args.jar])


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


def sync(sock, timeout=10.0):
    """Wait until the device is open end to end: ping single bytes until one comes back, then drain."""
    deadline = time.monotonic() + timeout
    sock.settimeout(0.1)
    got = False
    tries = 0
    while time.monotonic() < deadline and tries < 200 and not got:
        tries += 1
        sock.sendall(b"\x55")
        try:
            got = len(sock.recv(4096)) > 0
        except socket.timeout:
            pass
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


def latency(sock, warmup, rounds, time_limit):
    frames = [os.urandom(FRAME) for _ in range(64)]
    buf = bytearray(FRAME)
    view = memoryview(buf)
    samples = []
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
        if i >= warmup:
            samples.append((t1 - t0) / 1000.0)
    samples.sort()
    return {"p50_us": percentile(samples, 50), "p90_us": percentile(samples, 90), "p99_us": percentile(samples, 99),
            "max_us": samples[-1], "n": len(samples)}


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


def run_target(name, args, logdir, emit):
    master, slave = os.openpty()
    pty_path = os.ttyname(slave)
    r_ctrl, w_ctrl = os.pipe()
    echo = subprocess.Popen([sys.executable, os.path.join(HERE, "echo_device.py"), str(master), str(slave),
                             str(r_ctrl), str(args.target_timeout)],
                            pass_fds=(master, slave, r_ctrl), stderr=open(os.path.join(logdir, name + ".echo.log"), "w"))
    os.close(master)
    os.close(slave)
    os.close(r_ctrl)
    port = free_port()
    if name == "app":
        target = AppTarget(name, args, pty_path, port, logdir, args.java_opts)
    elif name == "app-plainjvm":
        target = AppTarget(name, args, pty_path, port, logdir, "")
    elif name == "ser2net-nodelay":
        target = Ser2netTarget(name, args, pty_path, port, logdir, chardelay=False)
    else:
        target = Ser2netTarget(name, args, pty_path, port, logdir, chardelay=True)
    res = {"name": name, "pty": pty_path, "port": port, "cmd": " ".join(shlex.quote(c) for c in target.command())}
    emit("== %s: %s on 127.0.0.1:%d, device %s" % (name, res["cmd"], port, pty_path))
    try:
        t0 = target.start()
        res["listen_s"] = wait_listening(port, t0, args.listen_timeout)
        st = proc_status(target.proc.pid)
        if st is None:
            raise BenchError("server exited (see %s)" % target.log)
        res["rss_idle_kib"] = st["VmRSS"]
        # the probe connection above opened and closed the device; let that settle before the real client
        time.sleep(0.3)
        sock = connect(port)
        try:
            res["sync_tries"] = sync(sock)
            res["latency"] = latency(sock, args.warmup, args.rounds, args.phase_timeout)
            cpu0 = proc_cpu_seconds(target.proc.pid)
            res["bulk"] = bulk(sock, args.bulk_mib << 20, args.phase_timeout)
            cpu1 = proc_cpu_seconds(target.proc.pid)
            res["bulk_cpu_s"] = (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else float("nan")
            st = proc_status(target.proc.pid) or {}
            res["rss_kib"] = st.get("VmRSS")
            res["hwm_kib"] = st.get("VmHWM")
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
    return res


# ---------------------------------------------------------------- report

def fmt_target(r):
    if "error" in r and "latency" not in r:
        return "%-16s ERROR %s" % (r["name"], r["error"])
    lat, b = r.get("latency", {}), r.get("bulk", {})
    return ("%-16s %8.0f %8.0f %8.0f %8.1f %6s %7.1f %7.1f %7.2f %7.3f%s" % (
        r["name"], lat.get("p50_us", float("nan")), lat.get("p99_us", float("nan")), lat.get("max_us", float("nan")),
        b.get("mb_s", float("nan")), "ok" if b.get("ok") else "FAIL",
        (r.get("rss_kib") or 0) / 1024.0, (r.get("hwm_kib") or 0) / 1024.0, r.get("bulk_cpu_s", float("nan")),
        r.get("listen_s", float("nan")), ("  ERROR " + r["error"]) if "error" in r else ""))


def verdicts(results):
    by = {r["name"]: r for r in results}
    app, nd, dflt = by.get("app"), by.get("ser2net-nodelay"), by.get("ser2net-default")
    rows = []

    def ok(r, *keys):
        if r is None or "error" in r:
            return None
        v = r
        for k in keys:
            v = v.get(k) if isinstance(v, dict) else None
        return v

    def row(label, value, target_txt, passed, fmt="%.2f"):
        if value is None:
            rows.append("%-44s %10s  %-8s %s" % (label, "n/a", target_txt, "MISS (not measured)"))
        else:
            rows.append("%-44s %10s  %-8s %s" % (label, fmt % value, target_txt, "PASS" if passed(value) else "MISS"))

    a50, n50 = ok(app, "latency", "p50_us"), ok(nd, "latency", "p50_us")
    a99, n99 = ok(app, "latency", "p99_us"), ok(nd, "latency", "p99_us")
    row("p50 app / ser2net(chardelay false)", a50 / n50 if a50 and n50 else None, "<= 1.0", lambda v: v <= 1.0)
    row("p99 app / ser2net(chardelay false)", a99 / n99 if a99 and n99 else None, "<= 1.5", lambda v: v <= 1.5)
    ab = ok(app, "bulk", "mb_s") if ok(app, "bulk", "ok") else None
    for label, other in (("bulk app / ser2net(chardelay false)", nd), ("bulk app / ser2net(default)", dflt)):
        ob = ok(other, "bulk", "mb_s") if ok(other, "bulk", "ok") else None
        row(label, ab / ob if ab and ob else None, ">= 3", lambda v: v >= 3.0)
    rss = ok(app, "rss_kib")
    row("app RSS after bulk (MiB)", rss / 1024.0 if rss else None, "<= 64", lambda v: v <= 64.0, "%.1f")
    hwm = ok(app, "hwm_kib")
    if hwm:
        rows.append("%-44s %10.1f  %-8s %s" % ("app peak RSS VmHWM (MiB)", hwm / 1024.0, "(info)", ""))
    ls = ok(app, "listen_s")
    row("app start-to-listen (s)", ls, "<= 1.0", lambda v: v <= 1.0, "%.3f")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--targets", default=os.environ.get("BENCH_TARGETS", "app,ser2net-nodelay,ser2net-default"),
                    help="comma list of: " + ", ".join(TARGET_NAMES))
    ap.add_argument("--rounds", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--bulk-mib", type=int, default=8)
    ap.add_argument("--java-opts", default=os.environ.get("JAVA_OPTS", ""))
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
    args.rounds = max(1, min(args.rounds, 1000000))
    args.warmup = max(0, min(args.warmup, 1000000))
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
    emit("JAVA_OPTS (app): %s" % (args.java_opts or "(none: JVM defaults)"))
    emit("latency: %d round trips of %d bytes after %d warm-up; bulk: %d MiB echo; logs in %s" % (
        args.rounds, FRAME, args.warmup, args.bulk_mib, os.path.relpath(logdir, REPO)))
    results = []
    for name in targets:
        r = run_target(name, args, logdir, emit)
        results.append(r)
        if "error" in r:
            emit("   ERROR %s" % r["error"])
        if "bulk" in r and not r["bulk"]["ok"]:
            b = r["bulk"]
            emit("   !!!!! FAIL: bulk echo integrity for %s: %d of %d bytes back, sha256 sent %s got %s, first diff at %s"
                 % (name, b["bytes"], b["size"], b["sha256_sent"][:16], b["sha256_got"][:16], b.get("first_diff")))

    emit("")
    emit("%-16s %8s %8s %8s %8s %6s %7s %7s %7s %7s" % (
        "target", "p50 us", "p99 us", "max us", "bulk MB/s", "check", "RSS MiB", "HWM MiB", "cpu s", "listen s"))
    for r in results:
        emit(fmt_target(r))
    emit("(RSS after the bulk run; HWM = peak RSS; cpu s = server CPU time during the bulk run)")
    emit("")
    emit("%-44s %10s  %-8s %s" % ("ratio / target", "value", "target", "verdict"))
    for row in verdicts(results):
        emit(row)

    path = os.path.join(OUT, "results-%s.txt" % stamp)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\nwritten to %s" % os.path.relpath(path, REPO))
    failed = any("error" in r or ("bulk" in r and not r["bulk"]["ok"]) for r in results)
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
