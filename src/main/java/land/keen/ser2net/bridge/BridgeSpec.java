package land.keen.ser2net.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

import land.keen.ser2net.config.MdnsSpec;

/**
 * Everything one bridge needs: where it listens, which device it serves and how, and ser2net's connection policy.
 * Built from a ser2net connection (static config or a discovered device's snippet).
 *
 * @param name           connection name, used in route ids ({@code bridge-<name>}) and logs
 * @param source         where it came from (file), for messages
 * @param host           address to listen on, {@code 0.0.0.0} for all
 * @param port           TCP port
 * @param device         device node the serial endpoint opens
 * @param controlLines   e.g. {@code dtr=off,rts=off}, in the order written; empty for none
 * @param timeoutSeconds idle seconds before a client is closed; 0 for never
 * @param trace          data trace destinations, or null for none
 * @param protocol       remaddr, TLS and telnet/RFC 2217 in front of the device
 * @param labels         what watchers may want to show about the device (usb-id, serial, port-path, snippet,
 *                       service); the bridge itself never reads them
 * @param mdns           the DNS-SD advert asked for (ser2net's mdns* options); the bridge itself never reads it
 */
public record BridgeSpec(String name, String source, String host, int port, String device, int baudRate,
        int dataBits, String parity, String stopBits, String flowControl, String controlLines, boolean nobreak,
        int maxConnections, boolean kickOldUser, int timeoutSeconds, TraceSettings trace, ProtocolSettings protocol,
        Map<String, String> labels, MdnsSpec mdns) {

    public BridgeSpec {
        mdns = mdns == null ? MdnsSpec.OFF : mdns;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        protocol = protocol == null ? ProtocolSettings.PLAIN : protocol;
    }

    public String networkRouteId() {
        return "bridge-" + name;
    }

    public String deviceRouteId() {
        return "bridge-" + name + "-device";
    }

    public String beanName() {
        return "ser2net-bridge-" + name;
    }

    /** Parameters for the route templates in routes/bridge.yaml. */
    public Map<String, Object> templateParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("bridge", beanName());
        p.put("host", host);
        p.put("port", port);
        p.put("device", device);
        p.put("baudRate", baudRate);
        p.put("dataBits", dataBits);
        p.put("parity", parity);
        p.put("stopBits", stopBits);
        p.put("flowControl", flowControl);
        p.put("controlLines", controlLines == null ? "" : controlLines);
        p.put("nobreak", nobreak);
        return p;
    }

    public String listenAddress() {
        return host + ":" + port;
    }
}
