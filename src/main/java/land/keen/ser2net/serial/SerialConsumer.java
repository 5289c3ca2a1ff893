package land.keen.ser2net.serial;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the device when started (so starting the route fails with the reason when the device cannot be opened) and
 * emits each chunk of bytes as soon as it arrives, from one blocking reader thread. When the device fails it emits
 * one last exchange with header {@link SerialConstants#EVENT} = disconnected and stops reading.
 */
public class SerialConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SerialConsumer.class);

    /** Reads that return nothing at once, many times in a row, mean a device that only says end-of-file. */
    private static final int MAX_EMPTY_READS = 1000;
    private static final long EMPTY_READ_NANOS = 5_000_000L;

    private final SerialEndpoint endpoint;
    private volatile boolean reading;
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
        port.acquire(endpoint.settings());
        reading = true;
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "SerialReader[" + endpoint.getDevice() + "]");
        executor.execute(this::readLoop);
    }

    @Override
    protected void doStop() throws Exception {
        reading = false;
        if (port != null) {
            // closing the port wakes the blocked read at once
            port.release();
            port = null;
        }
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, 2000);
            executor = null;
        }
        super.doStop();
    }

    private void readLoop() {
        SharedSerialPort p = port;
        byte[] buffer = new byte[endpoint.getReadBufferSize()];
        int emptyReads = 0;
        while (reading) {
            long start = System.nanoTime();
            int n = p.read(buffer);
            if (!reading) {
                return;
            }
            if (n > 0) {
                emptyReads = 0;
                emit(Arrays.copyOf(buffer, n), null);
            } else if (n < 0) {
                deviceLost("read failed: " + p.lastError());
                return;
            } else if (System.nanoTime() - start < EMPTY_READ_NANOS && ++emptyReads > MAX_EMPTY_READS) {
                deviceLost("device reports end of file");
                return;
            }
        }
    }

    private void deviceLost(String reason) {
        LOG.debug("{}: {}", endpoint.getDevice(), reason);
        reading = false;
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
