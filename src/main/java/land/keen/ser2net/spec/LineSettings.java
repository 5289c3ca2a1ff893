package land.keen.ser2net.spec;

import java.util.List;
import java.util.Objects;

/**
 * How a serial line is set up when the device is opened: the serial half of a ser2net connector
 * ({@code serialdev,DEVICE,115200n81,local,dtr=off}) and of a {@code serial:} endpoint. The device path is not part of
 * it: it is the connection's (and the endpoint URI's).
 *
 * @param controlLines   dtr/rts to drive at open, in written order (first mention decides the order)
 * @param local          ignore modem control lines (CLOCAL)
 * @param nobreak        leave the break condition as it is at open instead of clearing it
 * @param hangupWhenDone drop DTR and RTS when the device is closed (gensio's hangup-when-done, termios HUPCL), so a
 *                       modem or a stick wired to DTR sees the session end
 */
public record LineSettings(int baudRate, int dataBits, Parity parity, StopBits stopBits, FlowControl flowControl,
                           List<ControlLine> controlLines, boolean local, boolean nobreak, boolean hangupWhenDone) {

    /** gensio's default when a connector gives no line spec: 9600N81, no flow control. */
    public static final LineSettings DEFAULT = new LineSettings(9600, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE,
            List.of(), false, false, false);

    public LineSettings {
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baudRate must be positive, got " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5..8, got " + dataBits);
        }
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        Objects.requireNonNull(flowControl, "flowControl");
        controlLines = List.copyOf(controlLines);
    }

    /** ser2net's short form, e.g. {@code 115200N81} (as its {@code \s} banner escape prints it). */
    public String shortForm() {
        return baudRate + parity.word().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + dataBits
               + (stopBits == StopBits.TWO ? "2" : "1");
    }

    @Override
    public String toString() {
        return baudRate + "," + dataBits + "," + parity.word() + "," + stopBits.word() + "," + flowControl.word()
               + (controlLines.isEmpty() ? "" : "," + controlLines) + (local ? ",local" : "")
               + (nobreak ? ",nobreak" : "") + (hangupWhenDone ? ",hangup-when-done" : "");
    }
}
