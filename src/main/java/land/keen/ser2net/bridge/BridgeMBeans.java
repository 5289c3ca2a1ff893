package land.keen.ser2net.bridge;

import land.keen.ser2net.serial.SerialEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Producer;
import org.apache.camel.component.netty.NettyEndpoint;
import org.apache.camel.management.DefaultManagementObjectStrategy;

/**
 * Which JMX MBeans a bridge has: its two routes (what Hawtio lists, starts and stops), not the endpoints, consumer and
 * producer inside them. Those five MBeans a bridge carried told an operator nothing its routes and {@code /ports} do
 * not, and registering them was most of what a bridge cost to start (with 500 connections, JMX was 60 % of the time
 * to listen). Every other route keeps Camel's usual MBeans.
 */
public class BridgeMBeans extends DefaultManagementObjectStrategy {

    @Override
    public Object getManagedObjectForEndpoint(CamelContext context, Endpoint endpoint) {
        return partOfABridge(endpoint) ? null : super.getManagedObjectForEndpoint(context, endpoint);
    }

    @Override
    public Object getManagedObjectForConsumer(CamelContext context, Consumer consumer) {
        return partOfABridge(consumer.getEndpoint()) ? null : super.getManagedObjectForConsumer(context, consumer);
    }

    @Override
    public Object getManagedObjectForProducer(CamelContext context, Producer producer) {
        return partOfABridge(producer.getEndpoint()) ? null : super.getManagedObjectForProducer(context, producer);
    }

    /** The bridge templates' endpoints (routes/bridge.yaml): its TCP server and the two ends of its device. */
    static boolean partOfABridge(Endpoint endpoint) {
        if (endpoint instanceof NettyEndpoint netty) {
            return netty.getConfiguration().getServerInitializerFactory() instanceof PortPipeline;
        }
        if (endpoint instanceof SerialEndpoint serial) {
            // the device route reads with the connection's line settings; the network route writes attached only
            return serial.getLineSettings() != null || serial.isAttachOnly();
        }
        return false;
    }
}
