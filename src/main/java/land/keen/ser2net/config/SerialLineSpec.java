package land.keen.ser2net.config;

import java.util.List;

/**
 * The serial side of a connection, from {@code connector: serialdev,DEVICE,LINESPEC,opts}.
 *
 * @param device         the device path after substitutions (e.g. /dev/ttyUSB0)
 * @param controlLines   dtr/rts settings in written order (first mention decides the order)
 * @param local          ignore modem control lines (CLOCAL)
 * @param nobreak        clear the break condition on open
 * @param hangupWhenDone raise DTR (and RTS without rtscts) on open, drop them on close
 */
public record SerialLineSpec(String device, int baudRate, int dataBits, Parity parity, StopBits stopBits,
                             FlowControl flowControl, List<ControlLine> controlLines, boolean local,
                             boolean nobreak, boolean hangupWhenDone) {

    public SerialLineSpec {
        controlLines = List.copyOf(controlLines);
    }
}
