package land.keen.ser2net.bridge;

import java.util.Map;

import land.keen.ser2net.spec.ConnectionOptions;
import land.keen.ser2net.spec.ConnectionSpec;
import land.keen.ser2net.spec.LineSettings;

/**
 * A connection as this node serves it: the parsed {@link ConnectionSpec}, the address it listens on (the accepter's,
 * or the configured bind address when the accepter names none) and what watchers may want to show about the device.
 * A value: the bridge manager restarts a bridge exactly when this changed.
 *
 * @param host   address to listen on, {@code 0.0.0.0} for all
 * @param labels usb-id, serial, port-path, snippet, service... for status pages and Kubernetes; the bridge itself
 *               never reads them
 */
public record ServedConnection(ConnectionSpec connection, String host, Map<String, String> labels) {

    public ServedConnection {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Serves {@code connection} on its accepter's address or else on {@code bindAddress}. */
    public static ServedConnection of(ConnectionSpec connection, String bindAddress, Map<String, String> deviceLabels) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(deviceLabels);
        if (connection.service() != null) {
            labels.put("service", connection.service());
        }
        String host = connection.accepter().host() != null ? connection.accepter().host() : bindAddress;
        return new ServedConnection(connection, host, labels);
    }

    public String name() {
        return connection.name();
    }

    public String source() {
        return connection.source();
    }

    public int port() {
        return connection.accepter().port();
    }

    public String device() {
        return connection.device();
    }

    public LineSettings line() {
        return connection.line();
    }

    public ConnectionOptions options() {
        return connection.options();
    }

    public String listenAddress() {
        return Wording.uriHost(host) + ":" + port();
    }

    /** Route ids use {@link CamelIds#of} of the name: any YAML anchor is a connection name, not every one an id. */
    public String networkRouteId() {
        return "bridge-" + CamelIds.of(name());
    }

    public String deviceRouteId() {
        return "bridge-" + CamelIds.of(name()) + "-device";
    }
}
