package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.DO;
import static land.keen.ser2net.telnet.Telnet.DONT;
import static land.keen.ser2net.telnet.Telnet.WILL;
import static land.keen.ser2net.telnet.Telnet.WONT;

/**
 * Telnet option state per RFC 1143 ("the Q method"), without the queue bit: this server never changes its
 * mind after its initial offers, so it never needs to queue a reversal. Each option has two sides: "us"
 * (our WILL/WONT, the client's DO/DONT) and "them" (the client's WILL/WONT, our DO/DONT).
 *
 * <p>The rules that prevent negotiation loops: an answer is sent only when a state really changes or a
 * positive request is refused; a reply that matches what we asked for (WANTYES/WANTNO) is an acknowledgement
 * and is never answered.
 */
final class OptionNegotiator {

    /** Where answers go and who hears about options switching. */
    interface Output {
        void send(int verb, int option);

        /** {@code local}: our side (we WILL) vs. theirs (they WILL). */
        void changed(int option, boolean local, boolean enabled);
    }

    private static final byte NO = 0;
    private static final byte YES = 1;
    private static final byte WANTNO = 2;
    private static final byte WANTYES = 3;

    private final byte[] us = new byte[256];
    private final byte[] them = new byte[256];
    private final boolean[] acceptUs = new boolean[256];
    private final boolean[] acceptThem = new boolean[256];
    private final Output out;

    OptionNegotiator(Output out) {
        this.out = out;
    }

    /** Allow an option to be enabled on our side ({@code local}) or theirs when the other end asks. */
    void accept(int option, boolean local) {
        (local ? acceptUs : acceptThem)[option] = true;
    }

    boolean enabled(int option, boolean local) {
        return (local ? us : them)[option] == YES;
    }

    /** Offer to enable an option (WILL if {@code local}, else DO); does nothing if already on or asked. */
    void request(int option, boolean local) {
        byte[] q = local ? us : them;
        if (q[option] == NO) {
            q[option] = WANTYES;
            out.send(local ? WILL : DO, option);
        }
    }

    /** Handle WILL/WONT/DO/DONT from the client. */
    void receive(int verb, int option) {
        switch (verb) {
            case WILL -> positive(them, acceptThem, option, false, DO, DONT);
            case WONT -> negative(them, option, false, DONT);
            case DO -> positive(us, acceptUs, option, true, WILL, WONT);
            case DONT -> negative(us, option, true, WONT);
            default -> throw new IllegalArgumentException("not a negotiation verb: " + verb);
        }
    }

    private void positive(byte[] q, boolean[] accept, int option, boolean local, int yes, int no) {
        switch (q[option]) {
            case NO -> {
                if (accept[option]) {
                    q[option] = YES;
                    out.send(yes, option);
                    out.changed(option, local, true);
                } else {
                    out.send(no, option); // refusal; state stays NO, so a repeat gets the same single answer
                }
            }
            case WANTYES -> {
                q[option] = YES; // acknowledgement of our offer: no answer
                out.changed(option, local, true);
            }
            case WANTNO -> q[option] = NO; // RFC 1143: "DONT answered by WILL"; we settle on off, silently
            default -> {
                // YES: already on, a repeat needs no answer
            }
        }
    }

    private void negative(byte[] q, int option, boolean local, int no) {
        switch (q[option]) {
            case YES -> {
                q[option] = NO;
                out.send(no, option); // the other side switched it off: we must agree
                out.changed(option, local, false);
            }
            case WANTYES, WANTNO -> q[option] = NO; // refusal of our offer, or ack of our DONT: no answer
            default -> {
                // NO: already off, nothing to say
            }
        }
    }
}
