package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RTP stream identifier {@code a=rid:<id> <send|recv> [pt=<fmt>,...;][<param>[=<value>];...]}
 * (RFC 8851 §10), such as {@code a=rid:h send} or {@code a=rid:1 send pt=96;max-width=1280}.
 *
 * @param id the rid, letters, digits, {@code -} and {@code _}
 * @param direction whether the stream is sent or received by the writer of the description
 * @param payloadTypes the formats of {@code pt=}, in order; empty when not restricted
 * @param restrictions the other parameters ({@code max-width}, {@code max-fps}, {@code depend}, ...)
 *                     in order, each mapped to its value or "" when it has none
 */
public record Rid(String id, Direction direction, List<String> payloadTypes, Map<String, String> restrictions) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "rid";
    private static final String EXPECTED = "<id> send|recv [pt=<fmt>,...][;<param>=<value>...], e.g. h send";

    /** The direction of a rid (RFC 8851 §10). */
    public enum Direction {
        /** The writer of the description sends this stream. */
        SEND("send"),
        /** The writer of the description receives this stream. */
        RECV("recv");

        private final String sdpValue;

        Direction(String sdpValue) {
            this.sdpValue = sdpValue;
        }

        /** {@code send} or {@code recv}. */
        public String sdpValue() {
            return sdpValue;
        }

        /** The direction seen from the other end. */
        public Direction reverse() {
            return this == SEND ? RECV : SEND;
        }
    }

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public Rid {
        if (!isRidId(id)) {
            throw new IllegalArgumentException("rid '" + id + "' is empty or holds other than letters, digits, '-' and '_' "
                    + "(expected: " + EXPECTED + ")");
        }
        java.util.Objects.requireNonNull(direction, "direction");
        payloadTypes = List.copyOf(payloadTypes);
        for (String pt : payloadTypes) {
            Values.token(pt, "payload type");
            if (pt.indexOf(',') >= 0 || pt.indexOf(';') >= 0) {
                throw new IllegalArgumentException("payload type '" + pt + "' holds ',' or ';'");
            }
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : restrictions.entrySet()) {
            String k = Values.token(e.getKey(), "rid parameter");
            String v = e.getValue();
            SdpLine.checkText(v, "rid parameter value");
            if (k.equals("pt") || k.indexOf('=') >= 0 || k.indexOf(';') >= 0 || v.indexOf(';') >= 0 || v.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("rid parameter '" + k + "=" + v
                        + "' is pt or holds '=', ';' or ' ' (expected: <param>[=<value>])");
            }
            copy.put(k, v);
        }
        restrictions = Collections.unmodifiableMap(copy);
    }

    /** A rid without restrictions, e.g. {@code a=rid:h send}. */
    public Rid(String id, Direction direction) {
        this(id, direction, List.of(), Map.of());
    }

    /** This rid seen from the other end, e.g. {@code send} in an offer becomes {@code recv} in the answer. */
    public Rid reversed() {
        return new Rid(id, direction.reverse(), payloadTypes, restrictions);
    }

    /** The {@code a=rid} line. */
    public SdpLine toLine() {
        StringBuilder sb = new StringBuilder(id).append(' ').append(direction.sdpValue());
        List<String> params = new ArrayList<>();
        if (!payloadTypes.isEmpty()) {
            params.add("pt=" + String.join(",", payloadTypes));
        }
        restrictions.forEach((k, v) -> params.add(v.isEmpty() ? k : k + '=' + v));
        if (!params.isEmpty()) {
            sb.append(' ').append(String.join(";", params));
        }
        return SdpLine.attribute(ATTRIBUTE, sb.toString());
    }

    static Rid parse(SdpLine line) {
        List<String> f = Values.fields(Values.attributeValue(line, EXPECTED));
        if (f.size() < 2 || f.size() > 3) {
            throw SdpParseException.at(line, "the rid has " + f.size() + " fields", EXPECTED);
        }
        if (!isRidId(f.get(0))) {
            throw SdpParseException.at(line, "rid '" + f.get(0) + "' holds other than letters, digits, '-' and '_'",
                    EXPECTED);
        }
        Direction direction = switch (f.get(1)) {
            case "send" -> Direction.SEND;
            case "recv" -> Direction.RECV;
            default -> throw SdpParseException.at(line, "unknown rid direction '" + f.get(1) + "'", "send or recv");
        };
        List<String> pts = new ArrayList<>();
        Map<String, String> params = new LinkedHashMap<>();
        if (f.size() == 3) {
            String[] parts = f.get(2).split(";", -1);
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                int eq = p.indexOf('=');
                String key = eq < 0 ? p : p.substring(0, eq);
                String value = eq < 0 ? "" : p.substring(eq + 1);
                if (key.isEmpty()) {
                    throw SdpParseException.at(line, "an empty rid parameter", EXPECTED);
                }
                if (key.equals("pt")) {
                    if (i != 0 || value.isEmpty()) {
                        throw SdpParseException.at(line, "pt= is not the first parameter or is empty",
                                "pt=<fmt>,... first");
                    }
                    for (String pt : value.split(",", -1)) {
                        if (pt.isEmpty()) {
                            throw SdpParseException.at(line, "an empty format in pt=", "pt=<fmt>,...");
                        }
                        pts.add(pt);
                    }
                } else {
                    params.put(key, value);
                }
            }
        }
        return new Rid(f.get(0), direction, pts, params);
    }

    static boolean isRidId(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
