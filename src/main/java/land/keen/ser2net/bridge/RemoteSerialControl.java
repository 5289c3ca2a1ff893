package land.keen.ser2net.bridge;

import java.util.function.Supplier;

import land.keen.ser2net.serial.LiveLine;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;
import land.keen.ser2net.telnet.SerialControl;
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
    private final Supplier<LiveLine> device;
    private final String signature;

    /**
     * @param signature the connection's own answer to SIGNATURE (ser2net's {@code signature} option), or null
     * @param device    the device's live line (asked each time: the device route is made for the first client)
     */
    RemoteSerialControl(String bridge, String signature, Supplier<LiveLine> device) {
        this.bridge = bridge;
        this.signature = signature;
        this.device = device;
    }

    private <T> T changed(String what, T value) {
        LOG.info("bridge {}: RFC 2217 client set {} of {} to {}", bridge, what, device.get().device(), value);
        return value;
    }

    @Override
    public int baudRate() {
        return device.get().baudRate();
    }

    @Override
    public int setBaudRate(int baud) {
        return changed("baud rate", device.get().setBaudRate(baud));
    }

    @Override
    public int dataBits() {
        return device.get().dataBits();
    }

    @Override
    public int setDataBits(int bits) {
        return changed("data bits", device.get().setDataBits(bits));
    }

    @Override
    public Parity parity() {
        return device.get().parity();
    }

    @Override
    public Parity setParity(Parity parity) {
        return changed("parity", device.get().setParity(parity));
    }

    @Override
    public StopBits stopBits() {
        return device.get().stopBits();
    }

    @Override
    public StopBits setStopBits(StopBits stopBits) {
        return changed("stop bits", device.get().setStopBits(stopBits));
    }

    @Override
    public FlowControl flowControl() {
        return device.get().flowControl();
    }

    @Override
    public FlowControl setFlowControl(FlowControl flowControl) {
        return changed("flow control", device.get().setFlowControl(flowControl));
    }

    private boolean breakOn;

    @Override
    public boolean breakState() {
        return breakOn;
    }

    @Override
    public boolean setBreak(boolean on) {
        if (device.get().setBreak(on)) {
            breakOn = on;
        }
        return breakOn;
    }

    @Override
    public boolean dtr() {
        return device.get().dtr();
    }

    @Override
    public boolean setDtr(boolean on) {
        device.get().setDtr(on); // a pty has no DTR: the reply then carries the state unchanged, as the RFC asks
        return device.get().dtr();
    }

    @Override
    public boolean rts() {
        return device.get().rts();
    }

    @Override
    public boolean setRts(boolean on) {
        device.get().setRts(on);
        return device.get().rts();
    }

    @Override
    public void purge(boolean receive, boolean transmit) {
        device.get().purge();
    }

    @Override
    public int modemState() {
        return (device.get().cts() ? CTS : 0) | (device.get().dsr() ? DSR : 0) | (device.get().ri() ? RI : 0) | (device.get().dcd() ? CD : 0);
    }

    @Override
    public int lineState() {
        return 0;
    }

    @Override
    public String signature() {
        return signature != null ? signature : "ser2net-camel " + bridge + " " + device.get().device();
    }
}
