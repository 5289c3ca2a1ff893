package land.keen.ser2net.serial;

import java.util.ArrayList;
import java.util.List;

import com.fazecast.jSerialComm.SerialPort;
import land.keen.ser2net.spec.ControlLine;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.LineSettings;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;

/**
 * {@link LineSettings} in jSerialComm's terms: the one place where a parity, stop-bit or flow-control value becomes a
 * jSerialComm int and back. Two settings have no jSerialComm switch: {@code local} (jSerialComm always opens with
 * CLOCAL, so every line is served as local) and {@code hangupWhenDone} (set by {@link Hupcl}).
 */
final class JSerialCommLine {

    private JSerialCommLine() {
    }

    static int parityCode(Parity parity) {
        return switch (parity) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    static Parity parity(int code) {
        return switch (code) {
            case SerialPort.ODD_PARITY -> Parity.ODD;
            case SerialPort.EVEN_PARITY -> Parity.EVEN;
            case SerialPort.MARK_PARITY -> Parity.MARK;
            case SerialPort.SPACE_PARITY -> Parity.SPACE;
            default -> Parity.NONE;
        };
    }

    static int stopBitsCode(StopBits stopBits) {
        return switch (stopBits) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    static StopBits stopBits(int code) {
        return switch (code) {
            case SerialPort.TWO_STOP_BITS -> StopBits.TWO;
            case SerialPort.ONE_POINT_FIVE_STOP_BITS -> StopBits.ONE_POINT_FIVE;
            default -> StopBits.ONE;
        };
    }

    static int flowControlCode(FlowControl flowControl) {
        return switch (flowControl) {
            case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
            case RTSCTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case XONXOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
        };
    }

    static FlowControl flowControl(int bits) {
        if ((bits & SerialPort.FLOW_CONTROL_RTS_ENABLED) != 0) {
            return FlowControl.RTSCTS;
        }
        if ((bits & SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED) != 0) {
            return FlowControl.XONXOFF;
        }
        return FlowControl.NONE;
    }

    /** Applies everything that must be known before the OS port is opened. */
    static void applyBeforeOpen(LineSettings line, SerialPort port) {
        port.setComPortParameters(line.baudRate(), line.dataBits(), stopBitsCode(line.stopBits()),
                parityCode(line.parity()));
        port.setFlowControl(flowControlCode(line.flowControl()));
        // jSerialComm drives DTR/RTS in the same ioctl as the open when told before; that avoids a glitch
        // that resets some sticks into their bootloader.
        for (ControlLine control : line.controlLines()) {
            set(port, control);
        }
    }

    /**
     * Drives the control lines again in the written order, now that the port is open. Returns the lines the driver
     * refused (a pty refuses them all).
     */
    static List<ControlLine> applyControlLines(LineSettings line, SerialPort port) {
        List<ControlLine> refused = new ArrayList<>();
        for (ControlLine control : line.controlLines()) {
            if (!set(port, control)) {
                refused.add(control);
            }
        }
        return refused;
    }

    private static boolean set(SerialPort port, ControlLine control) {
        if (control.line() == ControlLine.Line.DTR) {
            return control.on() ? port.setDTR() : port.clearDTR();
        }
        return control.on() ? port.setRTS() : port.clearRTS();
    }
}
