package org.rtc4j.sdp;

/**
 * A bandwidth line {@code b=<bwtype>:<bandwidth>} (RFC 8866 §5.8), such as {@code b=AS:30} (kbit/s)
 * or {@code b=TIAS:128000} (bit/s, RFC 3890).
 *
 * @param type the bandwidth type, {@code CT}, {@code AS}, {@code TIAS} or another token
 * @param value the bandwidth, in the type's unit
 */
public record Bandwidth(String type, long value) {
    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */
    public Bandwidth {
        Values.token(type, "bandwidth type");
        if (type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bandwidth type '" + type + "' holds ':' (expected: a token such as AS)");
        }
        Values.range(value, 0, Long.MAX_VALUE, "bandwidth");
    }

    /** The {@code b=} line. */
    public SdpLine toLine() {
        return SdpLine.of('b', type + ':' + value);
    }

    static Bandwidth parse(SdpLine line) {
        String v = line.value();
        int colon = v.indexOf(':');
        if (colon <= 0 || v.substring(0, colon).indexOf(' ') >= 0) {
            throw SdpParseException.at(line, "no bandwidth type", "<bwtype>:<bandwidth>, e.g. AS:30");
        }
        long value = Values.number(line, v.substring(colon + 1), 0, Long.MAX_VALUE, "bandwidth");
        return new Bandwidth(v.substring(0, colon), value);
    }
}
