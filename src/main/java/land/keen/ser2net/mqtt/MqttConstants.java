package land.keen.ser2net.mqtt;

import org.apache.camel.spi.Metadata;

/**
 * Headers of the {@code mqtt:} component.
 */
public final class MqttConstants {

    @Metadata(label = "consumer", description = "The topic the message came on.", javaType = "String")
    public static final String TOPIC = "CamelMqttTopic";

    @Metadata(label = "producer",
              description = "Publish to this topic instead of the endpoint's (one endpoint, many topics). A header of"
                            + " its own, so a route from one topic to another never publishes back to where the"
                            + " message came from.", javaType = "String")
    public static final String OVERRIDE_TOPIC = "CamelMqttOverrideTopic";

    @Metadata(label = "consumer", description = "QoS the message was delivered with.", javaType = "Integer")
    public static final String QOS = "CamelMqttQoS";

    @Metadata(label = "consumer", description = "Whether the broker delivered a retained message.",
              javaType = "Boolean")
    public static final String RETAINED = "CamelMqttRetained";

    @Metadata(label = "consumer", description = "Whether the broker may have delivered this message before (QoS 1).",
              javaType = "Boolean")
    public static final String DUPLICATE = "CamelMqttDuplicate";

    private MqttConstants() {
    }
}
