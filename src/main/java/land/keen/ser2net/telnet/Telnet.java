package land.keen.ser2net.telnet;

/**
 * Byte values of the telnet protocol (RFC 854/855/856/858) and of the RFC 2217 COM-PORT-OPTION.
 * Values are ints 0..255 so they compare directly with {@code byte & 0xFF}.
 */
public final class Telnet {
    private Telnet() {
    }

    // RFC 854 commands
    public static final int SE = 240;
    public static final int NOP = 241;
    public static final int DM = 242;
    public static final int BRK = 243;
    public static final int IP = 244;
    public static final int AO = 245;
    public static final int AYT = 246;
    public static final int EC = 247;
    public static final int EL = 248;
    public static final int GA = 249;
    public static final int SB = 250;
    public static final int WILL = 251;
    public static final int WONT = 252;
    public static final int DO = 253;
    public static final int DONT = 254;
    public static final int IAC = 255;

    // options we care about
    public static final int OPT_BINARY = 0;   // RFC 856
    public static final int OPT_ECHO = 1;     // RFC 857 (refused: a serial device echoes itself, if at all)
    public static final int OPT_SGA = 3;      // RFC 858
    public static final int OPT_COM_PORT = 44; // RFC 2217

    public static final int CR = 13;
    public static final int LF = 10;
    public static final int NUL = 0;

    /** A readable name for logs; never used for decisions. */
    public static String name(int b) {
        return switch (b) {
            case SE -> "SE";
            case NOP -> "NOP";
            case DM -> "DM";
            case BRK -> "BRK";
            case IP -> "IP";
            case AO -> "AO";
            case AYT -> "AYT";
            case EC -> "EC";
            case EL -> "EL";
            case GA -> "GA";
            case SB -> "SB";
            case WILL -> "WILL";
            case WONT -> "WONT";
            case DO -> "DO";
            case DONT -> "DONT";
            case IAC -> "IAC";
            default -> Integer.toString(b);
        };
    }

    /** RFC 2217 COM-PORT-OPTION command codes as the client sends them; the server answers with code + 100. */
    public static final class ComPort {
        private ComPort() {
        }

        public static final int SIGNATURE = 0;
        public static final int SET_BAUDRATE = 1;
        public static final int SET_DATASIZE = 2;
        public static final int SET_PARITY = 3;
        public static final int SET_STOPSIZE = 4;
        public static final int SET_CONTROL = 5;
        public static final int NOTIFY_LINESTATE = 6;
        public static final int NOTIFY_MODEMSTATE = 7;
        public static final int FLOWCONTROL_SUSPEND = 8;
        public static final int FLOWCONTROL_RESUME = 9;
        public static final int SET_LINESTATE_MASK = 10;
        public static final int SET_MODEMSTATE_MASK = 11;
        public static final int PURGE_DATA = 12;
        /** Added to a client code to form the server's code. */
        public static final int SERVER_OFFSET = 100;

        // SET-CONTROL values
        public static final int CONTROL_FLOW_QUERY = 0;
        public static final int CONTROL_FLOW_NONE = 1;
        public static final int CONTROL_FLOW_XONXOFF = 2;
        public static final int CONTROL_FLOW_HARDWARE = 3;
        public static final int CONTROL_BREAK_QUERY = 4;
        public static final int CONTROL_BREAK_ON = 5;
        public static final int CONTROL_BREAK_OFF = 6;
        public static final int CONTROL_DTR_QUERY = 7;
        public static final int CONTROL_DTR_ON = 8;
        public static final int CONTROL_DTR_OFF = 9;
        public static final int CONTROL_RTS_QUERY = 10;
        public static final int CONTROL_RTS_ON = 11;
        public static final int CONTROL_RTS_OFF = 12;
        public static final int CONTROL_INBOUND_QUERY = 13;
        public static final int CONTROL_INBOUND_NONE = 14;
        public static final int CONTROL_INBOUND_XONXOFF = 15;
        public static final int CONTROL_INBOUND_HARDWARE = 16;
        public static final int CONTROL_INBOUND_LAST = 19;

        // PURGE-DATA values
        public static final int PURGE_RECEIVE = 1;
        public static final int PURGE_TRANSMIT = 2;
        public static final int PURGE_BOTH = 3;

        // NOTIFY-MODEMSTATE bits
        public static final int MODEM_CD = 0x80;
        public static final int MODEM_RI = 0x40;
        public static final int MODEM_DSR = 0x20;
        public static final int MODEM_CTS = 0x10;
        public static final int MODEM_DELTA_CD = 0x08;
        public static final int MODEM_TRAILING_RI = 0x04;
        public static final int MODEM_DELTA_DSR = 0x02;
        public static final int MODEM_DELTA_CTS = 0x01;
    }
}
