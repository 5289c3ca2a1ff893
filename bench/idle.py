"""Idle CPU for bench/run: a node with 60 ttys in sysfs, 4 of them USB sticks (ptys) that snippets match, nobody
connected. The app discovers and serves the 4 (its README command, discovery over a fake sysfs and /dev); Debian's
ser2net serves the same 4 ptys from a config. CPU time (utime+stime from /proc/PID/stat) over a quiet window, as %
of one core. stdlib only; the sysfs tree follows the kernel's layout (see DESIGN.md, "Discovery").
"""
import os
import re
import subprocess
import time

STICKS = 4
TTYS = 60


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text + "\n")


def _rel_link(link, target):
    os.makedirs(os.path.dirname(link), exist_ok=True)
    os.symlink(os.path.relpath(target, os.path.dirname(link)), link)


def build_node(base, slaves, ports):
    """sysfs + dev + snippets under base: ttyS0..ttyS55 (platform serial ports, no USB) and ttyUSB0..3 (CP210x, one
    serial each, device node -> a pty slave), a snippet per stick matched by serial. Returns (sys, dev, snippets)."""
    sysr, dev, snippets = (os.path.join(base, d) for d in ("sys", "dev", "snippets"))
    for d in (sysr, dev, snippets):
        os.makedirs(d, exist_ok=True)
    cls = os.path.join(sysr, "class", "tty")
    os.makedirs(cls, exist_ok=True)
    platform = os.path.join(sysr, "devices", "platform", "serial8250")
    os.makedirs(os.path.join(sysr, "bus", "platform"), exist_ok=True)
    _rel_link(os.path.join(platform, "subsystem"), os.path.join(sysr, "bus", "platform"))
    for i in range(TTYS - STICKS):
        name = "ttyS%d" % i
        node = os.path.join(platform, "tty", name)
        _write(os.path.join(node, "dev"), "4:%d" % (64 + i))
        _rel_link(os.path.join(node, "device"), platform)
        _rel_link(os.path.join(cls, name), node)
    for i, (slave, port) in enumerate(zip(slaves, ports)):
        name = "ttyUSB%d" % i
        usb = os.path.join(sysr, "devices", "pci0000:00", "0000:00:14.0", "usb1", "1-%d" % (i + 1))
        iface = os.path.join(usb, "1-%d:1.0" % (i + 1))
        port_dir = os.path.join(iface, name)
        node = os.path.join(port_dir, "tty", name)
        for k, v in (("idVendor", "10c4"), ("idProduct", "ea60"), ("serial", "BENCH%04d" % i),
                     ("manufacturer", "Silicon Labs"), ("product", "CP2102N USB to UART Bridge"),
                     ("devpath", str(i + 1))):
            _write(os.path.join(usb, k), v)
        _write(os.path.join(iface, "bInterfaceNumber"), "00")
        _write(os.path.join(node, "dev"), "188:%d" % i)
        os.makedirs(os.path.join(sysr, "bus", "usb-serial"), exist_ok=True)
        _rel_link(os.path.join(port_dir, "subsystem"), os.path.join(sysr, "bus", "usb-serial"))
        _rel_link(os.path.join(node, "device"), port_dir)
        _rel_link(os.path.join(cls, name), node)
        os.symlink(slave, os.path.join(dev, name))
        _write(os.path.join(snippets, "stick%d.yaml" % i),
               'match: {vendor: "10c4", product: "ea60", serial: "BENCH%04d"}\n'
               "connection: &stick%d\n  accepter: tcp,127.0.0.1,%d\n"
               "  connector: serialdev,DEVNODE,115200n81,local" % (i, i, port))
    return sysr, dev, snippets


def ser2net_config(path, slaves, ports):
    with open(path, "w") as f:
        for i, (slave, port) in enumerate(zip(slaves, ports)):
            f.write("connection: &stick%d\n  accepter: tcp,127.0.0.1,%d\n  connector: serialdev,%s,115200n81,local\n"
                    "  options:\n    chardelay: false\n" % (i, port, slave))


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(cmd, cwd, log, ready, settle, window, timeout=120):
    """Start cmd, wait until ready(log text) (bounded), settle, then CPU % of one core over window seconds."""
    with open(log, "w") as lf:
        lf.write("# %s\n" % " ".join(cmd))
        lf.flush()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=lf, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            with open(log) as f:
                if ready(f.read()):
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("not ready within %d s (see %s)" % (timeout, log))
        time.sleep(settle)
        c0, t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(window)
        c1, t1 = cpu_seconds(proc.pid), time.monotonic()
        return 100.0 * (c1 - c0) / (t1 - t0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def run(app_cmd, ser2net_bin, repo, logdir, free_port, window=30.0, settle=15.0):
    """{'app': %, 'ser2net': %} for 4 served sticks among 60 ttys, nobody connected."""
    ptys = [os.openpty() for _ in range(STICKS)]
    try:
        slaves = [os.ttyname(s) for _, s in ptys]
        base = os.path.join(logdir, "idle-node")
        ports = [free_port() for _ in range(STICKS)]
        sysr, dev, snippets = build_node(base, slaves, ports)
        cmd = app_cmd(["-Dser2net.sysfs-root=" + sysr, "-Dser2net.dev-root=" + dev,
                       "-Dser2net.snippets=" + snippets, "-Dser2net.demo=false"])
        up = re.compile(r"bridge stick\d: up")
        res = {"app": measure(cmd, repo, os.path.join(logdir, "idle-app.log"),
                              lambda text: len(up.findall(text)) >= STICKS, settle, window)}
        conf = os.path.join(logdir, "idle-ser2net.yaml")
        ports = [free_port() for _ in range(STICKS)]
        ser2net_config(conf, slaves, ports)
        res["ser2net"] = measure([ser2net_bin, "-d", "-n", "-c", conf, "-P", os.path.join(logdir, "idle.pid")],
                                 repo, os.path.join(logdir, "idle-ser2net.log"), lambda text: True, settle + 1,
                                 window)
        return res
    finally:
        for m, s in ptys:
            os.close(m)
            os.close(s)
