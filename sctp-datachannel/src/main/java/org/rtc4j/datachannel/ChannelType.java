package org.rtc4j.datachannel;

import java.util.Optional;

/**
 * The channel type of a DATA_CHANNEL_OPEN message (RFC 8832 §5.1): ordered or not, and reliable,
 * partially reliable by retransmission count, or partially reliable by lifetime. The high bit
 * (0x80) means unordered; the low bits give the reliability.
 */
public enum ChannelType {
    /** 0x00: reliable, ordered. */
    RELIABLE(0x00),
    /** 0x80: reliable, unordered. */
    RELIABLE_UNORDERED(0x80),
    /** 0x01: ordered, abandoned after the reliability parameter's number of retransmissions. */
    PARTIAL_RELIABLE_REXMIT(0x01),
    /** 0x81: unordered, abandoned after the reliability parameter's number of retransmissions. */
    PARTIAL_RELIABLE_REXMIT_UNORDERED(0x81),
    /** 0x02: ordered, abandoned the reliability parameter's milliseconds after sending. */
    PARTIAL_RELIABLE_TIMED(0x02),
    /** 0x82: unordered, abandoned the reliability parameter's milliseconds after sending. */
    PARTIAL_RELIABLE_TIMED_UNORDERED(0x82);

    private static final int UNORDERED_BIT = 0x80;

    private final int code;

    ChannelType(int code) {
        this.code = code;
    }

    /** The wire value, 0 ~ 255. */
    public int code() {
        return code;
    }

    /** Whether messages may be delivered out of order. */
    public boolean unordered() {
        return (code & UNORDERED_BIT) != 0;
    }

    /** Whether the reliability parameter is a retransmission count. */
    public boolean limitsRetransmits() {
        return (code & 0x7F) == 0x01;
    }

    /** Whether the reliability parameter is a lifetime in milliseconds. */
    public boolean limitsLifetime() {
        return (code & 0x7F) == 0x02;
    }

    /** The type with this wire value, or empty for a value RFC 8832 does not define. */
    public static Optional<ChannelType> fromCode(int code) {
        for (ChannelType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The type for a channel's settings.
     *
     * @throws IllegalArgumentException when both limits are asked for
     */
    public static ChannelType of(boolean ordered, boolean limitRetransmits, boolean limitLifetime) {
        if (limitRetransmits && limitLifetime) {
            throw new IllegalArgumentException("a channel limits retransmissions or lifetime (expected: at most one)");
        }
        int reliability = limitRetransmits ? 0x01 : limitLifetime ? 0x02 : 0x00;
        return fromCode(reliability | (ordered ? 0 : UNORDERED_BIT)).orElseThrow();
    }
}
