package org.rtc4j.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A media stream identification {@code a=msid:<stream id> [<track id>]} (RFC 8830 §2): the
 * {@code MediaStream} a track belongs to ({@code -} for none) and, in older SDP, the track's id.
 *
 * @param streamId the stream id, {@code -} for a track without a stream
 * @param trackId the "appdata", the sender's track id, if written
 */
public record Msid(String streamId, Optional<String> trackId) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "msid";
    private static final String EXPECTED = "<stream id> [<track id>], e.g. - 7e1c...";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public Msid {
        Values.token(streamId, "stream id");
        trackId.ifPresent(t -> Values.token(t, "track id"));
    }

    /** {@code a=msid:<stream id> <track id>}. */
    public Msid(String streamId, String trackId) {
        this(streamId, Optional.of(trackId));
    }

    /** The {@code a=msid} line. */
    public SdpLine toLine() {
        return SdpLine.attribute(ATTRIBUTE, trackId.map(t -> streamId + ' ' + t).orElse(streamId));
    }

    static Msid parse(SdpLine line) {
        List<String> f = Values.fields(Values.attributeValue(line, EXPECTED));
        if (f.isEmpty() || f.size() > 2) {
            throw SdpParseException.at(line, "the msid has " + f.size() + " fields", EXPECTED);
        }
        return new Msid(f.get(0), f.size() == 2 ? Optional.of(f.get(1)) : Optional.empty());
    }
}
