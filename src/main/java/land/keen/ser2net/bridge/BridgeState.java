package land.keen.ser2net.bridge;

import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a bridge's port does now, whatever put it there: ser2net-camel, or an operator who stopped or suspended its
 * route through JMX (Jolokia, Hawtio). Read from the network route itself, so /ports, health and metrics say the
 * truth at once.
 */
public enum BridgeState {
    LISTENING, OPEN, STOPPED_BY_OPERATOR, SUSPENDED_BY_OPERATOR;

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    /** As /ports, health and the log say it. */
    public String words() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public boolean byOperator() {
        return this == STOPPED_BY_OPERATOR || this == SUSPENDED_BY_OPERATOR;
    }

    static BridgeState of(CamelContext context, ServedConnection spec, boolean deviceOpen) {
        ServiceStatus network = context.getRouteController().getRouteStatus(spec.networkRouteId());
        if (network != null && network.isSuspended()) {
            return SUSPENDED_BY_OPERATOR;
        }
        if (network == null || !network.isStarted()) {
            return STOPPED_BY_OPERATOR;
        }
        return deviceOpen ? OPEN : LISTENING;
    }

    /** One line when an operator stops a bridge or starts it again; nothing for ordinary open/close. */
    static void logChange(ServedConnection spec, BridgeState before, BridgeState now) {
        if (now.byOperator() && now != before) {
            LOG.warn("bridge {}: {} (route {}): port {} refuses clients until the route is started again or the"
                     + " connection changes", spec.name(), now.words(), spec.networkRouteId(), spec.port());
        } else if (before.byOperator() && !now.byOperator()) {
            LOG.info("bridge {}: started again by operator, listening on {}", spec.name(), spec.listenAddress());
        }
    }
}
