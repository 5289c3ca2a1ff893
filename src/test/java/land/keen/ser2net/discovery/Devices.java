package land.keen.ser2net.discovery;

import java.nio.file.Path;

/** Device records for matcher tests, with real ids and strings of the sticks they stand for. */
final class Devices {

    private Devices() {
    }

    static SerialDevice device(String tty, String vid, String pid, String serial, String product,
                               String iface, String portPath) {
        return new SerialDevice(tty, Path.of("/dev", tty), vid, pid, serial, null, product, iface, null, portPath);
    }

    static SerialDevice cp2102(String tty, String serial, String portPath) {
        return device(tty, "10c4", "ea60", serial, "CP2102 USB to UART Bridge Controller", "00", portPath);
    }

    static SerialDevice ft232r(String tty, String serial, String portPath) {
        return device(tty, "0403", "6001", serial, "FT232R USB UART", "00", portPath);
    }

    static SerialDevice husbzb1(String tty, String iface) {
        return device(tty, "10c4", "8a2a", "C0F003D3", "HubZ Smart Home Controller", iface, "1-2");
    }

    static SerialDevice zbDongleE(String tty, String serial, String portPath) {
        return device(tty, "1a86", "55d4", serial, "SONOFF Zigbee 3.0 USB Dongle Plus V2", "00", portPath);
    }
}
