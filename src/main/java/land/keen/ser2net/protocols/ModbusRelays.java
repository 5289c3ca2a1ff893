package land.keen.ser2net.protocols;

import java.util.Locale;
import java.util.Map;

import org.apache.camel.util.json.JsonObject;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Modbus RTU relay boards (the common RS485 boards with 1 to 32 relays), for YAML routes: turns a small command such
 * as {@code {"relay": 1, "state": "on"}} into a "write single coil" frame (function 05, CRC-16/MODBUS) and the
 * board's reply into a JSON status. Relays are numbered from 1 as printed on the boards; coil addresses from
 * {@link #setFirstCoil(int) firstCoil} (0 on most boards).
 */
public class ModbusRelays {

    private static final int WRITE_SINGLE_COIL = 0x05;
    private static final int EXCEPTION_FLAG = 0x80;

    private int unit = 1;
    private int firstCoil;

    /**
     * The frame for a command given as JSON or YAML: relay (from 1), state (on/off, true/false, 1/0) and optionally
     * unit (the board's Modbus address; default the bean's). Throws naming the field when the command is wrong.
     */
    public byte[] writeCoil(String command) {
        Map<?, ?> fields;
        try {
            Object parsed = new Load(LoadSettings.builder().build()).loadFromString(command);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("relay command must be an object like {\"relay\":1,\"state\":\"on\"},"
                                                   + " got: " + command);
            }
            fields = map;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("relay command is neither JSON nor YAML: " + command);
        }
        int relay = integer(fields, "relay", null);
        int address = integer(fields, "unit", unit);
        if (relay < 1 || relay > 0xFFFF) {
            throw new IllegalArgumentException("relay command: relay must be 1 or more, got " + relay);
        }
        if (address < 1 || address > 247) {
            throw new IllegalArgumentException("relay command: unit must be 1 to 247, got " + address);
        }
        boolean on = state(fields.get("state"));
        int coil = relay - 1 + firstCoil;
        byte[] frame = { (byte) address, WRITE_SINGLE_COIL, (byte) (coil >> 8), (byte) coil, (byte) (on ? 0xFF : 0x00),
            0x00, 0, 0 };
        int crc = Crc16.modbus(frame, 0, 6);
        frame[6] = (byte) crc; // Modbus sends the CRC low byte first
        frame[7] = (byte) (crc >> 8);
        return frame;
    }

    /**
     * The board's reply as JSON: {@code {"unit":1,"relay":1,"state":"on","ok":true}}, or ok false with an error
     * (a Modbus exception, a bad CRC, a short frame, or no reply at all when the body is empty or null).
     */
    public String status(byte[] reply) {
        JsonObject json = new JsonObject();
        if (reply == null || reply.length == 0) {
            return error(json, "no reply from the relay board");
        }
        if (reply.length < 5) {
            return error(json, "reply too short (" + reply.length + " bytes): " + hex(reply));
        }
        int crc = Crc16.modbus(reply, 0, reply.length - 2);
        int sent = (reply[reply.length - 2] & 0xFF) | (reply[reply.length - 1] & 0xFF) << 8;
        if (crc != sent) {
            return error(json, "bad CRC in reply: " + hex(reply));
        }
        json.put("unit", reply[0] & 0xFF);
        int function = reply[1] & 0xFF;
        if (function == (WRITE_SINGLE_COIL | EXCEPTION_FLAG)) {
            return error(json, "Modbus exception " + (reply[2] & 0xFF) + ": " + exceptionName(reply[2] & 0xFF));
        }
        if (function != WRITE_SINGLE_COIL || reply.length != 8) {
            return error(json, "unexpected reply: " + hex(reply));
        }
        int coil = (reply[2] & 0xFF) << 8 | (reply[3] & 0xFF);
        json.put("relay", coil - firstCoil + 1);
        json.put("state", (reply[4] & 0xFF) == 0xFF ? "on" : "off");
        json.put("ok", true);
        return json.toJson();
    }

    /** A JSON status for a command that could not be sent (what was wrong with it). */
    public String rejected(String reason) {
        return error(new JsonObject(), reason);
    }

    private static String error(JsonObject json, String message) {
        json.put("ok", false);
        json.put("error", message);
        return json.toJson();
    }

    private static int integer(Map<?, ?> fields, String name, Integer dflt) {
        Object v = fields.get(name);
        if (v == null) {
            if (dflt == null) {
                throw new IllegalArgumentException("relay command: " + name + " is missing");
            }
            return dflt;
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("relay command: " + name + " must be a number, got " + v);
        }
    }

    private static boolean state(Object v) {
        String s = v == null ? "" : v.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "on", "true", "1" -> true;
            case "off", "false", "0" -> false;
            default -> throw new IllegalArgumentException("relay command: state must be on or off, got '" + v + "'");
        };
    }

    private static String exceptionName(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address (no such relay)";
            case 3 -> "illegal data value";
            case 4 -> "device failure";
            default -> "code " + code;
        };
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02X ", x & 0xFF));
        }
        return sb.toString().trim();
    }

    public int getUnit() {
        return unit;
    }

    public void setUnit(int unit) {
        this.unit = unit;
    }

    public int getFirstCoil() {
        return firstCoil;
    }

    public void setFirstCoil(int firstCoil) {
        this.firstCoil = firstCoil;
    }
}
