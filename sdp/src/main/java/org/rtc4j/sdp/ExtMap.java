package org.rtc4j.sdp;

import java.util.Optional;

/**
 * An RTP header extension mapping {@code a=extmap:<id>[/<direction>] <URI> [<extension attributes>]}
 * (RFC 8285 §8), such as {@code a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid}.
 *
 * @param id the local identifier: 1 ~ 14 for one-byte headers, up to 255 for two-byte headers,
 *           4096 ~ 4351 for identifiers an answer must remap
 * @param direction the direction, if written
 * @param uri the extension's URI
 * @param extensionAttributes whatever follows the URI, if anything, as written
 */
public record ExtMap(int id, Optional<Direction> direction, String uri, Optional<String> extensionAttributes) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "extmap";
    private static final String EXPECTED = "<id>[/<direction>] <URI> [<extension attributes>], "
            + "e.g. 4 urn:ietf:params:rtp-hdrext:sdes:mid";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public ExtMap {
        Values.range(id, 1, 4351, "extmap id");
        Values.token(uri, "extension URI");
        extensionAttributes.ifPresent(a -> SdpLine.checkText(a, "extension attributes"));
    }

    /** A mapping without direction or extension attributes. */
    public ExtMap(int id, String uri) {
        this(id, Optional.empty(), uri, Optional.empty());
    }

    /** The {@code a=extmap} line. */
    public SdpLine toLine() {
        StringBuilder sb = new StringBuilder().append(id);
        direction.ifPresent(d -> sb.append('/').append(d.sdpValue()));
        sb.append(' ').append(uri);
        extensionAttributes.ifPresent(a -> sb.append(' ').append(a));
        return SdpLine.attribute(ATTRIBUTE, sb.toString());
    }

    static ExtMap parse(SdpLine line) {
        String[] f = Values.splitFirst(Values.attributeValue(line, EXPECTED));
        if (f.length != 2 || f[1].isBlank()) {
            throw SdpParseException.at(line, "no URI", EXPECTED);
        }
        String idPart = f[0];
        Optional<Direction> direction = Optional.empty();
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            String d = idPart.substring(slash + 1);
            direction = Optional.of(Direction.of(d).orElseThrow(() -> SdpParseException.at(line,
                    "unknown direction '" + d + "'", "sendrecv, sendonly, recvonly or inactive")));
            idPart = idPart.substring(0, slash);
        }
        int id = (int) Values.number(line, idPart, 1, 4351, "extmap id");
        String[] rest = Values.splitFirst(f[1]);
        Optional<String> attrs = rest.length == 2 && !rest[1].isBlank() ? Optional.of(rest[1]) : Optional.empty();
        return new ExtMap(id, direction, rest[0], attrs);
    }
}
