package land.keen.ser2net.mqtt;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Subscribes to the endpoint's topic filter; each message becomes an exchange with a byte[] body and the topic, QoS,
 * retained and duplicate flags as headers. Routed on Paho's callback thread, so messages keep their order.
 */
public class MqttConsumer extends DefaultConsumer {

    private final MqttEndpoint endpoint;
    private MqttConnection connection;

    public MqttConsumer(MqttEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = endpoint.getComponent().acquireConnection(endpoint);
        connection.subscribe(endpoint.getTopic(), endpoint.getQos(), this::arrived);
    }

    private void arrived(String topic, MqttMessage message) {
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
        super.doStop();
    }
}
