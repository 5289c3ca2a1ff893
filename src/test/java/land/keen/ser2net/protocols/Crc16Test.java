package land.keen.ser2net.protocols;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both CRCs against their published check values (the CRC of "123456789" in the CRC catalogue), and against a frame
 * from the Modbus specification's own example.
 */
class Crc16Test {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void arcMatchesItsCheckValue() {
        assertThat(Crc16.arc(CHECK, 0, CHECK.length)).isEqualTo(0xBB3D);
    }

    @Test
    void modbusMatchesItsCheckValueAndTheSpecificationsExample() {
        assertThat(Crc16.modbus(CHECK, 0, CHECK.length)).isEqualTo(0x4B37);
        // Modbus over Serial Line V1.02, appendix B: the CRC of the bytes 02 07 is 0x1241, sent as 41 12
        byte[] frame = { 0x02, 0x07 };
        assertThat(Crc16.modbus(frame, 0, 2)).isEqualTo(0x1241);
    }
}
