package org.rtc4j.sdp;

import java.util.List;

/**
 * A timing line {@code t=<start-time> <stop-time>} (RFC 8866 §5.9), NTP seconds; WebRTC always
 * writes {@code t=0 0}, an unbounded session.
 *
 * @param start the start time, 0 for unbounded
 * @param stop the stop time, 0 for unbounded
 */
public record Timing(long start, long stop) {
    /** {@code t=0 0}. */
    public static final Timing UNBOUNDED = new Timing(0, 0);

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public Timing {
        Values.range(start, 0, Long.MAX_VALUE, "start time");
        Values.range(stop, 0, Long.MAX_VALUE, "stop time");
    }

    /** The {@code t=} line. */
    public SdpLine toLine() {
        return SdpLine.of('t', start + " " + stop);
    }

    static Timing parse(SdpLine line) {
        List<String> f = Values.fields(line.value());
        if (f.size() != 2) {
            throw SdpParseException.at(line, "the t-line has " + f.size() + " fields", "<start-time> <stop-time>, e.g. 0 0");
        }
        return new Timing(Values.number(line, f.get(0), 0, Long.MAX_VALUE, "start time"),
                Values.number(line, f.get(1), 0, Long.MAX_VALUE, "stop time"));
    }
}
