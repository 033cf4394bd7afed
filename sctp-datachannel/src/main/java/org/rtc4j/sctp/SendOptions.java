package org.rtc4j.sctp;

/**
 * How one message is sent: ordered or not, and its partial reliability (RFC 3758): abandoned after
 * {@code maxRetransmits} retransmissions or {@code maxLifetimeMillis} after {@code send}, whichever
 * is set (the data-channel rules allow at most one). A negative value means no limit.
 */
public record SendOptions(boolean unordered, int maxRetransmits, long maxLifetimeMillis) {
    /** Reliable and ordered. */
    public static final SendOptions RELIABLE = new SendOptions(false, -1, -1);

    /** Whether the message may be abandoned. */
    public boolean partiallyReliable() {
        return maxRetransmits >= 0 || maxLifetimeMillis >= 0;
    }
}
