package land.keen.ser2net.serial;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the device when started (so starting the route fails with the reason when the device cannot be opened) and
 * emits each chunk of bytes as soon as it arrives, from one blocking reader thread; with framing options, each whole
 * frame instead ({@link Framer}; an unfinished frame is never emitted when the device goes). When the device fails it
 * emits an exchange with header {@link SerialConstants#EVENT} = disconnected and stops reading, or, with
 * {@code reopenDelay}, tries to open the device again every so often and goes on reading once it is back.
 */
public class SerialConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SerialConsumer.class);

    /** Reads that return nothing at once, many times in a row, mean a device that only says end-of-file. */
    private static final int MAX_EMPTY_READS = 1000;
    private static final long EMPTY_READ_NANOS = 5_000_000L;

    private final SerialEndpoint endpoint;
    private volatile boolean reading;
    /** Woken by doStop, so a consumer waiting to reopen a lost device stops at once. */
    private final Object reopenWait = new Object();
    /** Whether this consumer has its share of the port (guarded by reopenWait). */
    private boolean holdsPort;
    private SharedSerialPort port;
    private ExecutorService executor;

    public SerialConsumer(SerialEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        port = endpoint.sharedPort();
        try {
            port.acquire(endpoint.settings());
            holdsPort = true;
        } catch (IOException e) {
            if (endpoint.getReopenDelay() <= 0) {
                throw e;
            }
            // a route of its own (a meter, a relay board) starts without its device and waits for it, so a missing
            // cable never stops the application or its bridges
            LOG.warn("{}: cannot open it ({}); trying again every {} ms", endpoint.getDevice(), e.getMessage(),
                    endpoint.getReopenDelay());
        }
        reading = true;
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "SerialReader[" + endpoint.getDevice() + "]");
        executor.execute(this::readLoop);
    }

    @Override
    protected void doStop() throws Exception {
        reading = false;
        synchronized (reopenWait) {
            reopenWait.notifyAll();
            if (holdsPort) {
                // closing the port wakes the blocked read at once
                port.release();
                holdsPort = false;
            }
        }
        port = null;
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, 2000);
            executor = null;
        }
        super.doStop();
    }

    private void readLoop() {
        SharedSerialPort p = port;
        if (!holdsPortNow() && !awaitFirstOpen(p)) {
            return;
        }
        while (reading) {
            String lost = readUntilLost(p);
            if (lost == null) {
                return;
            }
            deviceLost(lost);
            if (endpoint.getReopenDelay() <= 0 || !awaitReopen(p)) {
                return;
            }
        }
    }

    /** Reads and emits until the device fails (returns why) or the consumer stops (returns null). */
    private String readUntilLost(SharedSerialPort p) {
        byte[] buffer = new byte[endpoint.getReadBufferSize()];
        Framer framer = endpoint.newFramer();
        int idleGap = endpoint.getFrameIdleGap();
        boolean framing = idleGap > 0 || !framer.passesThrough();
        int emptyReads = 0;
        while (reading) {
            // while a frame is unfinished, a read that times out after the idle gap means the line went quiet
            boolean waitingForGap = idleGap > 0 && framer.hasPending();
            long start = System.nanoTime();
            int n = waitingForGap ? p.read(buffer, idleGap) : p.read(buffer, SharedSerialPort.wakeupMillis());
            if (!reading) {
                return null;
            }
            if (n > 0) {
                emptyReads = 0;
                if (!framing) {
                    emit(Arrays.copyOf(buffer, n), null);
                } else {
                    for (byte[] frame : framer.push(buffer, 0, n)) {
                        emit(frame, null);
                    }
                }
            } else if (n < 0) {
                dropUnfinished(framer);
                return "read failed: " + p.lastError();
            } else if (waitingForGap) {
                byte[] frame = framer.takePending();
                if (frame != null) {
                    emit(frame, null);
                }
            } else if (System.nanoTime() - start < EMPTY_READ_NANOS && ++emptyReads > MAX_EMPTY_READS) {
                dropUnfinished(framer);
                return "device reports end of file";
            }
        }
        return null;
    }

    private boolean holdsPortNow() {
        synchronized (reopenWait) {
            return holdsPort;
        }
    }

    /** Tries every reopenDelay ms to open a device that was missing at start; false when stopped first. */
    private boolean awaitFirstOpen(SharedSerialPort p) {
        return everyReopenDelay(() -> {
            p.acquire(endpoint.settings());
            holdsPort = true;
        }, "device is there now, reading", "not there yet");
    }

    /** Closes the lost device and opens it again every reopenDelay ms until it is back (true) or we stop (false). */
    private boolean awaitReopen(SharedSerialPort p) {
        p.closeLost();
        return everyReopenDelay(() -> p.reopenIfLost(endpoint.settings()), "device is back, reading again",
                "not back yet");
    }

    private interface OpenAttempt {
        void run() throws IOException;
    }

    /**
     * Runs {@code open} every reopenDelay ms until it works (true) or the consumer stops (false). Under the wait lock,
     * so a stop sees either no port or one this consumer holds.
     */
    private boolean everyReopenDelay(OpenAttempt open, String onSuccess, String notYet) {
        String lastFailure = null;
        synchronized (reopenWait) {
            while (reading) {
                try {
                    reopenWait.wait(endpoint.getReopenDelay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (!reading) {
                    return false;
                }
                try {
                    open.run();
                    LOG.info("{}: {}", endpoint.getDevice(), onSuccess);
                    return true;
                } catch (IOException e) {
                    String failure = String.valueOf(e.getMessage());
                    if (!failure.equals(lastFailure)) {
                        LOG.debug("{}: {}: {}", endpoint.getDevice(), notYet, failure);
                        lastFailure = failure;
                    }
                }
            }
        }
        return false;
    }

    private void dropUnfinished(Framer framer) {
        int n = framer.discardPending();
        if (n > 0) {
            LOG.debug("{}: dropped {} bytes of an unfinished frame", endpoint.getDevice(), n);
        }
    }

    private void deviceLost(String reason) {
        LOG.debug("{}: {}", endpoint.getDevice(), reason);
        if (endpoint.getReopenDelay() <= 0) {
            reading = false;
        }
        emit(new byte[0], reason);
    }

    private void emit(byte[] data, String lostReason) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(data);
            exchange.getIn().setHeader(SerialConstants.DEVICE, endpoint.getDevice());
            if (lostReason != null) {
                exchange.getIn().setHeader(SerialConstants.EVENT, SerialConstants.EVENT_DISCONNECTED);
                exchange.getIn().setHeader(SerialConstants.ERROR, lostReason);
            }
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing data from " + endpoint.getDevice(),
                        exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }
}
