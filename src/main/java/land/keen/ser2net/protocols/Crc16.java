package land.keen.ser2net.protocols;

/**
 * The two CRC-16 variants serial devices use most. Both are the reflected polynomial 0x8005 (0xA001); they differ
 * only in the starting value.
 */
public final class Crc16 {

    private Crc16() {
    }

    /** CRC-16/ARC (initial 0x0000): DSMR 4 and 5 P1 telegrams, from '/' up to and including '!'. */
    public static int arc(byte[] data, int offset, int length) {
        return compute(0x0000, data, offset, length);
    }

    /** CRC-16/MODBUS (initial 0xFFFF): Modbus RTU frames, sent low byte first. */
    public static int modbus(byte[] data, int offset, int length) {
        return compute(0xFFFF, data, offset, length);
    }

    private static int compute(int crc, byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }
}
