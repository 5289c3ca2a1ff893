package land.keen.ser2net.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CloseOnTest {

    private static boolean feed(CloseOn c, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return c.seenIn(b, 0, b.length);
    }

    @Test
    void theStringIsSeenAcrossReads() {
        CloseOn c = CloseOn.of("NO CARRIER");
        assertThat(feed(c, "RING\r\nNO CAR")).isFalse();
        assertThat(feed(c, "RIER\r\n")).isTrue();
        assertThat(feed(c, "OK\r\n")).isFalse();
    }

    @Test
    void theCaseSer2netsManPageSaysItMissesIsSeen() {
        // ser2net.yaml(5): closeon "ababc" in "abababc" fails with its simplistic comparison
        assertThat(feed(CloseOn.of("ababc"), "abababc")).isTrue();
        assertThat(feed(CloseOn.of("aab"), "aaab")).isTrue();
        assertThat(feed(CloseOn.of("ababc"), "ababab")).isFalse();
    }

    @Test
    void aResetForgetsAPartialMatch() {
        CloseOn c = CloseOn.of("NO CARRIER");
        assertThat(feed(c, "NO CARR")).isFalse();
        c.reset();
        assertThat(feed(c, "IER")).isFalse();
    }

    @Test
    void noStringNoWatcher() {
        assertThat(CloseOn.of(null)).isNull();
        assertThat(CloseOn.of("")).isNull();
    }
}
