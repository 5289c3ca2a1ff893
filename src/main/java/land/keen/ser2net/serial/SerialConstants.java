package land.keen.ser2net.serial;

import org.apache.camel.spi.Metadata;

/**
 * Headers set by the {@code serial:} consumer.
 */
public final class SerialConstants {

    @Metadata(label = "consumer", description = "The device path the data came from.", javaType = "String")
    public static final String DEVICE = "CamelSerialDevice";

    @Metadata(label = "consumer",
              description = "Set to 'disconnected' on the last exchange a consumer emits when the device fails or"
                            + " disappears (the body is then empty); absent on data exchanges.",
              javaType = "String")
    public static final String EVENT = "CamelSerialEvent";

    @Metadata(label = "consumer", description = "Why the device was lost (with EVENT=disconnected).", javaType = "String")
    public static final String ERROR = "CamelSerialError";

    /** Value of {@link #EVENT} when the device went away under an open port. */
    public static final String EVENT_DISCONNECTED = "disconnected";

    private SerialConstants() {
    }
}
