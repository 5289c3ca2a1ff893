package land.keen.ser2net.serial;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code serial:} component: serial ports through jSerialComm. Endpoints of one device path share one open OS
 * port, so a route reading a device and a route writing to it can run side by side.
 */
@Component("serial")
public class SerialComponent extends DefaultComponent {

    private final Map<String, SharedSerialPort> ports = new ConcurrentHashMap<>();

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
    }

    /** The shared port of a device path (not opened by this call). */
    SharedSerialPort sharedPort(String device) {
        return ports.computeIfAbsent(device, SharedSerialPort::new);
    }
}
