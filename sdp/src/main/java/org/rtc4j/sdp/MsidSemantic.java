package org.rtc4j.sdp;

import java.util.List;

/**
 * The session-level {@code a=msid-semantic:<semantic> [<id> ...]} of the msid drafts, which
 * browsers still write ({@code a=msid-semantic: WMS} in Chrome, {@code a=msid-semantic:WMS *} in
 * Firefox and libdatachannel).
 *
 * @param semantic the semantic, {@code WMS}
 * @param identifiers the listed stream ids ({@code *} for all), possibly none
 */
public record MsidSemantic(String semantic, List<String> identifiers) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "msid-semantic";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public MsidSemantic {
        Values.token(semantic, "msid semantic");
        identifiers = List.copyOf(identifiers);
        for (String id : identifiers) {
            Values.token(id, "msid identifier");
        }
    }

    /** The {@code a=msid-semantic} line, written as Firefox does, without a space after the colon. */
    public SdpLine toLine() {
        StringBuilder sb = new StringBuilder(semantic);
        for (String id : identifiers) {
            sb.append(' ').append(id);
        }
        return SdpLine.attribute(ATTRIBUTE, sb.toString());
    }

    static MsidSemantic parse(SdpLine line) {
        List<String> f = Values.fields(Values.attributeValue(line, "<semantic> [<id> ...], e.g. WMS *"));
        if (f.isEmpty()) {
            throw SdpParseException.at(line, "no semantic", "<semantic> [<id> ...], e.g. WMS *");
        }
        return new MsidSemantic(f.get(0), f.subList(1, f.size()));
    }
}
