package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.ComPort.*;

import java.nio.charset.StandardCharsets;
import java.util.List;

import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;

/**
 * The server side of RFC 2217 COM-PORT-OPTION: turns a client's subnegotiation body into
 * {@link SerialControl} calls and the server's answer (client code + 100, carrying the value now in effect).
 * Telnet framing and IAC escaping are the caller's job; this class sees unescaped bodies only.
 */
final class ComPortServer {

    /** Where answers and flow-control changes go. */
    interface Output {
        /** Send IAC SB COM-PORT-OPTION {@code serverCode} {@code value...} IAC SE. */
        void reply(int serverCode, byte[] value);

        /** The client asked us to stop ({@code true}) or restart sending it data. */
        void flowControl(boolean suspend);
    }

    // The RFC 2217 codes of the line settings, in one table: position i holds the value of code i + 1 (0 is "query")
    private static final List<Parity> PARITY = List.of(Parity.NONE, Parity.ODD, Parity.EVEN, Parity.MARK, Parity.SPACE);
    /** SET-STOPSIZE: note 1.5 is 3, not 2. */
    private static final List<StopBits> STOP_BITS = List.of(StopBits.ONE, StopBits.TWO, StopBits.ONE_POINT_FIVE);
    /** SET-CONTROL outbound 1..3, inbound 14..16; the server applies one mode both ways, as serial drivers do. */
    private static final List<FlowControl> FLOW = List.of(FlowControl.NONE, FlowControl.XONXOFF, FlowControl.RTSCTS);
    private static final int INBOUND_FLOW_OFFSET = CONTROL_INBOUND_NONE - CONTROL_FLOW_NONE;

    private final SerialControl control;
    private final Output out;
    // RFC 2217: "the initial default is 255" for the modem state mask and 0 for the line state mask
    private int modemMask = 0xFF;
    private int lineMask = 0;
    private int lastModem = -1; // -1: nothing told yet, so the first poll tells the client where the lines are
    private int lastLine = 0;
    private String clientSignature = "";

    ComPortServer(SerialControl control, Output out) {
        this.control = control;
        this.out = out;
    }

    int modemMask() {
        return modemMask;
    }

    int lineMask() {
        return lineMask;
    }

    String clientSignature() {
        return clientSignature;
    }

    /**
     * Handles one COM-PORT-OPTION subnegotiation; {@code body[0]} is the command code.
     *
     * @return false if it was ignored (unknown, too short), for logging
     */
    boolean handle(byte[] body, int length) {
        if (length < 1) {
            return false;
        }
        int code = body[0] & 0xFF;
        int n = length - 1;
        int v = n >= 1 ? body[1] & 0xFF : 0;
        switch (code) {
            case SIGNATURE -> {
                if (n == 0) {
                    String sig = control.signature();
                    reply(code, (sig == null ? "" : sig).getBytes(StandardCharsets.US_ASCII));
                } else {
                    // a client telling its own signature expects no answer
                    clientSignature = new String(body, 1, n, StandardCharsets.US_ASCII);
                }
            }
            case SET_BAUDRATE -> {
                if (n < 4) {
                    return false;
                }
                long asked = ((long) v << 24) | ((body[2] & 0xFF) << 16) | ((body[3] & 0xFF) << 8) | (body[4] & 0xFF);
                // 0 queries; a rate beyond int range no port can do is answered with the current one
                int now = asked == 0 || asked > Integer.MAX_VALUE ? control.baudRate() : control.setBaudRate((int) asked);
                reply(code, new byte[] {(byte) (now >>> 24), (byte) (now >>> 16), (byte) (now >>> 8), (byte) now});
            }
            case SET_DATASIZE -> {
                if (n < 1) {
                    return false;
                }
                int now = v >= 5 && v <= 8 ? control.setDataBits(v) : control.dataBits();
                reply(code, v(now));
            }
            case SET_PARITY -> {
                if (n < 1) {
                    return false;
                }
                Parity asked = fromCode(PARITY, v);
                Parity now = asked != null ? control.setParity(asked) : control.parity();
                reply(code, v(toCode(PARITY, now)));
            }
            case SET_STOPSIZE -> {
                if (n < 1) {
                    return false;
                }
                StopBits asked = fromCode(STOP_BITS, v);
                StopBits now = asked != null ? control.setStopBits(asked) : control.stopBits();
                reply(code, v(toCode(STOP_BITS, now)));
            }
            case SET_CONTROL -> {
                if (n < 1) {
                    return false;
                }
                return setControl(v);
            }
            // RFC 2217 defines these two server to client only; pyserial sends NOTIFY-MODEMSTATE to poll,
            // so a client's copy is answered with the current state (unmasked: masks govern notifications)
            case NOTIFY_LINESTATE -> reply(code, v(control.lineState() & 0xFF));
            case NOTIFY_MODEMSTATE -> reply(code, v(control.modemState() & 0xFF));
            case FLOWCONTROL_SUSPEND -> out.flowControl(true);
            case FLOWCONTROL_RESUME -> out.flowControl(false);
            case SET_LINESTATE_MASK -> {
                if (n < 1) {
                    return false;
                }
                lineMask = v;
                reply(code, v(v));
            }
            case SET_MODEMSTATE_MASK -> {
                if (n < 1) {
                    return false;
                }
                modemMask = v;
                reply(code, v(v));
            }
            case PURGE_DATA -> {
                if (n < 1 || v < PURGE_RECEIVE || v > PURGE_BOTH) {
                    return false;
                }
                control.purge((v & PURGE_RECEIVE) != 0, (v & PURGE_TRANSMIT) != 0);
                reply(code, v(v));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean setControl(int v) {
        int now;
        if (v == CONTROL_FLOW_QUERY) {
            now = flowCode(control.flowControl(), false);
        } else if (v <= CONTROL_FLOW_HARDWARE) {
            now = flowCode(control.setFlowControl(fromCode(FLOW, v)), false);
        } else if (v == CONTROL_BREAK_QUERY) {
            now = control.breakState() ? CONTROL_BREAK_ON : CONTROL_BREAK_OFF;
        } else if (v <= CONTROL_BREAK_OFF) {
            now = control.setBreak(v == CONTROL_BREAK_ON) ? CONTROL_BREAK_ON : CONTROL_BREAK_OFF;
        } else if (v == CONTROL_DTR_QUERY) {
            now = control.dtr() ? CONTROL_DTR_ON : CONTROL_DTR_OFF;
        } else if (v <= CONTROL_DTR_OFF) {
            now = control.setDtr(v == CONTROL_DTR_ON) ? CONTROL_DTR_ON : CONTROL_DTR_OFF;
        } else if (v == CONTROL_RTS_QUERY) {
            now = control.rts() ? CONTROL_RTS_ON : CONTROL_RTS_OFF;
        } else if (v <= CONTROL_RTS_OFF) {
            now = control.setRts(v == CONTROL_RTS_ON) ? CONTROL_RTS_ON : CONTROL_RTS_OFF;
        } else if (v == CONTROL_INBOUND_QUERY) {
            now = flowCode(control.flowControl(), true);
        } else if (v <= CONTROL_INBOUND_HARDWARE) {
            // one mode for both directions, as serial drivers have it
            now = flowCode(control.setFlowControl(fromCode(FLOW, v - INBOUND_FLOW_OFFSET)), true);
        } else if (v <= CONTROL_INBOUND_LAST) {
            // DCD/DTR/DSR flow control (17..19): not offered; answer what is in effect
            now = flowCode(control.flowControl(), true);
        } else {
            return false;
        }
        reply(SET_CONTROL, v(now));
        return true;
    }

    private static int flowCode(FlowControl f, boolean inbound) {
        int code = toCode(FLOW, f == null ? FlowControl.NONE : f);
        return inbound ? code + INBOUND_FLOW_OFFSET : code;
    }

    /** The value of an RFC 2217 code, or null for 0 (query) and codes the RFC does not define. */
    private static <T> T fromCode(List<T> table, int code) {
        return code >= 1 && code <= table.size() ? table.get(code - 1) : null;
    }

    /** The RFC 2217 code of a value; 0 when there is none. */
    private static <T> int toCode(List<T> table, T value) {
        return table.indexOf(value) + 1;
    }

    /**
     * Sends NOTIFY-MODEMSTATE if the masked modem state differs from what the client last heard, and
     * NOTIFY-LINESTATE if masked line state bits are set and changed.
     */
    void poll() {
        int modem = control.modemState() & modemMask & 0xFF;
        // a client that set its modem state mask to 0 asked to hear nothing about the lines
        if (modemMask != 0 && modem != lastModem) {
            lastModem = modem;
            out.reply(NOTIFY_MODEMSTATE + SERVER_OFFSET, v(modem));
        }
        int line = control.lineState() & lineMask & 0xFF;
        if (line != lastLine) {
            lastLine = line;
            if (line != 0) {
                out.reply(NOTIFY_LINESTATE + SERVER_OFFSET, v(line));
            }
        }
    }

    private void reply(int clientCode, byte[] value) {
        out.reply(clientCode + SERVER_OFFSET, value);
    }

    private static byte[] v(int b) {
        return new byte[] {(byte) b};
    }
}
