package land.keen.ser2net.serial;

import java.io.IOException;

import land.keen.ser2net.spec.ControlLine;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.LineSettings;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Read from and write to a serial port (USB serial stick, RS232/RS485 adapter) as raw bytes.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "serial", title = "Serial Port", syntax = "serial:device",
             category = { Category.IOT }, headersClass = SerialConstants.class)
public class SerialEndpoint extends DefaultEndpoint {

    @UriPath(description = "The device node, e.g. /dev/ttyUSB0 or a /dev/serial/by-id/... link")
    @Metadata(required = true)
    private final String device;

    @UriParam(defaultValue = "9600", description = "Line speed in bits per second; any rate the driver accepts")
    private int baudRate = 9600;

    @UriParam(defaultValue = "8", enums = "5,6,7,8", description = "Data bits per character")
    private int dataBits = 8;

    @UriParam(defaultValue = "none", enums = "none,even,odd,mark,space", description = "Parity")
    private String parity = "none";

    @UriParam(defaultValue = "1", enums = "1,1.5,2", description = "Stop bits")
    private String stopBits = "1";

    @UriParam(defaultValue = "none", enums = "none,rtscts,xonxoff", description = "Flow control")
    private String flowControl = "none";

    @UriParam(description = "Modem control lines to drive when the port opens, applied in the order written,"
                            + " e.g. dtr=off,rts=off (some CC2652 Zigbee sticks enter their bootloader otherwise)."
                            + " A device without these lines (a pty) logs one warning and carries on.")
    private String controlLines;

    @UriParam(defaultValue = "false", description = "Leave the break line as it is at open instead of clearing it")
    private boolean nobreak;

    @UriParam(label = "advanced",
              description = "All line settings as one object (a land.keen.ser2net.spec.LineSettings bean, e.g."
                            + " lineSettings=#line); when set it overrides baudRate, dataBits, parity, stopBits,"
                            + " flowControl, controlLines, nobreak and hangupWhenDone. Applications that already hold"
                            + " a typed line use it instead of turning it back into strings.")
    private LineSettings lineSettings;

    @UriParam(defaultValue = "false",
              description = "Drop DTR and RTS when the port is closed (termios HUPCL, ser2net's hangup-when-done), so a"
                            + " modem or a device wired to DTR sees the session end")
    private boolean hangupWhenDone;

    @UriParam(label = "consumer", defaultValue = "16384",
              description = "Largest chunk handed to the route; a chunk is emitted as soon as any bytes arrive")
    private int readBufferSize = 16384;

    @UriParam(label = "consumer,framing",
              description = "A frame begins with these bytes; anything before them is noise and is dropped. A start"
                            + " seen again before the frame ended begins a new frame (the first was cut short)."
                            + " Escapes: \\r \\n \\t \\\\ \\xHH. DSMR smart meters: /")
    private String frameStart;

    @UriParam(label = "consumer,framing",
              description = "A frame ends with these bytes (kept in the frame), plus frameTrailerLength more."
                            + " Escapes as for frameStart. Lines: \\n; DSMR: ! (with frameTrailerLength 6)")
    private String frameDelimiter;

    @UriParam(label = "consumer,framing", defaultValue = "0",
              description = "Bytes after the frameDelimiter that still belong to the frame, such as a checksum:"
                            + " DSMR 4/5 telegrams end with ! and 4 hex digits and CR LF (6)")
    private int frameTrailerLength;

    @UriParam(label = "consumer,framing", defaultValue = "0",
              description = "Every frame is this many bytes (0: not framed by length)")
    private int frameLength;

    @UriParam(label = "consumer,framing", defaultValue = "0",
              description = "Milliseconds of silence on the line that end a frame (0: off). Modbus RTU ends a frame"
                            + " with a 3.5 character gap; a few ms is right for 9600 baud and up")
    private int frameIdleGap;

    @UriParam(label = "consumer,framing", defaultValue = "65536",
              description = "A frame that grows past this many bytes without ending is dropped")
    private int frameMaxLength = 65536;

    @UriParam(label = "consumer", defaultValue = "0",
              description = "After the device is lost (unplugged, read error): try to open it again every this many"
                            + " milliseconds and go on reading once it is back (a re-plugged cable; a"
                            + " /dev/serial/by-id link is followed again). 0: stop reading after the disconnected"
                            + " message (the bridges reopen devices themselves)")
    private long reopenDelay;

    @UriParam(label = "producer", defaultValue = "false",
              description = "Write only while a consumer of the same device holds the port open, never open it"
                            + " from the producer; writing to a closed device fails. Bridges use this so the"
                            + " device is open only while a client is connected.")
    private boolean attachOnly;

    public SerialEndpoint(String uri, SerialComponent component, String device) {
        super(uri, component);
        this.device = device;
    }

    @Override
    public SerialComponent getComponent() {
        return (SerialComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new SerialProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SerialConsumer consumer = new SerialConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The settings the port is opened with; throws naming the option when one is invalid. */
    public LineSettings settings() {
        if (lineSettings != null) {
            return lineSettings;
        }
        return new LineSettings(baudRate, dataBits, Parity.of(parity), StopBits.of(stopBits),
                FlowControl.of(flowControl), ControlLine.parseList(controlLines), false, nobreak, hangupWhenDone);
    }

    /**
     * The device's line while it is open, changed from the far end (RFC 2217): getters tell what the driver has now,
     * or the settings it will be opened with.
     */
    public LiveLine line() {
        return new LiveLine(sharedPort(), settings());
    }

    /**
     * Writes to the device while a route of this device path holds it open (as an {@code attachOnly} producer does);
     * fails when it is not open.
     */
    public void writeToOpenDevice(byte[] data) throws IOException {
        sharedPort().write(data, 0, data.length);
    }

    /** True while any endpoint of this device path holds the OS port open. */
    public boolean isOpen() {
        return sharedPort().isOpen();
    }

    /**
     * True when the device is open and its driver has sent everything it was given: a small write now finds room
     * and returns at once instead of blocking.
     */
    public boolean isOutputDrained() {
        return sharedPort().outputQueued() == 0;
    }

    /** A framer for one consumer; throws naming the option when one is invalid. */
    public Framer newFramer() {
        if (frameIdleGap < 0) {
            throw new IllegalArgumentException("frameIdleGap must not be negative: " + frameIdleGap);
        }
        return new Framer(Framer.parseMarker("frameStart", frameStart),
                Framer.parseMarker("frameDelimiter", frameDelimiter), frameTrailerLength, frameLength,
                frameMaxLength);
    }

    SharedSerialPort sharedPort() {
        return getComponent().sharedPort(device);
    }

    public String getDevice() {
        return device;
    }

    public int getBaudRate() {
        return baudRate;
    }

    public void setBaudRate(int baudRate) {
        this.baudRate = baudRate;
    }

    public int getDataBits() {
        return dataBits;
    }

    public void setDataBits(int dataBits) {
        this.dataBits = dataBits;
    }

    public String getParity() {
        return parity;
    }

    public void setParity(String parity) {
        this.parity = parity;
    }

    public String getStopBits() {
        return stopBits;
    }

    public void setStopBits(String stopBits) {
        this.stopBits = stopBits;
    }

    public String getFlowControl() {
        return flowControl;
    }

    public void setFlowControl(String flowControl) {
        this.flowControl = flowControl;
    }

    public String getControlLines() {
        return controlLines;
    }

    public void setControlLines(String controlLines) {
        this.controlLines = controlLines;
    }

    public boolean isNobreak() {
        return nobreak;
    }

    public void setNobreak(boolean nobreak) {
        this.nobreak = nobreak;
    }

    public boolean isHangupWhenDone() {
        return hangupWhenDone;
    }

    public void setHangupWhenDone(boolean hangupWhenDone) {
        this.hangupWhenDone = hangupWhenDone;
    }

    public LineSettings getLineSettings() {
        return lineSettings;
    }

    public void setLineSettings(LineSettings lineSettings) {
        this.lineSettings = lineSettings;
    }

    public int getReadBufferSize() {
        return readBufferSize;
    }

    public void setReadBufferSize(int readBufferSize) {
        this.readBufferSize = readBufferSize;
    }

    public String getFrameStart() {
        return frameStart;
    }

    public void setFrameStart(String frameStart) {
        this.frameStart = frameStart;
    }

    public String getFrameDelimiter() {
        return frameDelimiter;
    }

    public void setFrameDelimiter(String frameDelimiter) {
        this.frameDelimiter = frameDelimiter;
    }

    public int getFrameTrailerLength() {
        return frameTrailerLength;
    }

    public void setFrameTrailerLength(int frameTrailerLength) {
        this.frameTrailerLength = frameTrailerLength;
    }

    public int getFrameLength() {
        return frameLength;
    }

    public void setFrameLength(int frameLength) {
        this.frameLength = frameLength;
    }

    public int getFrameIdleGap() {
        return frameIdleGap;
    }

    public void setFrameIdleGap(int frameIdleGap) {
        this.frameIdleGap = frameIdleGap;
    }

    public int getFrameMaxLength() {
        return frameMaxLength;
    }

    public void setFrameMaxLength(int frameMaxLength) {
        this.frameMaxLength = frameMaxLength;
    }

    public long getReopenDelay() {
        return reopenDelay;
    }

    public void setReopenDelay(long reopenDelay) {
        this.reopenDelay = reopenDelay;
    }

    public boolean isAttachOnly() {
        return attachOnly;
    }

    public void setAttachOnly(boolean attachOnly) {
        this.attachOnly = attachOnly;
    }
}
