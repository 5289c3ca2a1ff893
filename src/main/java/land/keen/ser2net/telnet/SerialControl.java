package land.keen.ser2net.telnet;

import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;

/**
 * What the RFC 2217 layer needs from a serial port. The bridge implements it on top of the real device;
 * one instance may serve several connections to the same device.
 *
 * <p>Every setter returns the value in effect afterwards: RFC 2217 replies carry what the port really does,
 * so a port that cannot do 1.5 stop bits answers with what it kept, and the client can see that. Calls come
 * from a Netty event loop thread: keep them short and never block on the device for long.
 */
public interface SerialControl {

    int baudRate();

    int setBaudRate(int baud);

    int dataBits();

    int setDataBits(int bits);

    Parity parity();

    Parity setParity(Parity parity);

    StopBits stopBits();

    StopBits setStopBits(StopBits stopBits);

    FlowControl flowControl();

    FlowControl setFlowControl(FlowControl flowControl);

    boolean breakState();

    boolean setBreak(boolean on);

    boolean dtr();

    boolean setDtr(boolean on);

    boolean rts();

    boolean setRts(boolean on);

    /** Discards buffered data: {@code receive} is data from the device not yet sent on, {@code transmit} is data for it. */
    void purge(boolean receive, boolean transmit);

    /** RFC 2217 modem state bits (see {@link Telnet.ComPort#MODEM_CD} etc.); 0 if unknown. */
    int modemState();

    /** RFC 2217 line state bits; 0 if unknown. */
    int lineState();

    /** Answer to a SIGNATURE query, e.g. {@code "ser2net-camel 0.1.0 /dev/ttyUSB0"}. */
    String signature();
}
