package land.keen.ser2net.bridge;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.impl.engine.AbstractCamelContext;

/**
 * Starts and stops a bridge's device route (opening and closing the device) without Camel's own "Started/Stopped
 * route" lines: that happens for every first and last client, and the bridge's one line per client says it.
 */
final class DeviceRoute {

    private DeviceRoute() {
    }

    static void start(CamelContext context, String routeId) throws Exception {
        if (context instanceof AbstractCamelContext camel) {
            camel.startRoute(routeId, LoggingLevel.DEBUG);
        } else {
            context.getRouteController().startRoute(routeId);
        }
    }

    static void stop(CamelContext context, String routeId) throws Exception {
        if (context instanceof AbstractCamelContext camel) {
            camel.stopRoute(routeId, 5, TimeUnit.SECONDS, false, LoggingLevel.DEBUG);
        } else {
            context.getRouteController().stopRoute(routeId, 5, TimeUnit.SECONDS);
        }
    }
}
