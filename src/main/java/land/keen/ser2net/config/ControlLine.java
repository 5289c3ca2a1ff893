package land.keen.ser2net.config;

/**
 * A modem control line forced on or off when the device is opened ({@code dtr=off}, {@code rts=on}).
 * Order matters to some hardware, so the spec keeps them in the order they were written.
 */
public record ControlLine(Line line, boolean on) {

    /** The lines gensio lets a config force. */
    public enum Line {
        DTR, RTS
    }
}
