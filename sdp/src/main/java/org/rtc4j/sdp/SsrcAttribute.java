package org.rtc4j.sdp;

import java.util.Optional;

/**
 * A source-specific attribute {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 §4.1), such as
 * {@code a=ssrc:4013589393 cname:a5yQ9dw/fhctYmeP} or {@code a=ssrc:4013589393 msid:- a7ee...}.
 *
 * @param ssrc the synchronization source, 0 ~ 4294967295
 * @param attribute the source attribute's name, e.g. {@code cname}
 * @param value its value (may hold spaces), if any
 */
public record SsrcAttribute(long ssrc, String attribute, Optional<String> value) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "ssrc";
    private static final String EXPECTED = "<ssrc> <attribute>[:<value>], e.g. 1234 cname:abcd";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public SsrcAttribute {
        Values.range(ssrc, 0, 0xFFFFFFFFL, "ssrc");
        Values.token(attribute, "source attribute");
        if (attribute.indexOf(':') >= 0) {
            throw new IllegalArgumentException("source attribute '" + attribute + "' holds ':' (expected: a name such as cname)");
        }
        value.ifPresent(v -> SdpLine.checkText(v, "source attribute value"));
    }

    /** {@code a=ssrc:<ssrc> <attribute>:<value>}. */
    public SsrcAttribute(long ssrc, String attribute, String value) {
        this(ssrc, attribute, Optional.of(value));
    }

    /** The {@code a=ssrc} line. */
    public SdpLine toLine() {
        String v = ssrc + " " + attribute;
        return SdpLine.attribute(ATTRIBUTE, value.map(x -> v + ':' + x).orElse(v));
    }

    static SsrcAttribute parse(SdpLine line) {
        String[] f = Values.splitFirst(Values.attributeValue(line, EXPECTED));
        long ssrc = Values.number(line, f[0], 0, 0xFFFFFFFFL, "ssrc");
        if (f.length != 2 || f[1].isBlank()) {
            throw SdpParseException.at(line, "no source attribute", EXPECTED);
        }
        String a = f[1];
        int colon = a.indexOf(':');
        String name = colon < 0 ? a.strip() : a.substring(0, colon);
        if (name.isEmpty() || name.indexOf(' ') >= 0) {
            throw SdpParseException.at(line, "the source attribute's name '" + name + "' is empty or holds a space",
                    EXPECTED);
        }
        return new SsrcAttribute(ssrc, name, colon < 0 ? Optional.empty() : Optional.of(a.substring(colon + 1)));
    }
}
