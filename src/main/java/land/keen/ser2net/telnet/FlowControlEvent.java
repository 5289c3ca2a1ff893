package land.keen.ser2net.telnet;

/**
 * Fired inbound with {@code fireUserEventTriggered} when an RFC 2217 client sends FLOWCONTROL-SUSPEND or
 * FLOWCONTROL-RESUME. The {@link TelnetHandler} already holds back device data written to a suspended
 * channel (up to a bound). Our bridge does not act on it: stopping the device for one client would stall
 * the others sharing it.
 */
public enum FlowControlEvent {
    SUSPEND, RESUME
}
