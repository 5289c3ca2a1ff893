package land.keen.ser2net.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import land.keen.ser2net.demo.EchoDevice;
import land.keen.ser2net.demo.Pty;

/**
 * A node as discovery sees it, in a temp folder: a fake sysfs and /dev in the kernel's layout, a snippets folder, and
 * sticks that are ptys echoing what they get. Plug and unplug like a user with a USB port.
 */
public final class StickNode implements AutoCloseable {

    private final FakeSysfs sysfs;
    private final Path snippets;
    private final List<AutoCloseable> sticks = new ArrayList<>();

    public StickNode(Path dir) throws Exception {
        sysfs = new FakeSysfs(dir.resolve("root"));
        snippets = Files.createDirectories(dir.resolve("snippets"));
    }

    public FakeSysfs sysfs() {
        return sysfs;
    }

    public Path snippets() {
        return snippets;
    }

    /** The app settings that point discovery at this node (no demo stick). */
    public Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("ser2net.sysfs-root", sysfs.sysRoot().toString());
        s.put("ser2net.dev-root", sysfs.devRoot().toString());
        s.put("ser2net.snippets", snippets.toString());
        s.put("ser2net.demo", "false");
        return s;
    }

    public void snippet(String file, String text) throws Exception {
        Files.writeString(snippets.resolve(file), text);
    }

    /** A connection in the seed's style, DEVNODE for the device, kickolduser on. */
    public static String connection(String name, int port) {
        return """
                connection: &%s
                  accepter: tcp,%d
                  connector: serialdev,DEVNODE,115200n81,local,dtr=off,rts=off
                  options:
                    kickolduser: true
                """.formatted(name, port);
    }

    /** Plugs a CP210x-like stick that echoes (usb-serial, interface 0); returns its pty. */
    public Pty plug(String tty, String portPath, String vid, String pid, String serial) {
        Pty pty = new Pty();
        sticks.add(new EchoDevice(pty));
        sticks.add(pty);
        sysfs.addUsbSerial(tty, portPath, 0, vid, pid, serial, "Silicon Labs", "CP2102N USB to UART Bridge");
        sysfs.plugDevNode(tty, Path.of(pty.slavePath()));
        return pty;
    }

    /** Pulls the stick: sysfs entry, device node, and the device itself (its pty master closes). */
    public void unplug(String portPath, String tty, Pty pty) {
        sysfs.unplug(portPath);
        sysfs.removeDevNode(tty);
        pty.close();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : sticks) {
            c.close();
        }
    }
}
