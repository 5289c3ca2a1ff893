package land.keen.ser2net.mqtt;

import org.apache.camel.spi.Metadata;

/**
 * Headers of the {@code mqtt:} component.
 */
public final class MqttConstants {

    @Metadata(description = "Consumer: the topic the message came on. Producer: publish to this topic instead of the"
                            + " endpoint's (one endpoint can then publish to many topics).", javaType = "String")
    public static final String TOPIC = "CamelMqttTopic";

    @Metadata(label = "consumer", description = "QoS the message was delivered with.", javaType = "Integer")
    public static final String QOS = "CamelMqttQoS";

    @Metadata(description = "Consumer: whether the broker delivered a retained message. Producer: publish retained"
                            + " (overrides the endpoint's retained option).", javaType = "Boolean")
    public static final String RETAINED = "CamelMqttRetained";

    @Metadata(label = "consumer", description = "Whether the broker may have delivered this message before (QoS 1).",
              javaType = "Boolean")
    public static final String DUPLICATE = "CamelMqttDuplicate";

    private MqttConstants() {
    }
}
