package land.keen.ser2net.bridge;

import com.fazecast.jSerialComm.SerialPort;
import land.keen.ser2net.serial.LiveLine;
import land.keen.ser2net.telnet.FlowControl;
import land.keen.ser2net.telnet.Parity;
import land.keen.ser2net.telnet.SerialControl;
import land.keen.ser2net.telnet.StopBits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an RFC 2217 client may do to the bridge's device: the telnet layer's {@link SerialControl} on the live port.
 * Changes are logged (they change the line for every client of the device) and last until the device closes.
 */
final class RemoteSerialControl implements SerialControl {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.bridge");

    // RFC 2217 modem state bits
    private static final int CTS = 0x10;
    private static final int DSR = 0x20;
    private static final int RI = 0x40;
    private static final int CD = 0x80;

    private final String bridge;
    private final LiveLine line;

    RemoteSerialControl(String bridge, LiveLine line) {
        this.bridge = bridge;
        this.line = line;
    }

    private <T> T changed(String what, T value) {
        LOG.info("bridge {}: RFC 2217 client set {} of {} to {}", bridge, what, line.device(), value);
        return value;
    }

    @Override
    public int baudRate() {
        return line.baudRate();
    }

    @Override
    public int setBaudRate(int baud) {
        return changed("baud rate", line.setBaudRate(baud));
    }

    @Override
    public int dataBits() {
        return line.dataBits();
    }

    @Override
    public int setDataBits(int bits) {
        return changed("data bits", line.setDataBits(bits));
    }

    @Override
    public Parity parity() {
        return switch (line.parity()) {
            case SerialPort.ODD_PARITY -> Parity.ODD;
            case SerialPort.EVEN_PARITY -> Parity.EVEN;
            case SerialPort.MARK_PARITY -> Parity.MARK;
            case SerialPort.SPACE_PARITY -> Parity.SPACE;
            default -> Parity.NONE;
        };
    }

    @Override
    public Parity setParity(Parity parity) {
        int code = switch (parity) {
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
            case NONE -> SerialPort.NO_PARITY;
        };
        line.setParity(code);
        return changed("parity", parity());
    }

    @Override
    public StopBits stopBits() {
        return switch (line.stopBits()) {
            case SerialPort.TWO_STOP_BITS -> StopBits.TWO;
            case SerialPort.ONE_POINT_FIVE_STOP_BITS -> StopBits.ONE_POINT_FIVE;
            default -> StopBits.ONE;
        };
    }

    @Override
    public StopBits setStopBits(StopBits stopBits) {
        line.setStopBits(switch (stopBits) {
            case TWO -> SerialPort.TWO_STOP_BITS;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case ONE -> SerialPort.ONE_STOP_BIT;
        });
        return changed("stop bits", stopBits());
    }

    @Override
    public FlowControl flowControl() {
        int f = line.flowControl();
        if ((f & SerialPort.FLOW_CONTROL_RTS_ENABLED) != 0) {
            return FlowControl.RTSCTS;
        }
        if ((f & SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED) != 0) {
            return FlowControl.XONXOFF;
        }
        return FlowControl.NONE;
    }

    @Override
    public FlowControl setFlowControl(FlowControl flowControl) {
        line.setFlowControl(switch (flowControl) {
            case RTSCTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case XONXOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
            case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
        });
        return changed("flow control", flowControl());
    }

    private boolean breakOn;

    @Override
    public boolean breakState() {
        return breakOn;
    }

    @Override
    public boolean setBreak(boolean on) {
        if (line.setBreak(on)) {
            breakOn = on;
        }
        return breakOn;
    }

    @Override
    public boolean dtr() {
        return line.dtr();
    }

    @Override
    public boolean setDtr(boolean on) {
        line.setDtr(on); // a pty has no DTR: the reply then carries the state unchanged, as the RFC asks
        return line.dtr();
    }

    @Override
    public boolean rts() {
        return line.rts();
    }

    @Override
    public boolean setRts(boolean on) {
        line.setRts(on);
        return line.rts();
    }

    @Override
    public void purge(boolean receive, boolean transmit) {
        line.purge();
    }

    @Override
    public int modemState() {
        return (line.cts() ? CTS : 0) | (line.dsr() ? DSR : 0) | (line.ri() ? RI : 0) | (line.dcd() ? CD : 0);
    }

    @Override
    public int lineState() {
        return 0;
    }

    @Override
    public String signature() {
        return "ser2net-camel " + bridge + " " + line.device();
    }
}
