package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A grouping of sources {@code a=ssrc-group:<semantics> <ssrc> ...} (RFC 5576 §4.2), such as
 * {@code a=ssrc-group:FID 1111 2222} (a stream and its RTX repair stream, RFC 4588) or
 * {@code a=ssrc-group:SIM 1 2 3} (Chrome's legacy simulcast).
 *
 * @param semantics the semantics, e.g. {@code FID}
 * @param ssrcs the grouped sources, in order, at least one
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "ssrc-group";
    private static final String EXPECTED = "<semantics> <ssrc> ..., e.g. FID 1111 2222";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public SsrcGroup {
        Values.token(semantics, "ssrc-group semantics");
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.isEmpty()) {
            throw new IllegalArgumentException("no ssrc (expected: " + EXPECTED + ")");
        }
        for (long s : ssrcs) {
            Values.range(s, 0, 0xFFFFFFFFL, "ssrc");
        }
    }

    /** The {@code a=ssrc-group} line. */
    public SdpLine toLine() {
        StringBuilder sb = new StringBuilder(semantics);
        for (long s : ssrcs) {
            sb.append(' ').append(s);
        }
        return SdpLine.attribute(ATTRIBUTE, sb.toString());
    }

    static SsrcGroup parse(SdpLine line) {
        List<String> f = Values.fields(Values.attributeValue(line, EXPECTED));
        if (f.size() < 2) {
            throw SdpParseException.at(line, "no semantics or no ssrc", EXPECTED);
        }
        List<Long> ssrcs = new ArrayList<>(f.size() - 1);
        for (String s : f.subList(1, f.size())) {
            ssrcs.add(Values.number(line, s, 0, 0xFFFFFFFFL, "ssrc"));
        }
        return new SsrcGroup(f.get(0), ssrcs);
    }
}
