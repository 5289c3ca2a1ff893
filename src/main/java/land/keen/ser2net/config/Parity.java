package land.keen.ser2net.config;

/** Serial parity, as in gensio's line spec letters N, E, O, M, S. */
public enum Parity {
    NONE, EVEN, ODD, MARK, SPACE
}
