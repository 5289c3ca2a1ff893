package land.keen.ser2net.serial;

import com.fazecast.jSerialComm.SerialPort;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.LineSettings;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;

/**
 * The line of an open port, changed while it is open (RFC 2217 clients set speed, framing and control lines from the
 * far end). Every setter returns what the driver now has, so a client is told the truth; on a closed port the getters
 * return the settings it will be opened with and setters change nothing.
 */
public final class LiveLine {

    private final SharedSerialPort shared;
    private final LineSettings configured;

    LiveLine(SharedSerialPort shared, LineSettings configured) {
        this.shared = shared;
        this.configured = configured;
    }

    private SerialPort port() {
        return shared.openPort();
    }

    public int baudRate() {
        SerialPort p = port();
        return p == null ? configured.baudRate() : p.getBaudRate();
    }

    public int setBaudRate(int baud) {
        SerialPort p = port();
        if (p != null && baud > 0) {
            p.setBaudRate(baud);
        }
        return baudRate();
    }

    public int dataBits() {
        SerialPort p = port();
        return p == null ? configured.dataBits() : p.getNumDataBits();
    }

    public int setDataBits(int bits) {
        SerialPort p = port();
        if (p != null && bits >= 5 && bits <= 8) {
            p.setNumDataBits(bits);
        }
        return dataBits();
    }

    public Parity parity() {
        SerialPort p = port();
        return p == null ? configured.parity() : JSerialCommLine.parity(p.getParity());
    }

    public Parity setParity(Parity parity) {
        SerialPort p = port();
        if (p != null) {
            p.setParity(JSerialCommLine.parityCode(parity));
        }
        return parity();
    }

    public StopBits stopBits() {
        SerialPort p = port();
        return p == null ? configured.stopBits() : JSerialCommLine.stopBits(p.getNumStopBits());
    }

    public StopBits setStopBits(StopBits stopBits) {
        SerialPort p = port();
        if (p != null) {
            p.setNumStopBits(JSerialCommLine.stopBitsCode(stopBits));
        }
        return stopBits();
    }

    public FlowControl flowControl() {
        SerialPort p = port();
        return p == null ? configured.flowControl() : JSerialCommLine.flowControl(p.getFlowControlSettings());
    }

    public FlowControl setFlowControl(FlowControl flowControl) {
        SerialPort p = port();
        if (p != null) {
            p.setFlowControl(JSerialCommLine.flowControlCode(flowControl));
        }
        return flowControl();
    }

    /** True when the driver did it; a pty has no break, DTR or RTS. */
    public boolean setBreak(boolean on) {
        SerialPort p = port();
        return p != null && (on ? p.setBreak() : p.clearBreak());
    }

    public boolean setDtr(boolean on) {
        SerialPort p = port();
        return p != null && (on ? p.setDTR() : p.clearDTR());
    }

    public boolean setRts(boolean on) {
        SerialPort p = port();
        return p != null && (on ? p.setRTS() : p.clearRTS());
    }

    public boolean dtr() {
        SerialPort p = port();
        return p != null && p.getDTR();
    }

    public boolean rts() {
        SerialPort p = port();
        return p != null && p.getRTS();
    }

    public void purge() {
        SerialPort p = port();
        if (p != null) {
            p.flushIOBuffers();
        }
    }

    public boolean cts() {
        SerialPort p = port();
        return p != null && p.getCTS();
    }

    public boolean dsr() {
        SerialPort p = port();
        return p != null && p.getDSR();
    }

    public boolean dcd() {
        SerialPort p = port();
        return p != null && p.getDCD();
    }

    public boolean ri() {
        SerialPort p = port();
        return p != null && p.getRI();
    }

    public String device() {
        return shared.device();
    }
}
