package land.keen.ser2net.app;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import land.keen.ser2net.bridge.BridgeSpec;
import land.keen.ser2net.bridge.ProtocolSettings;
import land.keen.ser2net.bridge.TraceSettings;
import land.keen.ser2net.config.AccepterLayers;
import land.keen.ser2net.config.ConnectionSpec;
import land.keen.ser2net.config.SerialLineSpec;
import land.keen.ser2net.config.TraceSpec;

/**
 * A parsed ser2net connection as the bridge layer wants it. Lives here so that neither the parser nor the bridge
 * knows the other.
 */
final class BridgeSpecs {

    private BridgeSpecs() {
    }

    static BridgeSpec from(ConnectionSpec c, String defaultHost) {
        return from(c, defaultHost, Map.of());
    }

    static BridgeSpec from(ConnectionSpec c, String defaultHost, Map<String, String> deviceLabels) {
        Map<String, String> labels = new LinkedHashMap<>(deviceLabels);
        if (c.service() != null) {
            labels.put("service", c.service());
        }
        SerialLineSpec line = c.line();
        String host = c.accepter().host() != null ? c.accepter().host() : defaultHost;
        return new BridgeSpec(c.name(), c.source(), host, c.accepter().port(), line.device(), line.baudRate(),
                line.dataBits(), line.parity().name().toLowerCase(Locale.ROOT), stopBits(line),
                line.flowControl().name().toLowerCase(Locale.ROOT),
                line.controlLines().stream()
                        .map(l -> l.line().name().toLowerCase(Locale.ROOT) + "=" + (l.on() ? "on" : "off"))
                        .collect(Collectors.joining(",")),
                line.nobreak(), c.options().maxConnections(), c.options().kickOldUser(),
                c.options().timeoutSeconds(), trace(c.options().trace()), protocol(c), labels, c.options().mdns());
    }

    private static ProtocolSettings protocol(ConnectionSpec c) {
        AccepterLayers layers = AccepterLayers.of(c.accepter());
        AccepterLayers.Tls tls = layers.tls();
        return new ProtocolSettings(layers.telnet(), tls == null ? null : tls.key(), tls == null ? null : tls.cert(),
                tls == null ? null : tls.ca(), tls != null && tls.clientAuth(), c.options().remaddr(),
                c.options().banner());
    }

    private static TraceSettings trace(TraceSpec t) {
        return t.enabled() ? new TraceSettings(t.read(), t.write(), t.both(), t.hexdump(), t.timestamp()) : null;
    }

    private static String stopBits(SerialLineSpec line) {
        return switch (line.stopBits()) {
            case ONE -> "1";
            case ONE_POINT_FIVE -> "1.5";
            case TWO -> "2";
        };
    }
}
