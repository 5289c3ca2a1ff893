package land.keen.ser2net.bridge;

import java.util.concurrent.TimeUnit;

import land.keen.ser2net.serial.SerialEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.engine.AbstractCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge's device route ({@code bridge-<name>-device}): made for the bridge's first client, started (device opened)
 * for each first client and stopped after the last, removed with the bridge. Starting and stopping go without Camel's
 * own "Started/Stopped route" lines: that happens for every first and last client, and the bridge's one line per
 * client says it. Used from the bridge's control thread only, except {@link #endpoint()}.
 */
final class DeviceRoute {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    /** Adds the route (from routes/bridge.yaml), stopped. */
    interface Maker {
        void add() throws Exception;
    }

    private final CamelContext context;
    private final String bridgeName;
    private final String routeId;
    private final Maker maker;
    /** The route's endpoint once the route exists: how the bridge sees its device. */
    private volatile SerialEndpoint endpoint;

    DeviceRoute(CamelContext context, ServedConnection spec, Maker maker) {
        this.context = context;
        this.bridgeName = spec.name();
        this.routeId = spec.deviceRouteId();
        this.maker = maker;
    }

    /** The device as the route's endpoint sees it; null until a client made the route. */
    SerialEndpoint endpoint() {
        SerialEndpoint e = endpoint;
        if (e == null) {
            Route route = context.getRoute(routeId);
            if (route != null) {
                e = (SerialEndpoint) route.getEndpoint();
                endpoint = e;
            }
        }
        return e;
    }

    /** Makes the route unless it is there (first client, or an operator removed it). */
    void ensure() throws Exception {
        if (context.getRoute(routeId) == null) {
            endpoint = null;
            maker.add();
        }
    }

    /** Opens the device: fails with the reason when it cannot be opened. */
    void start() throws Exception {
        if (context instanceof AbstractCamelContext camel) {
            camel.startRoute(routeId, LoggingLevel.DEBUG);
        } else {
            context.getRouteController().startRoute(routeId);
        }
    }

    /** Closes the device. */
    void stop() throws Exception {
        if (context instanceof AbstractCamelContext camel) {
            camel.stopRoute(routeId, 5, TimeUnit.SECONDS, false, LoggingLevel.DEBUG);
        } else {
            context.getRouteController().stopRoute(routeId, 5, TimeUnit.SECONDS);
        }
    }

    /** The route's state (null: removed), to notice an operator's stop. */
    ServiceStatus status() {
        return context.getRouteController().getRouteStatus(routeId);
    }

    String id() {
        return routeId;
    }

    /**
     * The bridge manager removes both routes before the bridge shuts down; a client admitted in between made this
     * route again, so the bridge's control thread removes it last. Camel removes every route itself when the
     * application stops.
     */
    void remove() {
        if (context.isStopping() || context.isStopped() || context.getRoute(routeId) == null) {
            return;
        }
        try {
            context.getRouteController().stopRoute(routeId, 5, TimeUnit.SECONDS);
            context.removeRoute(routeId);
        } catch (Exception e) {
            LOG.warn("bridge {}: removing route {} failed: {}", bridgeName, routeId, Wording.reason(e));
        }
    }
}
