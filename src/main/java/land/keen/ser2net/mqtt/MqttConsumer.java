package land.keen.ser2net.mqtt;

import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Subscribes to the endpoint's topic filter; each message becomes an exchange with a byte[] body and the topic, QoS,
 * retained and duplicate flags as headers. Routed on one thread of the consumer's own, so messages keep their order
 * and a route may publish (and wait for the broker's acknowledgement) without blocking Paho's callback thread, which
 * is the thread that receives those acknowledgements.
 */
public class MqttConsumer extends DefaultConsumer {

    private final MqttEndpoint endpoint;
    private MqttConnection connection;
    private ExecutorService executor;

    public MqttConsumer(MqttEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "MqttConsumer[" + endpoint.getTopic() + "]");
        connection = endpoint.getComponent().acquireConnection(endpoint);
        connection.subscribe(endpoint.getTopic(), endpoint.getQos(),
                (topic, message) -> executor.execute(() -> process(topic, message)));
    }

    private void process(String topic, MqttMessage message) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(message.getPayload());
            exchange.getIn().setHeader(MqttConstants.TOPIC, topic);
            exchange.getIn().setHeader(MqttConstants.QOS, message.getQos());
            exchange.getIn().setHeader(MqttConstants.RETAINED, message.isRetained());
            exchange.getIn().setHeader(MqttConstants.DUPLICATE, message.isDuplicate());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing MQTT message from " + topic, exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (connection != null) {
            connection.unsubscribe(endpoint.getTopic());
            connection.release();
            connection = null;
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, 2000);
            executor = null;
        }
        super.doStop();
    }
}
