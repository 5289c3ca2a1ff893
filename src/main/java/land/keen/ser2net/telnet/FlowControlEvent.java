package land.keen.ser2net.telnet;

/**
 * Fired inbound with {@code fireUserEventTriggered} when an RFC 2217 client sends FLOWCONTROL-SUSPEND or
 * FLOWCONTROL-RESUME. The {@link TelnetHandler} already holds back device data written to a suspended
 * channel (up to a bound); a bridge may also use the event to stop reading the device for this client.
 */
public enum FlowControlEvent {
    SUSPEND, RESUME
}
