package land.keen.ser2net.mqtt;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Publish messages to, or receive them from, an MQTT 3.1.1 broker (Mosquitto, EMQX, Home Assistant's add-on).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mqtt", title = "MQTT", syntax = "mqtt:topic",
             category = { Category.MESSAGING, Category.IOT }, headersClass = MqttConstants.class)
public class MqttEndpoint extends DefaultEndpoint {

    @UriPath(description = "Topic to publish to, or topic filter to subscribe to (+ and # wildcards)")
    @Metadata(required = true)
    private final String topic;

    @UriParam(defaultValue = "tcp://localhost:1883",
              description = "The broker: tcp://host:1883, or ssl://host:8883 for TLS")
    private String brokerUrl = "tcp://localhost:1883";

    @UriParam(description = "MQTT client id; empty: a generated one. Give a fixed id with cleanSession=false so the"
                            + " broker keeps subscriptions and queued QoS 1/2 messages while the app is away")
    private String clientId;

    @UriParam(label = "security", secret = true, description = "User name for the broker")
    private String userName;

    @UriParam(label = "security", secret = true, description = "Password for the broker")
    private String password;

    @UriParam(defaultValue = "1", enums = "0,1,2",
              description = "Quality of service: 0 at most once, 1 at least once, 2 exactly once")
    private int qos = 1;

    @UriParam(label = "producer", defaultValue = "false",
              description = "Publish retained: the broker keeps the last message of the topic and gives it to every"
                            + " new subscriber (right for a state such as the meter's latest reading)")
    private boolean retained;

    @UriParam(label = "producer", defaultValue = "false",
              description = "While the broker is unreachable, drop messages (counted, and reported when it is back)"
                            + " instead of failing the exchange; right for readings that come again every second")
    private boolean dropWhileDisconnected;

    @UriParam(defaultValue = "true",
              description = "Start a clean session on every connect (the broker forgets subscriptions and queued"
                            + " messages of this client id; subscriptions are made again at each reconnect)")
    private boolean cleanSession = true;

    @UriParam(defaultValue = "60", description = "Seconds between keep-alive pings")
    private int keepAliveInterval = 60;

    @UriParam(defaultValue = "10", description = "Seconds to wait for the broker to answer a connect or a publish")
    private int connectionTimeout = 10;

    @UriParam(defaultValue = "1000", description = "Milliseconds between attempts to reach an unreachable broker")
    private long reconnectDelay = 1000;

    public MqttEndpoint(String uri, MqttComponent component, String topic) {
        super(uri, component);
        this.topic = topic;
    }

    @Override
    public MqttComponent getComponent() {
        return (MqttComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new MqttProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        MqttConsumer consumer = new MqttConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getTopic() {
        return topic;
    }

    public String getBrokerUrl() {
        return brokerUrl;
    }

    public void setBrokerUrl(String brokerUrl) {
        this.brokerUrl = brokerUrl;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId == null || clientId.isBlank() ? null : clientId;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName == null || userName.isBlank() ? null : userName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password == null || password.isEmpty() ? null : password;
    }

    public int getQos() {
        return qos;
    }

    public void setQos(int qos) {
        this.qos = qos;
    }

    public boolean isRetained() {
        return retained;
    }

    public void setRetained(boolean retained) {
        this.retained = retained;
    }

    public boolean isDropWhileDisconnected() {
        return dropWhileDisconnected;
    }

    public void setDropWhileDisconnected(boolean dropWhileDisconnected) {
        this.dropWhileDisconnected = dropWhileDisconnected;
    }

    public boolean isCleanSession() {
        return cleanSession;
    }

    public void setCleanSession(boolean cleanSession) {
        this.cleanSession = cleanSession;
    }

    public int getKeepAliveInterval() {
        return keepAliveInterval;
    }

    public void setKeepAliveInterval(int keepAliveInterval) {
        this.keepAliveInterval = keepAliveInterval;
    }

    public int getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(int connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }
}
