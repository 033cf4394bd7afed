package org.rtc4j.sdp;

import java.util.OptionalInt;

/**
 * An RTP payload mapping {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]}
 * (RFC 8866 §6.6), such as {@code a=rtpmap:111 opus/48000/2} or {@code a=rtpmap:96 VP8/90000}.
 *
 * @param payloadType the RTP payload type, 0 ~ 127
 * @param encodingName the encoding name as written (compare case-insensitively)
 * @param clockRate the RTP clock rate in Hz
 * @param channels the number of audio channels, if written
 */
public record RtpMap(int payloadType, String encodingName, long clockRate, OptionalInt channels) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "rtpmap";
    private static final String EXPECTED = "<payload type> <encoding name>/<clock rate>[/<channels>], e.g. 111 opus/48000/2";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public RtpMap {
        Values.range(payloadType, 0, 127, "payload type");
        Values.token(encodingName, "encoding name");
        if (encodingName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("encoding name '" + encodingName + "' holds '/' (expected: " + EXPECTED + ")");
        }
        Values.range(clockRate, 1, 0xFFFFFFFFL, "clock rate");
        channels.ifPresent(c -> Values.range(c, 1, 255, "channels"));
    }

    /** A mapping without a channel count, as video writes it. */
    public RtpMap(int payloadType, String encodingName, long clockRate) {
        this(payloadType, encodingName, clockRate, OptionalInt.empty());
    }

    /** The {@code a=rtpmap} line. */
    public SdpLine toLine() {
        String v = payloadType + " " + encodingName + '/' + clockRate;
        return SdpLine.attribute(ATTRIBUTE, channels.isPresent() ? v + '/' + channels.getAsInt() : v);
    }

    static RtpMap parse(SdpLine line) {
        String[] f = Values.splitFirst(Values.attributeValue(line, EXPECTED));
        if (f.length != 2) {
            throw SdpParseException.at(line, "no encoding", EXPECTED);
        }
        int pt = (int) Values.number(line, f[0], 0, 127, "payload type");
        String[] enc = f[1].strip().split("/", -1);
        if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty() || enc[0].indexOf(' ') >= 0) {
            throw SdpParseException.at(line, "the encoding is not <name>/<clock rate>[/<channels>]", EXPECTED);
        }
        long rate = Values.number(line, enc[1], 1, 0xFFFFFFFFL, "clock rate");
        OptionalInt channels = enc.length == 3
                ? OptionalInt.of((int) Values.number(line, enc[2], 1, 255, "channels")) : OptionalInt.empty();
        return new RtpMap(pt, enc[0], rate, channels);
    }
}
