package org.rtc4j.interop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One line of the line-delimited JSON that the node peers ({@code interop-tests/node/peer.js}) speak:
 * a flat object whose values are strings, numbers, booleans or null. Nested objects and arrays are
 * rejected; the peers never send them. Immutable.
 */
final class JsonLine {
    private final Map<String, Object> fields;

    private JsonLine(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** A line from alternating names and values (String, Number, Boolean or null). */
    static JsonLine of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate (expected: an even count)");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new IllegalArgumentException("value " + v + " (expected: String, Number, Boolean or null)");
            }
            m.put((String) namesAndValues[i], v);
        }
        return new JsonLine(m);
    }

    Map<String, Object> fields() {
        return fields;
    }

    Optional<String> string(String name) {
        return fields.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A string field, or "" when absent. */
    String text(String name) {
        return string(name).orElse("");
    }

    Optional<Long> number(String name) {
        return fields.get(name) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    boolean flag(String name) {
        return Boolean.TRUE.equals(fields.get(name));
    }

    /** Whether the line is {@code {"event": event, ...}}. */
    boolean isEvent(String event) {
        return event.equals(fields.get("event"));
    }

    /** The object as one line of JSON. */
    String encode() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, e.getKey()).append(':');
            Object v = e.getValue();
            if (v instanceof String s) {
                quote(sb, s);
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /**
     * Parses one flat JSON object.
     *
     * @throws IllegalArgumentException naming the offset where the line stops being a flat object
     */
    static JsonLine parse(String line) {
        Parser p = new Parser(line);
        Map<String, Object> m = new LinkedHashMap<>();
        p.skip();
        p.expect('{');
        p.skip();
        if (p.peek() == '}') {
            p.pos++;
        } else {
            while (true) {
                p.skip();
                String name = p.string();
                p.skip();
                p.expect(':');
                p.skip();
                m.put(name, p.value());
                p.skip();
                char c = p.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw p.error("',' or '}'");
                }
            }
        }
        p.skip();
        if (p.pos != line.length()) {
            throw p.error("the end of the line");
        }
        return new JsonLine(m);
    }

    @Override
    public String toString() {
        return encode();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw error("more input");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("'" + c + "'");
            }
        }

        Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return null;
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("a string, number, boolean or null (nested values are not supported)");
            }
            String number = s.substring(start, pos);
            if (number.contains(".") || number.contains("e") || number.contains("E")) {
                return Double.parseDouble(number);
            }
            return Long.parseLong(number);
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("four hex digits");
                        }
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw error("an escape character");
                }
            }
        }

        IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("JSON at offset " + pos + " of " + s.length() + " (expected: " + expected + ")");
        }
    }
}
