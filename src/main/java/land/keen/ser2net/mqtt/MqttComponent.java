package land.keen.ser2net.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code mqtt:} component: publish to and subscribe from an MQTT 3.1.1 broker through the Eclipse Paho client.
 * Endpoints with the same broker, client id and user share one connection.
 */
@Component("mqtt")
public class MqttComponent extends DefaultComponent {

    private final Map<String, MqttConnection> connections = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("mqtt: needs a topic, e.g. mqtt:meter/state?brokerUrl=tcp://broker:1883");
        }
        MqttEndpoint endpoint = new MqttEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getQos() < 0 || endpoint.getQos() > 2) {
            throw new IllegalArgumentException("mqtt: qos must be 0, 1 or 2, not " + endpoint.getQos());
        }
        return endpoint;
    }

    /** The shared connection for an endpoint's broker settings; each user must {@link MqttConnection#release()} it. */
    MqttConnection acquireConnection(MqttEndpoint endpoint) {
        String key = endpoint.getBrokerUrl() + "|" + endpoint.getClientId() + "|" + endpoint.getUserName();
        MqttConnection connection = connections.compute(key, (k, existing) -> {
            MqttConnection c = existing != null && !existing.isClosed() ? existing : new MqttConnection(endpoint);
            c.retain();
            return c;
        });
        connection.startIfNew();
        return connection;
    }

    @Override
    protected void doStop() throws Exception {
        connections.values().forEach(MqttConnection::close);
        connections.clear();
        super.doStop();
    }
}
