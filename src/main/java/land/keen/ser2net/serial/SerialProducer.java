package land.keen.ser2net.serial;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the message body (byte[], ByteBuf, String, anything convertible to bytes) to the device.
 */
public class SerialProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(SerialProducer.class);

    private final SerialEndpoint endpoint;
    private SharedSerialPort port;
    private boolean holdsPort;

    public SerialProducer(SerialEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        port = endpoint.sharedPort();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] data = exchange.getIn().getMandatoryBody(byte[].class);
        if (data.length == 0) {
            return;
        }
        try {
            if (!endpoint.isAttachOnly()) {
                openOnFirstUse();
                // a consumer of the same device that lost it closed it; open it again if it is back
                port.reopenIfLost(endpoint.settings());
            }
            // attachOnly: the port some route holds open; "is not open" when none does
            port.write(data, 0, data.length);
        } catch (IOException e) {
            // said here once for every route that writes, so a route that expects it needs no log step of its own
            LOG.debug("{}: write of {} bytes failed: {}", endpoint.getDevice(), data.length, e.getMessage());
            throw e;
        }
    }

    private synchronized void openOnFirstUse() throws IOException {
        if (!holdsPort) {
            port.acquire(endpoint.settings());
            holdsPort = true;
        }
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (holdsPort) {
                port.release();
                holdsPort = false;
            }
        }
        super.doStop();
    }
}
