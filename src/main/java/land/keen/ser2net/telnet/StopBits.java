package land.keen.ser2net.telnet;

/** Serial stop bits, with the RFC 2217 SET-STOPSIZE value (note 1.5 is 3, not 2). */
public enum StopBits {
    ONE(1), TWO(2), ONE_POINT_FIVE(3);

    private final int code;

    StopBits(int code) {
        this.code = code;
    }

    public int rfc2217Code() {
        return code;
    }

    /** @return the stop bits for an RFC 2217 value, or null for 0 (query) and undefined values */
    public static StopBits fromRfc2217(int code) {
        for (StopBits s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
