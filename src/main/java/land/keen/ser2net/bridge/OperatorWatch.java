package land.keen.ser2net.bridge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Hears every start, stop, suspend and resume of a bridge's routes (Camel's route events), so a route an operator
 * stopped from Hawtio is noticed at once rather than on the next reconcile pass. Takes no lock of the
 * {@link BridgeManager}: events also come from threads that manager may be waiting for.
 */
final class OperatorWatch extends EventNotifierSupport {

    private final Map<String, Bridge> byRoute = new ConcurrentHashMap<>();

    OperatorWatch() {
        setIgnoreCamelContextEvents(true);
        setIgnoreExchangeEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    void watch(Bridge bridge) {
        byRoute.put(bridge.spec().networkRouteId(), bridge);
        byRoute.put(bridge.spec().deviceRouteId(), bridge);
    }

    void forget(Bridge bridge) {
        byRoute.remove(bridge.spec().networkRouteId(), bridge);
        byRoute.remove(bridge.spec().deviceRouteId(), bridge);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.RouteEvent e && e.getRoute() != null) {
            Bridge bridge = byRoute.get(e.getRoute().getRouteId());
            if (bridge != null) {
                bridge.observeOperator();
            }
        }
    }
}
