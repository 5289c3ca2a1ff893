package land.keen.ser2net.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import land.keen.ser2net.spec.ControlLine;
import land.keen.ser2net.spec.FlowControl;
import land.keen.ser2net.spec.LineSettings;
import land.keen.ser2net.spec.Parity;
import land.keen.ser2net.spec.StopBits;

/**
 * Parses {@code serialdev,DEVICE[,serialoption...]} following gensio's serialdev rules
 * (sergensio_serialdev.c, gensio(5) "Serialoptions"): options are separated by commas or whitespace
 * (so a connector folded over several YAML lines works), a speed spec is
 * {@code [speed=]<speed>[<parity>[<databits>[<stopbits>]]]} where only the parts written override
 * the defaults, and the remaining options are gensio's keywords.
 */
final class LineSpecParser {

    private static final String KEY = "connector";

    /** A serialdev connector: the device and how its line is set up. */
    record Connector(String device, LineSettings line) {
    }

    /** Mutable state while reading options; starts from the defaults (9600N81 when none). */
    static final class Line {
        int baud = 9600;
        int dataBits = 8;
        Parity parity = Parity.NONE;
        StopBits stopBits = StopBits.ONE;
        boolean rtscts;
        boolean xonxoff;
        boolean local;
        boolean nobreak;
        boolean hangupWhenDone;
        final List<ControlLine> controlLines = new ArrayList<>();
    }

    private LineSpecParser() {
    }

    static Connector parse(String connector, Defaults defaults, Consumer<String> notes) {
        int comma = topLevelComma(connector);
        String type = (comma < 0 ? connector : connector.substring(0, comma)).trim();
        if (type.contains("(")) {
            String base = type.substring(0, type.indexOf('(')).trim();
            if (base.equals("serialdev") || base.equals("sdev")) {
                gensioOptions(type, notes);
            }
            type = base;
        }
        if (!type.equals("serialdev") && !type.equals("sdev")) {
            throw new ConfigException(KEY, "only serialdev connectors are supported, not '" + type + "'");
        }
        if (comma < 0) {
            throw new ConfigException(KEY, "no device given (expected serialdev,DEVICE,...)");
        }
        String rest = connector.substring(comma + 1);
        int next = rest.indexOf(',');
        String device = (next < 0 ? rest : rest.substring(0, next)).trim();
        if (device.isEmpty() || device.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(KEY, "invalid device '" + device + "'");
        }
        Line line = fromDefaults(defaults);
        if (next >= 0) {
            for (String option : rest.substring(next + 1).split("[\\s,]+")) {
                if (!option.isEmpty()) {
                    apply(option, line);
                }
            }
        }
        if (line.rtscts && line.xonxoff) {
            throw new ConfigException(KEY, "rtscts and xonxoff together are not supported");
        }
        FlowControl flow = line.rtscts ? FlowControl.RTSCTS : line.xonxoff ? FlowControl.XONXOFF : FlowControl.NONE;
        return new Connector(device, new LineSettings(line.baud, line.dataBits, line.parity, line.stopBits, flow,
                line.controlLines, line.local, line.nobreak, line.hangupWhenDone));
    }

    /** The comma after the gensio type, skipping commas inside its options: {@code serialdev(readbuf=64,…),DEV}. */
    private static int topLevelComma(String connector) {
        int depth = 0;
        for (int i = 0; i < connector.length(); i++) {
            char c = connector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * gensio's serialdev options ({@code serialdev(nouucplock=true),/dev/ttyUSB0,...}), as sergensio_serialdev.c reads
     * them. None changes the data path here: no uucp lock files are taken (two connections of one stick are kept apart
     * by the app itself, "Port's device already in use"), reads and closes are sized and timed by the app.
     */
    private static void gensioOptions(String type, Consumer<String> notes) {
        for (GensioOptions.Option o : GensioOptions.ofLayer(type, KEY, "serialdev")) {
            switch (o.name()) {
                case "nouucplock" -> {
                    if (!GensioOptions.bool(o, KEY, "serialdev")) {
                        notes.accept("connector: serialdev option '" + o.text() + "': no uucp lock files are taken"
                                     + " here (two connections of one device are kept apart by the app); ignored");
                    }
                }
                case "custspeed" -> GensioOptions.bool(o, KEY, "serialdev");
                case "readbuf" -> GensioOptions.size(o, KEY, "serialdev");
                case "drain_time", "char_drain_wait" -> {
                    if (o.value() == null || !(o.value().equals("off") || o.value().matches("[0-9]{1,9}"))) {
                        throw new ConfigException(KEY, "serialdev option '" + o.text() + "': " + o.name()
                                                       + " needs a number or off");
                    }
                }
                default -> throw new ConfigException(KEY, "serialdev option '" + o.text() + "' is not supported yet"
                        + " (known: nouucplock, readbuf, custspeed, drain_time, char_drain_wait)");
            }
        }
    }

    private static Line fromDefaults(Defaults defaults) {
        Line line = new Line();
        String speed = defaults.get("speed", Defaults.SERIALDEV);
        if (speed != null && !speed.isEmpty()) {
            parseSpeed(speed, "default speed", line);
        }
        line.local = defaults.bool("local", Defaults.SERIALDEV, false);
        line.rtscts = defaults.bool("rtscts", Defaults.SERIALDEV, false);
        line.xonxoff = defaults.bool("xonxoff", Defaults.SERIALDEV, false);
        line.hangupWhenDone = defaults.bool("hangup-when-done", Defaults.SERIALDEV, false);
        return line;
    }

    private static void apply(String option, Line line) {
        Boolean value;
        if ((value = flag(option, "nobreak")) != null) {
            line.nobreak = value;
        } else if (has(option, "rs485")) {
            if (!option.substring(6).equals("off")) {
                throw unsupported(option);
            }
        } else if (has(option, "speed")) {
            parseSpeed(option.substring(6), KEY, line);
        } else if (startsWithSpeed(option)) {
            parseSpeed(option, KEY, line);
        } else if ((value = flag(option, "xonxoff")) != null) {
            line.xonxoff = value;
        } else if ((value = flag(option, "rtscts")) != null) {
            line.rtscts = value;
        } else if ((value = flag(option, "local")) != null) {
            line.local = value;
        } else if ((value = flag(option, "hangup-when-done")) != null) {
            line.hangupWhenDone = value;
        } else if ((value = flag(option, "dtr")) != null) {
            control(line, ControlLine.Line.DTR, value);
        } else if ((value = flag(option, "rts")) != null) {
            control(line, ControlLine.Line.RTS, value);
        } else if (!deprecated(option, line)) {
            throw unsupported(option);
        }
    }

    /**
     * gensio treats a leading number of at least 10 as a speed; smaller numbers start other words
     * (1STOPBIT, 8DATABITS).
     */
    private static boolean startsWithSpeed(String option) {
        int digits = 0;
        while (digits < option.length() && Character.isDigit(option.charAt(digits))) {
            digits++;
        }
        return digits > 0 && (digits > 2 || Integer.parseInt(option.substring(0, digits)) >= 10);
    }

    /** Applies {@code <speed>[<parity>[<databits>[<stopbits>]]]}, as gensio's set_serdef_from_speed. */
    static void parseSpeed(String spec, String key, Line line) {
        int i = 0;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new ConfigException(key, "invalid speed '" + spec + "'");
        }
        long baud = i > 10 ? Long.MAX_VALUE : Long.parseLong(spec.substring(0, i));
        if (baud < 10 || baud > Integer.MAX_VALUE) {
            throw new ConfigException(key, "invalid speed '" + spec + "'");
        }
        line.baud = (int) baud;
        if (i < spec.length()) {
            line.parity = switch (Character.toLowerCase(spec.charAt(i))) {
                case 'n' -> Parity.NONE;
                case 'e' -> Parity.EVEN;
                case 'o' -> Parity.ODD;
                case 'm' -> Parity.MARK;
                case 's' -> Parity.SPACE;
                default -> throw new ConfigException(key, "unknown parity in '" + spec + "' (use n, e, o, m or s)");
            };
            i++;
        }
        if (i < spec.length()) {
            char bits = spec.charAt(i);
            if (bits < '5' || bits > '8') {
                throw new ConfigException(key, "unknown number of data bits in '" + spec + "' (use 5 to 8)");
            }
            line.dataBits = bits - '0';
            i++;
        }
        if (i < spec.length()) {
            line.stopBits = switch (spec.charAt(i)) {
                case '1' -> StopBits.ONE;
                case '2' -> StopBits.TWO;
                default -> throw new ConfigException(key, "unknown number of stop bits in '" + spec + "' (use 1 or 2)");
            };
            i++;
        }
        if (i < spec.length()) {
            throw new ConfigException(key, "extra text '" + spec.substring(i) + "' in serial spec '" + spec + "'");
        }
    }

    /** gensio's deprecated words (still accepted by gensio, so configs converted from ser2net 3 work). */
    private static boolean deprecated(String option, Line line) {
        switch (option) { // parity words are matched case-sensitively by gensio
            case "NONE" -> line.parity = Parity.NONE;
            case "EVEN" -> line.parity = Parity.EVEN;
            case "ODD" -> line.parity = Parity.ODD;
            case "MARK" -> line.parity = Parity.MARK;
            case "SPACE" -> line.parity = Parity.SPACE;
            default -> {
                switch (option.toUpperCase(Locale.ROOT)) {
                    case "1STOPBIT" -> line.stopBits = StopBits.ONE;
                    case "2STOPBITS" -> line.stopBits = StopBits.TWO;
                    case "5DATABITS", "6DATABITS", "7DATABITS", "8DATABITS" -> line.dataBits = option.charAt(0) - '0';
                    case "-XONXOFF" -> line.xonxoff = false;
                    case "-RTSCTS" -> line.rtscts = false;
                    case "-LOCAL" -> line.local = false;
                    case "-NOBREAK" -> line.nobreak = false;
                    case "HANGUP_WHEN_DONE" -> line.hangupWhenDone = true;
                    case "-HANGUP_WHEN_DONE" -> line.hangupWhenDone = false;
                    default -> {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The first mention of a line fixes its place in the order; a later one only changes its value. */
    private static void control(Line line, ControlLine.Line which, boolean on) {
        for (int i = 0; i < line.controlLines.size(); i++) {
            if (line.controlLines.get(i).line() == which) {
                line.controlLines.set(i, new ControlLine(which, on));
                return;
            }
        }
        line.controlLines.add(new ControlLine(which, on));
    }

    /** gensio_pparm_bool: the bare word means true, {@code word=value} takes a gensio boolean. */
    private static Boolean flag(String option, String word) {
        if (option.equalsIgnoreCase(word)) {
            return true;
        }
        if (!has(option, word)) {
            return null;
        }
        String value = option.substring(word.length() + 1);
        try {
            return YamlValues.bool(value, KEY);
        } catch (ConfigException e) {
            throw new ConfigException(KEY, "invalid value in line option '" + option + "'");
        }
    }

    private static boolean has(String option, String word) {
        return option.length() > word.length() && option.charAt(word.length()) == '='
                && option.regionMatches(true, 0, word, 0, word.length());
    }

    private static ConfigException unsupported(String option) {
        return new ConfigException(KEY, "unsupported line option '" + option + "'");
    }
}
