package land.keen.ser2net.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import land.keen.ser2net.spec.ControlLine;
import land.keen.ser2net.spec.LineSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open OS port, shared by every consumer and producer of the same device path (an OS serial port can only be
 * opened once: jSerialComm takes an exclusive flock). Reference counted: the first user opens it with its settings,
 * the last one closes it.
 */
final class SharedSerialPort {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSerialPort.class);

    /** How long a blocked read waits before it looks at whether it should stop; data still arrives at once. */
    private static final int READ_WAKEUP_MS = 500;
    /** At most this long a close waits for written bytes to leave (a device stuck in flow control). */
    private static final long DRAIN_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A UART's FIFO, which the driver's count (TIOCOUTQ) no longer includes, in characters. */
    private static final int FIFO_CHARS = 64;

    private final String device;
    private final AtomicBoolean controlLineWarned = new AtomicBoolean();
    private volatile SerialPort port;
    /** When bytes were last written (System.nanoTime), 0 for never: a close soon after waits for them to leave. */
    private volatile long lastWriteNanos;
    private int users;
    private final Runnable beforeOpen;

    SharedSerialPort(String device, Runnable beforeOpen) {
        this.device = device;
        this.beforeOpen = beforeOpen;
    }

    public String device() {
        return device;
    }

    /** Opens the port if nobody has it open yet. The message of the exception is the reason a client is told. */
    synchronized void acquire(LineSettings settings) throws IOException {
        if (port == null) { // nobody has it open, or its users found it lost (closeLost)
            port = open(settings);
        }
        users++;
    }

    /**
     * A user found the device gone: close the OS port now (its users keep their share) so that
     * {@link #reopenIfLost} can open the device again once it is back.
     */
    synchronized void closeLost() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
            LOG.debug("Closed lost {}", device);
        }
    }

    /** Opens the device again after {@link #closeLost()}; the exception's message says why it cannot be yet. */
    synchronized void reopenIfLost(LineSettings settings) throws IOException {
        if (port == null && users > 0) {
            port = open(settings);
        }
    }

    /** Gives up one use; closes the port after the last one. */
    synchronized void release() {
        if (users == 0) {
            return;
        }
        users--;
        if (users == 0) {
            SerialPort p = port;
            port = null;
            if (p != null) {
                drainBeforeClose(p);
                p.closePort();
                LOG.debug("Closed {}", device);
            }
        }
    }

    /** Closes the OS port whoever still holds it; for the component's stop. */
    synchronized void close() {
        users = 0;
        SerialPort p = port;
        port = null;
        if (p != null) {
            drainBeforeClose(p);
            p.closePort();
            LOG.debug("Closed {} (component stopped)", device);
        }
    }

    /**
     * jSerialComm's close discards output not yet sent (measured on a pty: the far end missed 18 of 20 writes closed at
     * once, none with a 2 ms wait after the driver's queue was empty). ser2net waits for its output to drain before a
     * close (gensio's drain_time and char_drain_wait); so does this, after a recent write only, so an idle device
     * closes at once: until the driver holds nothing (at most {@link #DRAIN_MAX_NANOS}), then the time a UART's FIFO
     * takes to empty at this speed (at least 10 ms). A client's last bytes and a connection's closestr reach the device.
     */
    private void drainBeforeClose(SerialPort p) {
        long last = lastWriteNanos;
        if (last == 0 || System.nanoTime() - last > DRAIN_MAX_NANOS) {
            return;
        }
        long deadline = System.nanoTime() + DRAIN_MAX_NANOS;
        int baud = Math.max(p.getBaudRate(), 50);
        long fifoMillis = Math.max(10, FIFO_CHARS * 10L * 1000 / baud);
        try {
            while (p.bytesAwaitingWrite() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(Math.min(fifoMillis, 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bytes the driver holds that are not on the wire yet (TIOCOUTQ); -1 when the port is not open. */
    int outputQueued() {
        SerialPort p = port;
        return p == null ? -1 : p.bytesAwaitingWrite();
    }

    /** The open jSerialComm port, or null; for {@link LiveLine}. */
    SerialPort openPort() {
        return port;
    }

    public synchronized boolean isOpen() {
        return port != null;
    }

    /**
     * Reads what is there (blocking until at least one byte or a short wake-up). Returns 0 on wake-up with no data,
     * -1 when the device failed or disappeared.
     */
    int read(byte[] buffer) {
        return read(buffer, READ_WAKEUP_MS);
    }

    /** As {@link #read(byte[])}, waiting at most timeoutMs (a consumer framing by idle gap waits for the gap). */
    int read(byte[] buffer, int timeoutMs) {
        SerialPort p = port;
        if (p == null) {
            return -1;
        }
        if (p.getReadTimeout() != timeoutMs) {
            p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, timeoutMs, 0);
        }
        return p.readBytes(buffer, buffer.length);
    }

    static int wakeupMillis() {
        return READ_WAKEUP_MS;
    }

    private static boolean resetLine(SerialPort p) {
        p.setComPortParameters(p.getBaudRate(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        return p.openPort(0) && p.closePort();
    }

    /** The last OS error on this port, in words. */
    String lastError() {
        SerialPort p = port;
        return p == null ? "port closed" : Errno.describe(p.getLastErrorCode());
    }

    /** Writes all of the bytes, or fails with the reason when the device is gone. */
    void write(byte[] data, int offset, int length) throws IOException {
        SerialPort p = port;
        if (p == null) {
            throw new IOException(device + " is not open");
        }
        int written = p.writeBytes(data, length, offset);
        lastWriteNanos = System.nanoTime();
        if (written != length) {
            throw new IOException("write to " + device + " failed: " + Errno.describe(p.getLastErrorCode()));
        }
    }

    private SerialPort open(LineSettings settings) throws IOException {
        beforeOpen.run();
        if (!Files.exists(Path.of(device))) {
            throw new IOException(Errno.describe(Errno.ENOENT));
        }
        SerialPort p;
        try {
            // resolves a /dev/serial/by-id style symlink at each open, so a re-pointed link is followed
            p = SerialPort.getCommPort(device);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(Errno.describe(Errno.ENOENT), e);
        }
        JSerialCommLine.applyBeforeOpen(settings, p);
        // no TIMEOUT_WRITE_BLOCKING: jSerialComm would tcdrain() after every write, i.e. wait until the bytes are on
        // the wire (1.4 ms for a 16-byte frame at 115200 baud) before the next client byte is read. A plain
        // blocking write returns once the driver has the bytes, and still pushes back when its buffer is full.
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_WAKEUP_MS, 0);
        if (!p.openPort(0) && p.getLastErrorCode() == Errno.EINVAL && resetLine(p)) {
            // A pty forces 8 bits and no parity but keeps PARODD, and the kernel then refuses the next
            // parity/7-bit setup of the same pty with EINVAL. One plain 8N1 open clears that; real UARTs never
            // get here.
            JSerialCommLine.applyBeforeOpen(settings, p);
            p.openPort(0);
        }
        if (!p.isOpen()) {
            int errno = p.getLastErrorCode();
            throw new IOException(Errno.describe(errno == 0 ? Errno.EIO : errno));
        }
        List<ControlLine> refused = JSerialCommLine.applyControlLines(settings, p);
        if (!refused.isEmpty() && controlLineWarned.compareAndSet(false, true)) {
            // a pty, or a driver without modem lines: nothing to drive, carry on
            LOG.warn("{}: the driver refused {} (no modem control lines on this device); carrying on", device,
                    refused);
        }
        if (settings.hangupWhenDone()) {
            String notSet = Hupcl.set(device);
            if (notSet != null) {
                LOG.warn("{}: hangup-when-done not set ({}); the lines stay as they are when the device closes", device,
                        notSet);
            }
        }
        if (!settings.nobreak()) {
            p.clearBreak();
        }
        LOG.debug("Opened {} with {}", device, settings);
        return p;
    }
}
