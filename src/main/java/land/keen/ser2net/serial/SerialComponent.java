package land.keen.ser2net.serial;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fazecast.jSerialComm.SerialPort;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code serial:} component: serial ports through jSerialComm. Endpoints of one device path share one open OS
 * port, so a route reading a device and a route writing to it can run side by side.
 */
@Component("serial")
public class SerialComponent extends DefaultComponent {

    /** Longest the JVM's exit waits for Camel to close the ports itself (Camel's shutdown timeout is shorter). */
    private static final long CLOSE_AT_EXIT_WAIT_SECONDS = 15;

    private final Map<String, SharedSerialPort> ports = new ConcurrentHashMap<>();
    private final AtomicBoolean exitOrderSet = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("serial: needs a device path, e.g. serial:/dev/ttyUSB0");
        }
        SerialEndpoint endpoint = new SerialEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        // validate the options now, so a bad URI fails at route creation with the option name
        endpoint.settings();
        endpoint.newFramer();
        return endpoint;
    }

    /** Consumers and producers release their ports when they stop; whatever is still open is closed here. */
    @Override
    protected void doStop() throws Exception {
        ports.values().forEach(SharedSerialPort::close);
        ports.clear();
        super.doStop();
        stopped.countDown();
    }

    /** The shared port of a device path (not opened by this call). */
    SharedSerialPort sharedPort(String device) {
        return ports.computeIfAbsent(device, d -> new SharedSerialPort(d, this::beforeFirstOpen));
    }

    /**
     * At JVM exit jSerialComm's own shutdown hook closes every port it has open, concurrently with Camel's stop: the
     * readers then see their device fail ("lost") while Camel is still closing it. A jSerialComm shutdown hook runs
     * before that clean-up, so ours waits until Camel has stopped this component (its ports closed in order).
     */
    private void beforeFirstOpen() {
        if (exitOrderSet.compareAndSet(false, true)) {
            CountDownLatch latch = stopped; // the hook holds the latch only, not this component or its context
            SerialPort.addShutdownHook(new Thread(() -> {
                try {
                    latch.await(CLOSE_AT_EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "serial-close-before-exit"));
        }
    }
}
