package org.rtc4j.sctp;

/**
 * A user message on its way out: the sender's copy of the bytes, how far it has been fragmented into
 * DATA chunks, and its partial-reliability limits (RFC 3758). Its SSN is assigned when its first
 * fragment gets a TSN, so that a message abandoned before that leaves no hole in the stream.
 */
final class OutboundMessage {
    final int stream;
    final long ppid;
    final byte[] data;
    final boolean unordered;
    /** Retransmissions allowed per fragment, or -1 for no limit. */
    final int maxRetransmits;
    /** When the message is abandoned, in caller nanoseconds, or {@link Long#MAX_VALUE}. */
    final long expiresAt;
    int nextOffset;
    int ssn = -1;
    boolean abandoned;

    OutboundMessage(int stream, long ppid, byte[] data, boolean unordered, int maxRetransmits, long expiresAt) {
        this.stream = stream;
        this.ppid = ppid;
        this.data = data;
        this.unordered = unordered;
        this.maxRetransmits = maxRetransmits;
        this.expiresAt = expiresAt;
    }

    int unsent() {
        return data.length - nextOffset;
    }

    boolean partiallyReliable() {
        return maxRetransmits >= 0 || expiresAt != Long.MAX_VALUE;
    }
}
