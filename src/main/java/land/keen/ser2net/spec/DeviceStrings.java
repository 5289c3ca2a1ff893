package land.keen.ser2net.spec;

/**
 * ser2net's {@code openstr}, {@code closestr} and {@code closeon}: text sent to the device when the first client opens
 * it and when the last one leaves (a modem's init and hang-up strings), with ser2net's escapes still in it, and text
 * from the device that ends the clients' connections (a modem's {@code NO CARRIER}). Null: none; an empty string is
 * allowed and does nothing either.
 *
 * @param open    sent after the device opens for the first client
 * @param close   sent before the device closes after the last client
 * @param closeOn seen in the device's output, closes every client of the port
 */
public record DeviceStrings(String open, String close, String closeOn) {

    public static final DeviceStrings NONE = new DeviceStrings(null, null, null);
}
