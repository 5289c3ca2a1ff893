package land.keen.ser2net.telnet;

import static land.keen.ser2net.telnet.Telnet.*;
import static land.keen.ser2net.telnet.TelnetTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of the telnet layer with jqwik. The properties run a few thousand inputs in the
 * normal suite; {@link #soak()} draws from the same generators as many times as {@code -Dtelnet.fuzz.tries}
 * says (see bench/fuzz/README.md).
 */
class TelnetFuzzTest {

    static final int BOUND = TelnetHandler.DEFAULT_MAX_SUBNEGOTIATION;

    /** A piece of a client's stream: what goes on the wire and the data the server must pass on for it. */
    record Segment(byte[] wire, byte[] data) {
        @Override
        public String toString() {
            return "wire[" + hex(wire) + "]";
        }
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 600)
    void garbageSplitAnywhereNeverThrowsStaysBoundedAndIsSplitInvariant(
            @ForAll("garbage") byte[] input, @ForAll @Size(max = 6) List<@IntRange(max = 1000) Integer> cuts,
            @ForAll boolean negotiatedFirst) {
        checkGarbage(input, cuts, negotiatedFirst);
    }

    @Property(tries = 500)
    void dataOutsideCommandsComesOutIntact(
            @ForAll("streams") List<Segment> stream, @ForAll @Size(max = 8) List<@IntRange(max = 5000) Integer> cuts) {
        checkStructured(stream, cuts);
    }

    @Property(tries = 300)
    void outboundEscapingRoundTrips(@ForAll("garbage") byte[] data, @ForAll @Size(max = 6) List<@IntRange(max = 1000) Integer> cuts) {
        checkOutbound(data, cuts);
    }

    /**
     * The long run: {@code -Dtelnet.fuzz.tries=1000000} inputs for each of the three checks, drawn from the
     * same generators; {@code -Dtelnet.fuzz.seed=N} repeats a run. A few hundred in the normal suite.
     */
    @Example
    void soak() {
        long tries = Long.getLong("telnet.fuzz.tries", 200);
        long seed = Long.getLong("telnet.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        var garbage = garbage().generator(1000, true);
        var streams = streams().generator(1000, true);
        var cuts = Arbitraries.integers().between(0, 5000).list().ofMaxSize(8).generator(1000, true);
        long start = System.nanoTime();
        for (long i = 0; i < tries; i++) {
            byte[] input = garbage.next(random).value();
            List<Segment> stream = streams.next(random).value();
            List<Integer> cut = cuts.next(random).value();
            try {
                checkGarbage(input, cut, (i & 1) == 0);
                checkStructured(stream, cut);
                checkOutbound(input, cut);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("soak failed at try " + i + " (seed " + seed + "): input " + hex(input)
                        + " stream " + stream + " cuts " + cut, e);
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("telnet fuzz soak: %d tries x 3 checks, seed %d, %.1f s%n", tries, seed, secs);
    }

    // ---------------------------------------------------------------- checks

    static void checkGarbage(byte[] input, List<Integer> cuts, boolean negotiatedFirst) {
        Run whole = new Run(negotiatedFirst);
        whole.feed(input, List.of());
        Run split = new Run(negotiatedFirst);
        split.feed(input, cuts);
        assertThat(split.data()).as("data does not depend on how reads are split").containsExactly(whole.data());
        assertThat(split.replies()).as("answers do not depend on splits").containsExactly(whole.replies());
        assertThat(split.control.calls()).isEqualTo(whole.control.calls());
        assertThat(whole.data().length).isLessThanOrEqualTo(input.length);
        split.close();
        whole.close();
    }

    static void checkStructured(List<Segment> stream, List<Integer> cuts) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Segment s : stream) {
            wire.writeBytes(s.wire());
            data.writeBytes(s.data());
        }
        Run run = new Run(true);
        run.feed(wire.toByteArray(), cuts);
        assertThat(run.data()).containsExactly(data.toByteArray());
        run.close();
    }

    static void checkOutbound(byte[] data, List<Integer> cuts) {
        EmbeddedChannel ch = negotiated(true, new RecordingSerialControl());
        for (byte[] piece : split(data, cuts)) {
            ch.writeOutbound(Unpooled.wrappedBuffer(piece));
        }
        byte[] wire = drainOutbound(ch);
        int iacs = 0;
        for (byte b : data) {
            iacs += (b & 0xFF) == IAC ? 1 : 0;
        }
        assertThat(wire.length).isEqualTo(data.length + iacs);
        // what a telnet client decodes is what the device sent
        TelnetParser parser = new TelnetParser(BOUND);
        parser.setBinary(true);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        parser.parse(Unpooled.wrappedBuffer(wire), new CollectingListener(decoded));
        assertThat(decoded.toByteArray()).containsExactly(data);
        ch.finishAndReleaseAll();
    }

    /** One connection fed through a handler, with everything it produced. */
    static final class Run {
        final RecordingSerialControl control = new RecordingSerialControl();
        final EmbeddedChannel ch;
        final TelnetHandler handler;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final ByteArrayOutputStream replies = new ByteArrayOutputStream();

        Run(boolean negotiatedFirst) {
            ch = negotiatedFirst ? negotiated(true, control) : new EmbeddedChannel(new TelnetHandler(true, control));
            handler = ch.pipeline().get(TelnetHandler.class);
            drainOutbound(ch);
        }

        void feed(byte[] input, List<Integer> cuts) {
            for (byte[] piece : split(input, cuts)) {
                send(ch, piece); // rethrows anything the pipeline saw
                assertThat(handler.bufferedBytes()).isLessThanOrEqualTo(BOUND);
                assertThat(handler.heldBytes()).isLessThanOrEqualTo(TelnetHandler.DEFAULT_MAX_SUSPENDED_BYTES);
                data.writeBytes(drainInbound(ch));
                replies.writeBytes(drainOutbound(ch));
            }
            assertThat(ch.isActive()).isTrue();
        }

        byte[] data() {
            return data.toByteArray();
        }

        byte[] replies() {
            return replies.toByteArray();
        }

        void close() {
            ch.finishAndReleaseAll();
        }
    }

    /** Splits at the given offsets (taken modulo the length, sorted), giving the pieces in order. */
    static List<byte[]> split(byte[] input, List<Integer> cuts) {
        int[] at = cuts.stream().mapToInt(c -> c % (input.length + 1)).sorted().toArray();
        java.util.ArrayList<byte[]> pieces = new java.util.ArrayList<>();
        int from = 0;
        for (int c : at) {
            pieces.add(Arrays.copyOfRange(input, from, c));
            from = c;
        }
        pieces.add(Arrays.copyOfRange(input, from, input.length));
        return pieces;
    }

    static final class CollectingListener implements TelnetParser.Listener {
        private final ByteArrayOutputStream out;

        CollectingListener(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override public void data(io.netty.buffer.ByteBuf in, int index, int length) {
            byte[] b = new byte[length];
            in.getBytes(index, b);
            out.writeBytes(b);
        }

        @Override public void dataIac() { out.write(IAC); }
        @Override public void negotiation(int verb, int option) { throw new AssertionError("negotiation in data"); }
        @Override public void subnegotiation(int option, byte[] body, int length) { throw new AssertionError("SB in data"); }
        @Override public void command(int command) { throw new AssertionError("command in data"); }
        @Override public void malformed(String what) { throw new AssertionError(what); }
    }

    // ---------------------------------------------------------------- generators

    private static final List<Integer> SPECIAL = List.of(IAC, SB, SE, WILL, WONT, DO, DONT, NOP, GA, AYT,
            OPT_COM_PORT, OPT_BINARY, OPT_SGA, CR, LF, NUL);

    /** Bytes weighted towards what telnet and RFC 2217 give meaning to, so sequences actually form. */
    static Arbitrary<Byte> telnetishByte() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of((byte) IAC)),
                Tuple.of(4, Arbitraries.of(SPECIAL).map(i -> (byte) i.intValue())),
                Tuple.of(2, Arbitraries.bytes().between((byte) 0, (byte) 13)),
                Tuple.of(5, Arbitraries.bytes()));
    }

    @Provide
    static Arbitrary<byte[]> garbage() {
        return telnetishByte().array(byte[].class).ofMaxSize(700);
    }

    @Provide
    static Arbitrary<List<Segment>> streams() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, dataSegment()),
                Tuple.of(2, negotiationSegment()),
                Tuple.of(1, commandSegment()),
                Tuple.of(3, comPortSegment()),
                Tuple.of(1, otherSubnegotiation())).list().ofMaxSize(25);
    }

    static Arbitrary<Segment> dataSegment() {
        return telnetishByte().array(byte[].class).ofMaxSize(40).map(d -> {
            ByteArrayOutputStream w = new ByteArrayOutputStream();
            for (byte b : d) {
                w.write(b);
                if ((b & 0xFF) == IAC) {
                    w.write(b);
                }
            }
            return new Segment(w.toByteArray(), d);
        });
    }

    static Arbitrary<Segment> negotiationSegment() {
        // never about BINARY: switching it off would (rightly) make CR NUL into CR and change the data
        return Combinators.combine(Arbitraries.of(WILL, WONT, DO, DONT), Arbitraries.integers().between(1, 255))
                .as((verb, opt) -> new Segment(bytes(IAC, verb, opt), new byte[0]));
    }

    static Arbitrary<Segment> commandSegment() {
        return Arbitraries.of(NOP, DM, BRK, IP, AO, AYT, EC, EL, GA, SE)
                .map(c -> new Segment(bytes(IAC, c), new byte[0]));
    }

    static Arbitrary<Segment> comPortSegment() {
        // codes 0..14 (12 defined) with 0..5 value bytes: real requests, short ones, and unknown codes
        return Combinators.combine(Arbitraries.integers().between(0, 14),
                        telnetishByte().array(byte[].class).ofMaxSize(5))
                .as((code, value) -> {
                    int[] v = new int[value.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = value[i] & 0xFF;
                    }
                    return new Segment(comPort(code, v), new byte[0]);
                });
    }

    static Arbitrary<Segment> otherSubnegotiation() {
        // any option, bodies up to 2x the bound: long ones must be skipped without being kept
        return Combinators.combine(Arbitraries.of(OPT_COM_PORT, 24, 31, 255, 0),
                        telnetishByte().array(byte[].class).ofMaxSize(2 * BOUND))
                .as((opt, body) -> {
                    ByteArrayOutputStream w = new ByteArrayOutputStream();
                    w.writeBytes(bytes(IAC, SB, opt));
                    for (byte b : body) {
                        w.write(b);
                        if ((b & 0xFF) == IAC) {
                            w.write(b);
                        }
                    }
                    w.writeBytes(bytes(IAC, SE));
                    return new Segment(w.toByteArray(), new byte[0]);
                });
    }
}
