package land.keen.ser2net.mqtt;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Publishes the message body (bytes or text) to the endpoint's topic, or to the topic in header
 * {@link MqttConstants#OVERRIDE_TOPIC}.
 */
public class MqttProducer extends DefaultProducer {

    private final MqttEndpoint endpoint;
    private MqttConnection connection;

    public MqttProducer(MqttEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = endpoint.getComponent().acquireConnection(endpoint);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String topic = exchange.getIn().getHeader(MqttConstants.OVERRIDE_TOPIC, endpoint.getTopic(), String.class);
        byte[] payload = exchange.getIn().getMandatoryBody(byte[].class);
        connection.publish(topic, payload, endpoint.getQos(), endpoint.isRetained(), endpoint.isDropWhileDisconnected());
    }

    @Override
    protected void doStop() throws Exception {
        if (connection != null) {
            connection.release();
            connection = null;
        }
        super.doStop();
    }
}
