package org.rtc4j.datachannel;

/**
 * A channel's priority, the W3C {@code RTCPriorityType}, and the value DCEP carries for it (RFC 8831
 * §6.4, RFC 8832 §5.1; WebRTC priority control: 128, 256, 512, 1024). {@link #toString()} gives the
 * W3C string.
 */
public enum DataChannelPriority {
    VERY_LOW("very-low", 128),
    LOW("low", 256),
    MEDIUM("medium", 512),
    HIGH("high", 1024);

    private final String w3c;
    private final int dcepValue;

    DataChannelPriority(String w3c, int dcepValue) {
        this.w3c = w3c;
        this.dcepValue = dcepValue;
    }

    /** The priority field of a DATA_CHANNEL_OPEN. */
    public int dcepValue() {
        return dcepValue;
    }

    /**
     * The priority of a received DATA_CHANNEL_OPEN, whose field may hold any value: the highest level
     * whose DCEP value is at or below it ({@link #VERY_LOW} for anything below 256).
     */
    public static DataChannelPriority fromDcep(int value) {
        DataChannelPriority result = VERY_LOW;
        for (DataChannelPriority p : values()) {
            if (value >= p.dcepValue) {
                result = p;
            }
        }
        return result;
    }

    /** The W3C string: "very-low", "low", "medium" or "high". */
    @Override
    public String toString() {
        return w3c;
    }
}
