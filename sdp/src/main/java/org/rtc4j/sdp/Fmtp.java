package org.rtc4j.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Format parameters {@code a=fmtp:<format> <parameters>} (RFC 8866 §6.15), such as
 * {@code a=fmtp:111 minptime=10;useinbandfec=1} or {@code a=fmtp:97 apt=96}.
 *
 * @param format the format (an RTP payload type for RTP media), as written
 * @param parameters the format-specific parameters as written, possibly empty
 */
public record Fmtp(String format, String parameters) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "fmtp";
    private static final String EXPECTED = "<format> <parameters>, e.g. 111 minptime=10;useinbandfec=1";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public Fmtp {
        Values.token(format, "format");
        SdpLine.checkText(parameters, "parameters");
    }

    /** Format parameters for an RTP payload type. */
    public Fmtp(int payloadType, String parameters) {
        this(Integer.toString(payloadType), parameters);
    }

    /**
     * The parameters as the {@code key=value;...} map most codecs use, in order; a parameter without
     * {@code =} (such as {@code 0-15} of telephone-event or {@code 111/111} of RED) maps to "".
     * Keys and values are trimmed; a later duplicate key wins.
     */
    public Map<String, String> parameterMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : parameters.split(";")) {
            String t = p.strip();
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq < 0) {
                out.put(t, "");
            } else {
                out.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The {@code a=fmtp} line. */
    public SdpLine toLine() {
        return SdpLine.attribute(ATTRIBUTE, parameters.isEmpty() ? format : format + ' ' + parameters);
    }

    static Fmtp parse(SdpLine line) {
        String[] f = Values.splitFirst(Values.attributeValue(line, EXPECTED));
        if (f[0].isEmpty()) {
            throw SdpParseException.at(line, "no format", EXPECTED);
        }
        return new Fmtp(f[0], f.length == 2 ? f[1] : "");
    }
}
