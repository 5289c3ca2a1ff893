package land.keen.ser2net.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A modem control line forced on or off when the device is opened ({@code dtr=off}, {@code rts=on}). Order matters
 * to some hardware (some CC2652 Zigbee sticks enter their bootloader otherwise), so lists keep the written order.
 */
public record ControlLine(Line line, boolean on) {

    /** The lines gensio lets a config force. */
    public enum Line {
        DTR, RTS
    }

    /** Parses {@code dtr=off,rts=on} (order kept); blank means none. */
    public static List<ControlLine> parseList(String spec) {
        List<ControlLine> lines = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return lines;
        }
        for (String item : spec.split(",")) {
            String[] kv = item.trim().toLowerCase(Locale.ROOT).split("=", 2);
            if (kv.length != 2 || !(kv[0].equals("dtr") || kv[0].equals("rts"))
                    || !(kv[1].equals("on") || kv[1].equals("off"))) {
                throw new IllegalArgumentException(
                        "controlLines: expected dtr=on|off or rts=on|off, got '" + item.trim() + "'");
            }
            lines.add(new ControlLine(Line.valueOf(kv[0].toUpperCase(Locale.ROOT)), kv[1].equals("on")));
        }
        return lines;
    }

    @Override
    public String toString() {
        return line.name().toLowerCase(Locale.ROOT) + "=" + (on ? "on" : "off");
    }
}
