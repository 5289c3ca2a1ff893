package land.keen.ser2net.serial;

import com.fazecast.jSerialComm.SerialPort;

/**
 * The line of an open port, changed while it is open (RFC 2217 clients set speed, framing and control lines from the
 * far end). Every setter returns what the driver now has, so a client is told the truth; on a closed port the getters
 * return the settings it will be opened with and setters change nothing.
 */
public final class LiveLine {

    private final SharedSerialPort shared;
    private final SerialLineSettings configured;

    public LiveLine(SharedSerialPort shared, SerialLineSettings configured) {
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

    /** jSerialComm's parity code (NO_PARITY, ODD_PARITY, …). */
    public int parity() {
        SerialPort p = port();
        return p == null ? SerialLineSettings.parityCode(configured.parity()) : p.getParity();
    }

    public int setParity(int jSerialCommParity) {
        SerialPort p = port();
        if (p != null) {
            p.setParity(jSerialCommParity);
        }
        return parity();
    }

    /** jSerialComm's stop-bit code (ONE_STOP_BIT, ONE_POINT_FIVE_STOP_BITS, TWO_STOP_BITS). */
    public int stopBits() {
        SerialPort p = port();
        return p == null ? SerialLineSettings.stopBitsCode(configured.stopBits()) : p.getNumStopBits();
    }

    public int setStopBits(int jSerialCommStopBits) {
        SerialPort p = port();
        if (p != null) {
            p.setNumStopBits(jSerialCommStopBits);
        }
        return stopBits();
    }

    /** jSerialComm's flow-control bits. */
    public int flowControl() {
        SerialPort p = port();
        return p == null ? SerialLineSettings.flowControlCode(configured.flowControl()) : p.getFlowControlSettings();
    }

    public int setFlowControl(int jSerialCommFlow) {
        SerialPort p = port();
        if (p != null) {
            p.setFlowControl(jSerialCommFlow);
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
