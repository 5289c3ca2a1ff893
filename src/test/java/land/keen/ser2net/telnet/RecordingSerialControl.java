package land.keen.ser2net.telnet;

import java.util.ArrayList;
import java.util.List;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;

/**
 * A test double of the {@link SerialControl} interface: remembers settings and records each call. Like a
 * real port it may refuse a value: 1.5 stop bits and data sizes below 7 are kept as they were, so replies
 * show "the value in effect". Thread-safe, since a socket test asserts from another thread.
 */
class RecordingSerialControl implements SerialControl {
    private final List<String> calls = new ArrayList<>();
    private int baud = 115200;
    private int dataBits = 8;
    private Parity parity = Parity.NONE;
    private StopBits stopBits = StopBits.ONE;
    private FlowControl flow = FlowControl.NONE;
    private boolean brk;
    private boolean dtr = true;
    private boolean rts = true;
    private int modemState;
    private int lineState;
    private RuntimeException failure;

    synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    synchronized void clearCalls() {
        calls.clear();
    }

    synchronized void modemState(int bits) {
        modemState = bits;
    }

    synchronized void lineState(int bits) {
        lineState = bits;
    }

    /** Make every later setter throw, like a port that was unplugged. */
    synchronized void failWith(RuntimeException e) {
        failure = e;
    }

    private void call(String what) {
        calls.add(what);
        if (failure != null) {
            throw failure;
        }
    }

    @Override public synchronized int baudRate() { return baud; }
    @Override public synchronized int setBaudRate(int b) { call("baud " + b); baud = b; return baud; }
    @Override public synchronized int dataBits() { return dataBits; }

    @Override
    public synchronized int setDataBits(int bits) {
        call("dataBits " + bits);
        if (bits >= 7) {
            dataBits = bits;
        }
        return dataBits;
    }

    @Override public synchronized Parity parity() { return parity; }
    @Override public synchronized Parity setParity(Parity p) { call("parity " + p); parity = p; return parity; }
    @Override public synchronized StopBits stopBits() { return stopBits; }

    @Override
    public synchronized StopBits setStopBits(StopBits s) {
        call("stopBits " + s);
        if (s != StopBits.ONE_POINT_FIVE) {
            stopBits = s;
        }
        return stopBits;
    }

    @Override public synchronized FlowControl flowControl() { return flow; }
    @Override public synchronized FlowControl setFlowControl(FlowControl f) { call("flow " + f); flow = f; return flow; }
    @Override public synchronized boolean breakState() { return brk; }
    @Override public synchronized boolean setBreak(boolean on) { call("break " + on); brk = on; return brk; }
    @Override public synchronized boolean dtr() { return dtr; }
    @Override public synchronized boolean setDtr(boolean on) { call("dtr " + on); dtr = on; return dtr; }
    @Override public synchronized boolean rts() { return rts; }
    @Override public synchronized boolean setRts(boolean on) { call("rts " + on); rts = on; return rts; }
    @Override public synchronized void purge(boolean rx, boolean tx) { call("purge " + rx + " " + tx); }
    @Override public synchronized int modemState() { return modemState; }
    @Override public synchronized int lineState() { return lineState; }
    @Override public String signature() { return "ser2net-camel test /dev/ttyTEST0"; }
}
