#!/usr/bin/env python3
"""Many ports cheaply (issue 15 §5): one ser2net.yaml with N connections (a terminal server of RS485 lines), started as
users start the app (java @target/ser2net-camel.args, the README's options file, then --java-opts such as the
README's -Xmx128m for 500 ports); prints the time from exec until every port listens, then RSS and threads once it is
idle.

  python3 bench/many_ports.py [--connections 500] [--jar target/ser2net-camel.jar] [--java-opts=-Xmx128m]

No device is opened (ser2net semantics: a device opens for its first client), so the devices need not exist. Ports
are 127.0.0.1 only. stdlib only; every wait is bounded.
"""
import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
# the README's JVM options, as the README run command, the image and the DaemonSet use them (relative to REPO)
ARGS_FILE = "target/ser2net-camel.args"


def free_ports(n):
    """n distinct free ports on 127.0.0.1 (held open together while picked, then released)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def listening(ports):
    """How many of ports are in LISTEN state (from /proc/net/tcp: no connection, so no device is opened)."""
    want = {"%04X" % p for p in ports}
    found = set()
    # a JVM listens on dual-stack sockets: 127.0.0.1 shows in tcp6 as ::ffff:127.0.0.1
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            next(f)
            for line in f:
                fields = line.split()
                if fields[3] == "0A":
                    port = fields[1].rsplit(":", 1)[1]
                    if port in want:
                        found.add(port)
    return len(found)


def cpu_seconds(pid):
    """User + system CPU time of the process so far (/proc/PID/stat): a steadier figure than wall time when other
    work shares the 2 cores."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, val = line.partition(":")
            if key in ("VmRSS", "RssAnon", "Threads"):
                out[key] = int(val.split()[0])
    return out


def live_heap_kib(pid):
    """Heap in use right after a full GC (jcmd GC.run, then GC.heap_info), in KiB; None without jcmd."""
    try:
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=30, check=True)
        out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # e.g. " def new generation   total 4928K, used 1234K [...]" and " tenured generation   total ..., used ...K"
    used = 0
    for line in out.splitlines():
        if "total" in line and "used" in line and ("generation" in line or "heap" in line or "space" in line):
            if "Metaspace" in line or "class space" in line:
                continue
            part = line.split("used", 1)[1].strip().split()[0].rstrip(",")
            if part.endswith("K"):
                used += int(part[:-1])
    return used or None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--connections", type=int, default=500)
    ap.add_argument("--jar", default=os.path.join(REPO, "target", "ser2net-camel.jar"))
    ap.add_argument("--java-opts", default=os.environ.get("JAVA_OPTS", ""),
                    help="extra JVM options after the options file (the README advises -Xmx128m for 500 ports)")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--settle", type=float, default=5, help="seconds idle before RSS and threads are read")
    args = ap.parse_args()

    ports = free_ports(args.connections)
    work = tempfile.mkdtemp(prefix="many-ports-")
    config = os.path.join(work, "ser2net.yaml")
    with open(config, "w") as f:
        for i, port in enumerate(ports):
            f.write("connection: &line%03d\n  accepter: tcp,127.0.0.1,%d\n"
                    "  connector: serialdev,/dev/ttyRS485-%03d,9600n81,local\n" % (i, port, i))
    log_path = os.path.join(work, "app.log")
    cmd = (["java", "@" + ARGS_FILE] + shlex.split(args.java_opts)
           + ["-Dser2net.config=" + config, "-Dser2net.discovery=false", "-Dcamel.server.port=0",
              "-Dcamel.management.port=0", "-jar", args.jar])
    with open(log_path, "w") as log:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        n = 0
        first = None
        deadline = t0 + args.timeout
        while time.monotonic() < deadline and proc.poll() is None:
            n = listening(ports)
            if n and first is None:
                first = time.monotonic() - t0
            if n == len(ports):
                break
            # each look reads /proc/net/tcp{,6} (~10 ms of a core with 500 sockets): often enough for 0.1 s
            # resolution, seldom enough not to slow what it measures on 2 cores
            time.sleep(0.1)
        all_listening = time.monotonic() - t0
        cpu = cpu_seconds(proc.pid) if proc.poll() is None else None
        if n != len(ports):
            print("ERROR: %d of %d ports listening after %.1f s (log: %s)" % (n, len(ports), all_listening, log_path))
            return 2
        time.sleep(args.settle)
        live = live_heap_kib(proc.pid)
        st = status(proc.pid)
        print("connections          %d" % len(ports))
        print("first port listening %.2f s after exec" % first)
        print("all ports listening  %.2f s after exec" % all_listening)
        print("CPU until then       %.2f s (all threads: start-up, JIT, GC; steadier than wall time on a busy machine)"
              % cpu)
        print("RSS idle             %.0f MiB (anon %.0f MiB)" % (st["VmRSS"] / 1024, st["RssAnon"] / 1024))
        print("threads idle         %d" % st["Threads"])
        if live is not None:
            print("live heap after GC   %.1f MiB" % (live / 1024))
        print("java options         @%s %s" % (ARGS_FILE, args.java_opts))
        return 0
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
