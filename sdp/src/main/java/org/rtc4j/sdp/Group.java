package org.rtc4j.sdp;

import java.util.List;

/**
 * A session-level grouping of media sections {@code a=group:<semantics> <mid> ...} (RFC 5888), most
 * often {@code a=group:BUNDLE 0 1 2} (RFC 8843), where the first mid names the offerer's tagged
 * section. Other semantics ({@code LS}, {@code FID}, ...) are read the same way.
 *
 * @param semantics the semantics, e.g. {@code BUNDLE}
 * @param mids the identification tags of the grouped media sections, in order (may be empty)
 */
public record Group(String semantics, List<String> mids) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "group";
    /** The semantics of RFC 8843. */
    public static final String BUNDLE = "BUNDLE";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public Group {
        Values.token(semantics, "group semantics");
        mids = List.copyOf(mids);
        for (String mid : mids) {
            Values.token(mid, "mid");
        }
    }

    /** {@code a=group:BUNDLE} with the given mids. */
    public static Group bundle(List<String> mids) {
        return new Group(BUNDLE, mids);
    }

    /** Whether the semantics are BUNDLE. */
    public boolean isBundle() {
        return BUNDLE.equals(semantics);
    }

    /** The {@code a=group} line. */
    public SdpLine toLine() {
        StringBuilder sb = new StringBuilder(semantics);
        for (String mid : mids) {
            sb.append(' ').append(mid);
        }
        return SdpLine.attribute(ATTRIBUTE, sb.toString());
    }

    static Group parse(SdpLine line) {
        List<String> f = Values.fields(Values.attributeValue(line, "<semantics> <mid> ..., e.g. BUNDLE 0 1"));
        if (f.isEmpty()) {
            throw SdpParseException.at(line, "no group semantics", "<semantics> <mid> ..., e.g. BUNDLE 0 1");
        }
        return new Group(f.get(0), f.subList(1, f.size()));
    }
}
