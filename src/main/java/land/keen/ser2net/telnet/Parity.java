package land.keen.ser2net.telnet;

/** Serial parity, with its RFC 2217 SET-PARITY value (0 is "query", so no constant uses it). */
public enum Parity {
    NONE(1), ODD(2), EVEN(3), MARK(4), SPACE(5);

    private final int code;

    Parity(int code) {
        this.code = code;
    }

    public int rfc2217Code() {
        return code;
    }

    /** @return the parity for an RFC 2217 value, or null for 0 (query) and values RFC 2217 does not define */
    public static Parity fromRfc2217(int code) {
        for (Parity p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }
}
