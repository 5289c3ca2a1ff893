package land.keen.ser2net.config;

/**
 * Stop bits. gensio only accepts 1 or 2 in a line spec; ONE_POINT_FIVE exists for serial APIs that
 * have it but the parser never produces it (gensio rejects {@code 9600n81.5}).
 */
public enum StopBits {
    ONE, ONE_POINT_FIVE, TWO
}
