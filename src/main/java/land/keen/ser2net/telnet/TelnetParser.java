package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.CR;
import static land.keen.ser2net.telnet.Telnet.DO;
import static land.keen.ser2net.telnet.Telnet.DONT;
import static land.keen.ser2net.telnet.Telnet.IAC;
import static land.keen.ser2net.telnet.Telnet.NUL;
import static land.keen.ser2net.telnet.Telnet.SB;
import static land.keen.ser2net.telnet.Telnet.SE;
import static land.keen.ser2net.telnet.Telnet.WILL;
import static land.keen.ser2net.telnet.Telnet.WONT;

import io.netty.buffer.ByteBuf;

/**
 * Byte-at-a-time state machine splitting a client's telnet stream into data runs and commands. It keeps its
 * state between calls, so a sequence split over several TCP reads (IAC | DO | 44) parses as if it came whole.
 *
 * <p>Memory is bounded: a subnegotiation body longer than {@code maxSubnegotiation} bytes is dropped
 * (skipped up to its IAC SE) instead of buffered. Nothing here throws on bad input; malformed sequences are
 * resolved the way common telnet implementations do and reported to {@link Listener#malformed(String)}.
 * Not thread-safe: one parser per connection, used from its event loop.
 */
public final class TelnetParser {

    /** Receives what the parser finds, in stream order. */
    public interface Listener {
        /** Plain data: {@code length} bytes of {@code in} from absolute {@code index}, already unescaped. */
        void data(ByteBuf in, int index, int length);

        /** A single byte 0xFF of data (from IAC IAC), reported apart because it is not in the input as-is. */
        void dataIac();

        /** WILL/WONT/DO/DONT {@code option}. */
        void negotiation(int verb, int option);

        /** IAC SB option ... IAC SE; {@code body} holds {@code length} unescaped bytes, valid only during the call. */
        void subnegotiation(int option, byte[] body, int length);

        /** Any other two-byte command (NOP, BRK, AYT, GA, ...). */
        void command(int command);

        /** Something was dropped or repaired; for debug logging only. */
        void malformed(String what);
    }

    private enum State { DATA, CR_SEEN, IAC_SEEN, VERB, SB_OPTION, SB_BODY, SB_IAC, SB_DISCARD, SB_DISCARD_IAC }

    private final byte[] sb;
    private State state = State.DATA;
    private int verb;
    private int sbOption;
    private int sbLength;
    private int discarded;
    // RFC 854 NVT rule: outside BINARY a CR is followed by NUL (meaning a bare CR) or LF. In BINARY every byte
    // is data, so this flag (the client's WILL BINARY accepted) switches the CR NUL rule off.
    private boolean binary;

    public TelnetParser(int maxSubnegotiation) {
        if (maxSubnegotiation < 1) {
            throw new IllegalArgumentException("maxSubnegotiation must be positive: " + maxSubnegotiation);
        }
        this.sb = new byte[maxSubnegotiation];
    }

    public void setBinary(boolean binary) {
        this.binary = binary;
    }

    public boolean isBinary() {
        return binary;
    }

    /** Bytes held between calls (a subnegotiation body in progress); never more than the bound. */
    public int bufferedBytes() {
        return state == State.SB_BODY || state == State.SB_IAC ? sbLength : 0;
    }

    /** Forget any half-read sequence, e.g. after a listener failed half way. */
    public void reset() {
        state = State.DATA;
        sbLength = 0;
    }

    /** Parse all readable bytes of {@code in} (its reader index is moved to the end). */
    public void parse(ByteBuf in, Listener listener) {
        int i = in.readerIndex();
        final int end = in.writerIndex();
        while (i < end) {
            if (state == State.DATA) {
                // fast path: hand on the longest run of plain bytes in one call
                int stop = scanData(in, i, end);
                if (stop > i) {
                    listener.data(in, i, stop - i);
                    i = stop;
                    continue;
                }
            }
            i = step(in.getByte(i) & 0xFF, in, i, listener);
        }
        in.readerIndex(end);
    }

    /** Index of the first byte in [from, end) that is not plain data in the DATA state. */
    private int scanData(ByteBuf in, int from, int end) {
        if (binary) {
            int iac = in.indexOf(from, end, (byte) IAC);
            return iac < 0 ? end : iac;
        }
        for (int j = from; j < end; j++) {
            int b = in.getByte(j) & 0xFF;
            if (b == IAC || b == CR) {
                return j; // a CR goes through step(), which remembers it to drop a NUL after it
            }
        }
        return end;
    }

    /** Handles one byte at index {@code i}; returns the index of the next byte to look at. */
    private int step(int b, ByteBuf in, int i, Listener listener) {
        switch (state) {
            case DATA:
                if (b == IAC) {
                    state = State.IAC_SEEN;
                } else {
                    listener.data(in, i, 1);
                    if (b == CR && !binary) {
                        state = State.CR_SEEN;
                    }
                }
                return i + 1;
            case CR_SEEN:
                state = State.DATA;
                if (b == NUL && !binary) {
                    return i + 1; // CR NUL is a bare CR: the NUL is padding, not data
                }
                return i; // anything else (LF, data, IAC) is looked at again as normal input
            case IAC_SEEN:
                return afterIac(b, i, listener);
            case VERB:
                state = State.DATA;
                listener.negotiation(verb, b);
                return i + 1;
            case SB_OPTION:
                sbOption = b;
                sbLength = 0;
                state = State.SB_BODY;
                return i + 1;
            case SB_BODY:
                if (b == IAC) {
                    state = State.SB_IAC;
                } else {
                    append(b);
                }
                return i + 1;
            case SB_IAC:
                if (b == SE) {
                    state = State.DATA;
                    int length = sbLength;
                    sbLength = 0;
                    listener.subnegotiation(sbOption, sb, length);
                    return i + 1;
                }
                if (b == IAC) {
                    state = State.SB_BODY;
                    append(IAC);
                    return i + 1;
                }
                // RFC 855 allows nothing else here; treat it as the end of a broken SB and the start of a command
                listener.malformed("IAC " + Telnet.name(b) + " inside subnegotiation of option " + sbOption);
                sbLength = 0;
                state = State.IAC_SEEN;
                return i;
            case SB_DISCARD:
                if (b == IAC) {
                    state = State.SB_DISCARD_IAC;
                }
                discarded++;
                return i + 1;
            case SB_DISCARD_IAC:
                if (b == SE) {
                    state = State.DATA;
                    listener.malformed("dropped oversized subnegotiation of option " + sbOption + " ("
                            + (sb.length + discarded) + "+ bytes)");
                    return i + 1;
                }
                if (b == IAC) {
                    state = State.SB_DISCARD;
                    return i + 1;
                }
                state = State.IAC_SEEN;
                return i;
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private int afterIac(int b, int i, Listener listener) {
        state = State.DATA;
        if (b == IAC) {
            listener.dataIac();
        } else if (b == WILL || b == WONT || b == DO || b == DONT) {
            verb = b;
            state = State.VERB;
        } else if (b == SB) {
            state = State.SB_OPTION;
        } else if (b == SE) {
            listener.malformed("IAC SE outside subnegotiation");
        } else {
            listener.command(b);
        }
        return i + 1;
    }

    private void append(int b) {
        if (sbLength == sb.length) {
            // over the bound: stop buffering, skip to IAC SE; nothing of this SB reaches the listener
            state = State.SB_DISCARD;
            discarded = 1;
            sbLength = 0;
            return;
        }
        sb[sbLength++] = (byte) b;
    }
}
