package org.rtc4j.datachannel;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The settings of a channel to create, the W3C {@code RTCDataChannelInit}. Start from
 * {@link #DEFAULT} and change it with the {@code with*} methods:
 * {@code DataChannelInit.DEFAULT.withOrdered(false).withMaxRetransmits(0)}.
 *
 * <p>Validated as {@code createDataChannel} validates it: setting both limits, a value outside its
 * range, or a negotiated channel without an id throws {@link IllegalArgumentException} (a
 * {@code TypeError} in the spec).
 *
 * @param ordered whether messages arrive in the order sent
 * @param maxPacketLifeTime the milliseconds during which a message is retransmitted, 0 ~ 65535 (RFC 3758
 *                          timed reliability); empty for no limit
 * @param maxRetransmits the retransmissions after which a message is abandoned, 0 ~ 65535; empty for no limit
 * @param protocol the subprotocol, at most 65535 bytes of UTF-8
 * @param negotiated whether the application opens the channel on both sides with the same id, without DCEP
 * @param id the stream id of a negotiated channel, 0 ~ 65534; ignored when not negotiated (the transport
 *           picks one by its DTLS role)
 * @param priority the channel's priority
 */
public record DataChannelInit(boolean ordered, OptionalInt maxPacketLifeTime, OptionalInt maxRetransmits,
                              String protocol, boolean negotiated, OptionalInt id, DataChannelPriority priority) {
    /** The most a limit may be (the W3C {@code unsigned short}). */
    public static final int MAX_LIMIT = 65535;
    /** The highest stream id a channel may have (the W3C's 65534; 65535 is reserved). */
    public static final int MAX_ID = 65534;

    /** Reliable, ordered, no protocol, not negotiated, low priority: the W3C defaults. */
    public static final DataChannelInit DEFAULT = new DataChannelInit(true, OptionalInt.empty(), OptionalInt.empty(),
            "", false, OptionalInt.empty(), DataChannelPriority.LOW);

    public DataChannelInit {
        Objects.requireNonNull(maxPacketLifeTime, "maxPacketLifeTime");
        Objects.requireNonNull(maxRetransmits, "maxRetransmits");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(priority, "priority");
        if (maxPacketLifeTime.isPresent() && maxRetransmits.isPresent()) {
            throw new IllegalArgumentException("maxPacketLifeTime " + maxPacketLifeTime.getAsInt()
                    + " and maxRetransmits " + maxRetransmits.getAsInt() + " are both set (expected: at most one)");
        }
        checkRange("maxPacketLifeTime", maxPacketLifeTime, MAX_LIMIT);
        checkRange("maxRetransmits", maxRetransmits, MAX_LIMIT);
        checkRange("id", id, MAX_ID);
        if (negotiated && id.isEmpty()) {
            throw new IllegalArgumentException("a negotiated channel has no id (expected: an id 0 ~ 65534)");
        }
        Utf8.checkFieldLength("protocol", protocol);
    }

    private static void checkRange(String name, OptionalInt value, int max) {
        if (value.isPresent() && (value.getAsInt() < 0 || value.getAsInt() > max)) {
            throw new IllegalArgumentException(name + " " + value.getAsInt() + " (expected: 0 ~ " + max + ")");
        }
    }

    /** These settings, ordered or not. */
    public DataChannelInit withOrdered(boolean newOrdered) {
        return new DataChannelInit(newOrdered, maxPacketLifeTime, maxRetransmits, protocol, negotiated, id, priority);
    }

    /** These settings with messages abandoned {@code millis} after sending. */
    public DataChannelInit withMaxPacketLifeTime(int millis) {
        return new DataChannelInit(ordered, OptionalInt.of(millis), maxRetransmits, protocol, negotiated, id, priority);
    }

    /** These settings with messages abandoned after {@code count} retransmissions. */
    public DataChannelInit withMaxRetransmits(int count) {
        return new DataChannelInit(ordered, maxPacketLifeTime, OptionalInt.of(count), protocol, negotiated, id, priority);
    }

    /** These settings with a subprotocol. */
    public DataChannelInit withProtocol(String newProtocol) {
        return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, newProtocol, negotiated, id, priority);
    }

    /** These settings for a channel negotiated by the application on stream {@code streamId}. */
    public DataChannelInit withNegotiatedId(int streamId) {
        return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, true, OptionalInt.of(streamId),
                priority);
    }

    /** These settings with another priority. */
    public DataChannelInit withPriority(DataChannelPriority newPriority) {
        return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, negotiated, id, newPriority);
    }

    /** The DCEP channel type for these settings (RFC 8832 §5.1). */
    public ChannelType channelType() {
        return ChannelType.of(ordered, maxRetransmits.isPresent(), maxPacketLifeTime.isPresent());
    }
}
