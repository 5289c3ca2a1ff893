package land.keen.ser2net.config;

/** Flow control; gensio lets both rtscts and xonxoff be set, we refuse that combination. */
public enum FlowControl {
    NONE, RTSCTS, XONXOFF
}
