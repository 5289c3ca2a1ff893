package land.keen.ser2net.demo;

import java.io.IOException;

/**
 * Plays a stick that echoes every byte back, on a pty master, until closed. Runs on its own daemon thread.
 */
public final class EchoDevice implements AutoCloseable {

    private final Pty pty;
    private final Thread thread;
    private volatile boolean running = true;

    public EchoDevice(Pty pty) {
        this.pty = pty;
        this.thread = new Thread(this::loop, "echo-" + pty.slavePath());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running && !pty.isClosed()) {
            try {
                byte[] b = pty.read(65536, 200);
                if (b != null && b.length > 0) {
                    pty.write(b);
                } else if (b != null) {
                    Thread.onSpinWait();
                    Thread.sleep(5); // slave closed (EIO): nothing to echo until the bridge reopens it
                }
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
    }
}
