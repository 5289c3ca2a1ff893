package land.keen.ser2net.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain TCP client, as a gateway (zigbee2mqtt, socat, nc) would be. */
public final class TcpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    public TcpClient(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        in = socket.getInputStream();
    }

    public void send(byte[] data) throws IOException {
        socket.getOutputStream().write(data);
        socket.getOutputStream().flush();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads exactly n bytes or fails after timeoutMs (or when the server closes first). */
    public byte[] read(int n, int timeoutMs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long deadline = System.currentTimeMillis() + timeoutMs;
        byte[] buf = new byte[Math.min(n, 65536)];
        while (out.size() < n) {
            int left = (int) (deadline - System.currentTimeMillis());
            if (left <= 0) {
                throw new SocketTimeoutException("got " + out.size() + " of " + n + " bytes");
            }
            socket.setSoTimeout(left);
            int r = in.read(buf, 0, Math.min(buf.length, n - out.size()));
            if (r < 0) {
                throw new IOException("closed by server after " + out.size() + " of " + n + " bytes: "
                                      + out.toString(StandardCharsets.ISO_8859_1));
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    public String readText(int n, int timeoutMs) throws IOException {
        return new String(read(n, timeoutMs), StandardCharsets.ISO_8859_1);
    }

    /** Everything until the server closes the connection (within timeoutMs), as text. */
    public String readUntilClosed(int timeoutMs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long deadline = System.currentTimeMillis() + timeoutMs;
        byte[] buf = new byte[4096];
        while (true) {
            int left = (int) (deadline - System.currentTimeMillis());
            if (left <= 0) {
                throw new SocketTimeoutException("not closed; got: " + out.toString(StandardCharsets.ISO_8859_1));
            }
            socket.setSoTimeout(left);
            int r;
            try {
                r = in.read(buf);
            } catch (java.net.SocketException reset) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            if (r < 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.write(buf, 0, r);
        }
    }

    /** Connects, sends {@code text} and returns what comes back (as much as was sent), like a user checking a port. */
    public static String echo(int port, String text) throws IOException {
        try (TcpClient client = new TcpClient(port)) {
            client.send(text);
            return client.readText(text.length(), 5000);
        }
    }

    public InputStream input() {
        return in;
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
