package land.keen.ser2net.app;

import java.util.concurrent.locks.Lock;

import land.keen.ser2net.bridge.BridgeMBeans;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.management.JmxManagementStrategy;
import org.apache.camel.spi.ManagementStrategy;

/**
 * Camel's context, with two costs taken out of adding a bridge (500 ports, a terminal server of RS485 lines, took
 * 13-17 s to listen):
 * <ul>
 * <li>Camel adds a route by first removing any route of the same id, and its {@code removeRoute} gathers the endpoints
 * of every route before it looks whether the id exists at all. A bridge is two routes, so N connections cost O(N²),
 * most of those seconds (stack samples of the reconcile thread). An id that names no route has nothing to remove: that
 * is answered at once, as Camel itself answers it after the gathering.</li>
 * <li>Only a bridge's routes are MBeans, not the endpoints, consumer and producer inside them ({@link BridgeMBeans}).
 * </li>
 * <li>An MBean's description is built once per class, not once per MBean ({@link SharedMBeanInfo}).</li>
 * </ul>
 */
public class Ser2netCamelContext extends DefaultCamelContext {

    public Ser2netCamelContext(boolean init) {
        super(init);
    }

    @Override
    public void setManagementStrategy(ManagementStrategy strategy) {
        if (strategy instanceof JmxManagementStrategy && strategy.getManagementObjectStrategy() == null) {
            strategy.setManagementObjectStrategy(new BridgeMBeans());
            if (getCamelContextExtension().getManagementMBeanAssembler() == null) {
                getCamelContextExtension().setManagementMBeanAssembler(new SharedMBeanInfo(this));
            }
        }
        super.setManagementStrategy(strategy);
    }

    @Override
    public boolean removeRoute(String routeId) throws Exception {
        Lock lock = getLock();
        lock.lock();
        try {
            if (routeId == null || !getRouteServices().containsKey(routeId)) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        return super.removeRoute(routeId);
    }
}
