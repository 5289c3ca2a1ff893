package land.keen.ser2net.spec;

/**
 * ser2net's {@code openstr} and {@code closestr}: text sent to the device when the first client opens it and when the
 * last one leaves (a modem's init and hang-up strings), with ser2net's escapes still in it. Null: nothing is sent;
 * an empty string is allowed and sends nothing either.
 *
 * @param open  sent after the device opens for the first client
 * @param close sent before the device closes after the last client
 */
public record DeviceStrings(String open, String close) {

    public static final DeviceStrings NONE = new DeviceStrings(null, null);
}
