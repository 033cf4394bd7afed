package org.rtc4j.sdp;

import java.util.Optional;

/**
 * An RTCP feedback capability {@code a=rtcp-fb:<payload type or *> <type> [<parameters>]}
 * (RFC 4585 §4.2), such as {@code a=rtcp-fb:96 nack pli}, {@code a=rtcp-fb:96 transport-cc} or
 * {@code a=rtcp-fb:* ccm fir}.
 *
 * @param format the payload type, or {@code *} for all
 * @param type the feedback type, e.g. {@code nack}, {@code ccm}, {@code goog-remb}
 * @param parameter what follows the type, e.g. {@code pli} or {@code fir}, if anything
 */
public record RtcpFeedback(String format, String type, Optional<String> parameter) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "rtcp-fb";
    private static final String EXPECTED = "<payload type or *> <type> [<parameters>], e.g. 96 nack pli";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public RtcpFeedback {
        Values.token(format, "format");
        Values.token(type, "feedback type");
        parameter.ifPresent(p -> SdpLine.checkText(p, "feedback parameter"));
    }

    /** Feedback without parameters, e.g. {@code transport-cc}. */
    public RtcpFeedback(String format, String type) {
        this(format, type, Optional.empty());
    }

    /** Feedback with a parameter, e.g. {@code nack pli}. */
    public RtcpFeedback(String format, String type, String parameter) {
        this(format, type, Optional.of(parameter));
    }

    /** The {@code a=rtcp-fb} line. */
    public SdpLine toLine() {
        String v = format + ' ' + type;
        return SdpLine.attribute(ATTRIBUTE, parameter.map(p -> v + ' ' + p).orElse(v));
    }

    static RtcpFeedback parse(SdpLine line) {
        String[] f = Values.splitFirst(Values.attributeValue(line, EXPECTED));
        if (f.length != 2 || f[0].isEmpty()) {
            throw SdpParseException.at(line, "no feedback type", EXPECTED);
        }
        String[] t = Values.splitFirst(f[1]);
        if (t[0].isEmpty()) {
            throw SdpParseException.at(line, "no feedback type", EXPECTED);
        }
        Optional<String> param = t.length == 2 && !t[1].isBlank() ? Optional.of(t[1]) : Optional.empty();
        return new RtcpFeedback(f[0], t[0], param);
    }
}
