#!/usr/bin/env python3
"""A fake serial device for the benchmark: echoes every byte read from a pty master back into it.

Run by bench.py as its own process (so it never shares a GIL with the measuring client):

    echo_device.py MASTER_FD SLAVE_FD CTRL_FD MAX_SECONDS

MASTER_FD  the pty master (inherited); the server under test opens the slave (/dev/pts/N).
SLAVE_FD   a slave fd held open here for the whole run, so the master never sees EIO/HUP while the
           server has the device closed (the server opens and closes the slave per first/last client).
CTRL_FD    read end of a pipe from the parent: EOF (parent closed it or died) means stop.
MAX_SECONDS hard upper bound on the run time.

The master is non-blocking and the echo keeps a bounded backlog: it stops reading while more than
BACKLOG_CAP bytes wait to be written back, so it can neither deadlock against a server that writes and
reads the device from one thread nor buffer without limit.
"""
import errno
import os
import select
import sys
import time
import tty

BACKLOG_CAP = 256 * 1024
READ_SIZE = 64 * 1024


def main():
    master, slave, ctrl, max_seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    # raw from the start: until the server opens and configures the slave, the default termios (ECHO, ICANON,
    # OPOST) would echo and mangle bytes; the server sets its own settings when it opens the device anyway
    tty.setraw(master)
    os.set_blocking(master, False)
    deadline = time.monotonic() + max_seconds
    pending = bytearray()
    poller = select.poll()
    poller.register(ctrl, select.POLLIN)
    mask_now = None
    echoed = 0
    while time.monotonic() < deadline:
        mask = 0
        if len(pending) < BACKLOG_CAP:
            mask |= select.POLLIN
        if pending:
            mask |= select.POLLOUT
        if mask != mask_now:
            if mask_now is None:
                poller.register(master, mask)
            else:
                poller.modify(master, mask)
            mask_now = mask
        events = poller.poll(1000)
        for fd, ev in events:
            if fd == ctrl:
                if os.read(ctrl, 64) == b"":
                    return report(echoed)
                continue
            if ev & select.POLLIN:
                try:
                    data = os.read(master, READ_SIZE)
                except BlockingIOError:
                    data = b""
                except OSError as e:
                    if e.errno != errno.EIO:
                        raise
                    time.sleep(0.001)
                    data = b""
                if data:
                    if pending:
                        pending += data
                    else:
                        # common case (latency frames): write straight back without copying
                        try:
                            n = os.write(master, data)
                        except BlockingIOError:
                            n = 0
                        echoed += n
                        if n < len(data):
                            pending += data[n:]
                        continue
            if pending and ev & select.POLLOUT:
                try:
                    n = os.write(master, pending)
                except BlockingIOError:
                    n = 0
                echoed += n
                del pending[:n]
    report(echoed)


def report(echoed):
    sys.stderr.write("echo_device: echoed %d bytes\n" % echoed)


if __name__ == "__main__":
    main()
