package land.keen.ser2net.mqtt;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a broker, shared by the endpoints that name the same broker, client id and user. It connects in
 * the background and keeps trying until the broker answers (also after losing it), so a route starts even while the
 * broker is down; subscriptions are made again after every reconnect (a clean session forgets them). One WARN when
 * the broker is lost, one INFO when it is back: a broker outage never floods the log.
 */
final class MqttConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    private record Subscription(int qos, IMqttMessageListener listener) {
    }

    private final CamelContext context;
    private final String brokerUrl;
    private final String clientId;
    private final MqttConnectOptions options;
    private final long reconnectDelay;
    private final long timeoutMs;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong droppedWhileAway = new AtomicLong();
    private final CountDownLatch firstConnect = new CountDownLatch(1);
    private ScheduledExecutorService executor;
    private MqttAsyncClient client;
    private int users;
    private boolean started;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile boolean everConnected;
    private volatile boolean outageReported;

    MqttConnection(MqttEndpoint endpoint) {
        this.context = endpoint.getCamelContext();
        this.brokerUrl = endpoint.getBrokerUrl();
        this.clientId = endpoint.getClientId() != null ? endpoint.getClientId()
                : "ser2net-camel-" + UUID.randomUUID().toString().substring(0, 8);
        this.reconnectDelay = endpoint.getReconnectDelay();
        this.timeoutMs = endpoint.getConnectionTimeout() * 1000L;
        options = new MqttConnectOptions();
        options.setCleanSession(endpoint.isCleanSession());
        options.setKeepAliveInterval(endpoint.getKeepAliveInterval());
        options.setConnectionTimeout(endpoint.getConnectionTimeout());
        // we reconnect ourselves: Paho's own automatic reconnect does not cover a broker that is down at start-up
        options.setAutomaticReconnect(false);
        if (endpoint.getUserName() != null) {
            options.setUserName(endpoint.getUserName());
        }
        if (endpoint.getPassword() != null) {
            options.setPassword(endpoint.getPassword().toCharArray());
        }
    }

    synchronized void retain() {
        users++;
    }

    synchronized void startIfNew() {
        if (started) {
            return;
        }
        started = true;
        // Paho runs its receiver, sender, callback and pings on this pool: threads of Camel's executor manager
        executor = context.getExecutorServiceManager().newScheduledThreadPool(this, "MqttClient[" + brokerUrl + "]", 8);
        try {
            client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence(),
                    new ScheduledExecutorPingSender(executor), executor);
        } catch (MqttException e) {
            throw new IllegalArgumentException("mqtt: brokerUrl " + brokerUrl + ": " + e.getMessage(), e);
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connected = false;
                if (!closed) {
                    reportOutage("lost the connection to " + brokerUrl + ": " + reason(cause));
                    scheduleConnect(reconnectDelay);
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // every subscription has its own listener
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        scheduleConnect(0);
    }

    private void scheduleConnect(long delayMs) {
        if (!closed) {
            executor.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void connect() {
        if (closed || connected) {
            return;
        }
        try {
            client.connect(options).waitForCompletion(timeoutMs + 1000);
            connected = true;
            for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
                client.subscribe(s.getKey(), s.getValue().qos(), s.getValue().listener()).waitForCompletion(timeoutMs);
            }
            long dropped = droppedWhileAway.getAndSet(0);
            if (outageReported) {
                LOG.info("mqtt: connected to {} again ({} messages dropped while it was away)", brokerUrl, dropped);
            } else {
                LOG.info("mqtt: connected to {} as {}", brokerUrl, clientId);
            }
            outageReported = false;
            everConnected = true;
            firstConnect.countDown();
        } catch (MqttException e) {
            connected = client.isConnected();
            if (!connected) {
                reportOutage("cannot reach " + brokerUrl + ": " + reason(e));
                scheduleConnect(reconnectDelay);
            }
        }
    }

    private void reportOutage(String what) {
        if (!outageReported) {
            outageReported = true;
            LOG.warn("mqtt: {}; retrying every {} ms", what, reconnectDelay);
        }
    }

    private static String reason(Throwable t) {
        if (t == null) {
            return "closed";
        }
        Throwable root = t.getCause() != null ? t.getCause() : t;
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    void subscribe(String topic, int qos, IMqttMessageListener listener) throws MqttException {
        subscriptions.put(topic, new Subscription(qos, listener));
        if (connected) {
            client.subscribe(topic, qos, listener).waitForCompletion(timeoutMs);
        }
    }

    void unsubscribe(String topic) {
        subscriptions.remove(topic);
        if (connected) {
            try {
                client.unsubscribe(topic).waitForCompletion(timeoutMs);
            } catch (MqttException e) {
                LOG.debug("mqtt: unsubscribe {} failed: {}", topic, e.getMessage());
            }
        }
    }

    boolean isConnected() {
        return connected;
    }

    /**
     * Publishes and waits until the broker has it (QoS 1 and 2). Before the first connect it waits up to the
     * connection timeout. Throws when the broker is away; with dropWhileAway the message is counted and dropped
     * instead.
     */
    void publish(String topic, byte[] payload, int qos, boolean retained, boolean dropWhileAway) throws IOException {
        if (!everConnected) {
            // a route that publishes as soon as it starts (discovery messages) waits for the first connect
            try {
                firstConnect.await(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("mqtt: interrupted while waiting for " + brokerUrl, e);
            }
        }
        if (!connected) {
            if (dropWhileAway) {
                droppedWhileAway.incrementAndGet();
                return;
            }
            throw new IOException("mqtt: not connected to " + brokerUrl + (everConnected ? " (lost)" : " (yet)"));
        }
        try {
            client.publish(topic, payload, qos, retained).waitForCompletion(timeoutMs);
        } catch (MqttException e) {
            if (dropWhileAway && !client.isConnected()) {
                droppedWhileAway.incrementAndGet();
                return;
            }
            throw new IOException("mqtt: publish to " + topic + " on " + brokerUrl + " failed: " + reason(e), e);
        }
    }

    synchronized void release() {
        if (--users <= 0) {
            close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect(500).waitForCompletion(timeoutMs);
                }
            } catch (MqttException e) {
                LOG.debug("mqtt: disconnect from {}: {}", brokerUrl, e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("mqtt: close {}: {}", brokerUrl, e.getMessage());
            }
        }
        if (executor != null) {
            context.getExecutorServiceManager().shutdownNow(executor);
        }
    }
}
