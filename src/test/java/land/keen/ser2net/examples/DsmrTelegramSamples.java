package land.keen.ser2net.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import land.keen.ser2net.protocols.Crc16;

/**
 * Telegrams built from the DSMR 5.0.2 companion standard's example (src/test/resources/dsmr/README.md): as printed,
 * and with a CRC that matches its content.
 */
final class DsmrTelegramSamples {

    private DsmrTelegramSamples() {
    }

    /** The example exactly as printed in the standard, sent with CR LF (its CRC line does not match: see README). */
    static String asPrinted() throws IOException {
        try (InputStream in = DsmrTelegramSamples.class.getResourceAsStream("/dsmr/dsmr-5.0.2-example.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\n", "\r\n");
        }
    }

    /** The example with its CRC made right. */
    static String good() throws IOException {
        return withCrc(body());
    }

    /** The example with another power reading (kW, e.g. 0.25), CRC made right. */
    static String withPower(double kw) throws IOException {
        return withCrc(body().replace("1-0:1.7.0(01.193*kW)", String.format("1-0:1.7.0(%06.3f*kW)", kw)));
    }

    /** From '/' up to and including '!'. */
    static String body() throws IOException {
        String t = asPrinted();
        return t.substring(0, t.lastIndexOf('!') + 1);
    }

    static String withCrc(String body) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        return body + String.format("%04X\r\n", Crc16.arc(b, 0, b.length));
    }

    static byte[] bytes(String telegram) {
        return telegram.getBytes(StandardCharsets.US_ASCII);
    }
}
