package land.keen.ser2net.telnet;

/**
 * Serial flow control as RFC 2217 SET-CONTROL sets it (values 1/2/3 for outbound; the server applies the
 * same mode in both directions, as serial drivers do).
 */
public enum FlowControl {
    NONE(1, 14), XONXOFF(2, 15), RTSCTS(3, 16);

    private final int code;
    private final int inboundCode;

    FlowControl(int code, int inboundCode) {
        this.code = code;
        this.inboundCode = inboundCode;
    }

    /** SET-CONTROL value for outbound flow control (1, 2, 3). */
    public int rfc2217Code() {
        return code;
    }

    /** SET-CONTROL value for inbound flow control (14, 15, 16). */
    public int rfc2217InboundCode() {
        return inboundCode;
    }

    /** @return the mode for an outbound (1..3) or inbound (14..16) SET-CONTROL value, else null */
    public static FlowControl fromRfc2217(int code) {
        for (FlowControl f : values()) {
            if (f.code == code || f.inboundCode == code) {
                return f;
            }
        }
        return null;
    }
}
