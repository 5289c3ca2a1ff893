package land.keen.ser2net.serial;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fazecast.jSerialComm.SerialPort;

/**
 * How a port is set up when it is opened: speed, framing, flow control and the modem control lines to drive.
 * Parsed from the endpoint options so errors name the option.
 */
public record SerialLineSettings(int baudRate, int dataBits, String parity, String stopBits, String flowControl,
        List<ControlLine> controlLines, boolean nobreak) {

    /** One of DTR/RTS driven high or low at open, in the order the user wrote them (some CC2652 sticks care). */
    public record ControlLine(String line, boolean on) {
        @Override
        public String toString() {
            return line + "=" + (on ? "on" : "off");
        }
    }

    public SerialLineSettings {
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baudRate must be positive, got " + baudRate);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5..8, got " + dataBits);
        }
        parityCode(parity);
        stopBitsCode(stopBits);
        flowControlCode(flowControl);
        controlLines = List.copyOf(controlLines);
    }

    /** Parses {@code dtr=off,rts=on} (order kept); blank means "leave the lines as the driver sets them". */
    public static List<ControlLine> parseControlLines(String spec) {
        List<ControlLine> lines = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return lines;
        }
        for (String item : spec.split(",")) {
            String[] kv = item.trim().toLowerCase(Locale.ROOT).split("=", 2);
            if (kv.length != 2 || !(kv[0].equals("dtr") || kv[0].equals("rts"))
                    || !(kv[1].equals("on") || kv[1].equals("off"))) {
                throw new IllegalArgumentException(
                        "controlLines: expected dtr=on|off or rts=on|off, got '" + item.trim() + "'");
            }
            lines.add(new ControlLine(kv[0], kv[1].equals("on")));
        }
        return lines;
    }

    static int parityCode(String parity) {
        return switch (parity.toLowerCase(Locale.ROOT)) {
            case "none", "n" -> SerialPort.NO_PARITY;
            case "odd", "o" -> SerialPort.ODD_PARITY;
            case "even", "e" -> SerialPort.EVEN_PARITY;
            case "mark", "m" -> SerialPort.MARK_PARITY;
            case "space", "s" -> SerialPort.SPACE_PARITY;
            default -> throw new IllegalArgumentException("parity must be none/even/odd/mark/space, got " + parity);
        };
    }

    static int stopBitsCode(String stopBits) {
        return switch (stopBits) {
            case "1" -> SerialPort.ONE_STOP_BIT;
            case "1.5" -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case "2" -> SerialPort.TWO_STOP_BITS;
            default -> throw new IllegalArgumentException("stopBits must be 1, 1.5 or 2, got " + stopBits);
        };
    }

    static int flowControlCode(String flowControl) {
        return switch (flowControl.toLowerCase(Locale.ROOT)) {
            case "none" -> SerialPort.FLOW_CONTROL_DISABLED;
            case "rtscts" -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case "xonxoff" -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
            default -> throw new IllegalArgumentException("flowControl must be none/rtscts/xonxoff, got " + flowControl);
        };
    }

    /** Applies everything that must be known before the OS port is opened. */
    void applyBeforeOpen(SerialPort port) {
        port.setComPortParameters(baudRate, dataBits, stopBitsCode(stopBits), parityCode(parity));
        port.setFlowControl(flowControlCode(flowControl));
        // jSerialComm drives DTR/RTS in the same ioctl as the open when told before; that avoids a glitch
        // that resets some sticks into their bootloader.
        for (ControlLine line : controlLines) {
            setLine(port, line);
        }
    }

    /**
     * Drives the control lines again in the written order, now that the port is open. Returns the lines the driver
     * refused (a pty refuses them all).
     */
    List<ControlLine> applyControlLines(SerialPort port) {
        List<ControlLine> refused = new ArrayList<>();
        for (ControlLine line : controlLines) {
            if (!setLine(port, line)) {
                refused.add(line);
            }
        }
        return refused;
    }

    private static boolean setLine(SerialPort port, ControlLine line) {
        if (line.line().equals("dtr")) {
            return line.on() ? port.setDTR() : port.clearDTR();
        }
        return line.on() ? port.setRTS() : port.clearRTS();
    }

    @Override
    public String toString() {
        return baudRate + "," + dataBits + "," + parity + "," + stopBits + "," + flowControl
               + (controlLines.isEmpty() ? "" : "," + controlLines) + (nobreak ? ",nobreak" : "");
    }
}
