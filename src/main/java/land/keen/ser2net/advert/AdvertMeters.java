package land.keen.ser2net.advert;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;

/**
 * {@code ser2net_bridge_advert{bridge, port, name, type}}: 1 while the bridge's advert is announced, 0 while it is
 * not (failed). The name label is the one on the network, so a renamed advert (name conflict) shows its new name.
 */
final class AdvertMeters {

    private record Meter(Gauge gauge, AdvertState[] holder) {
    }

    private final Map<String, Meter> meters = new HashMap<>();
    private MeterRegistry registry;

    synchronized void update(CamelContext context, String bridge, int port, AdvertState state) {
        if (registry == null && context != null) {
            registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        }
        if (registry == null) {
            return;
        }
        Meter m = meters.get(bridge);
        if (m != null && m.holder()[0].name().equals(state.name()) && m.holder()[0].type().equals(state.type())) {
            m.holder()[0] = state;
            return;
        }
        remove(bridge);
        AdvertState[] holder = { state };
        Gauge g = Gauge.builder("ser2net.bridge.advert", holder, h -> h[0].announced() ? 1 : 0)
                .description("1 while the bridge's DNS-SD advert is announced")
                .tags(Tags.of("bridge", bridge, "port", String.valueOf(port), "name", state.name(), "type",
                        state.type()))
                .register(registry);
        meters.put(bridge, new Meter(g, holder));
    }

    synchronized void remove(String bridge) {
        Meter m = meters.remove(bridge);
        if (m != null && registry != null) {
            registry.remove(m.gauge());
        }
    }
}
