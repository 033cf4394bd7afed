package org.rtc4j.sctp;

/**
 * A DATA chunk that has a TSN and is not yet cumulatively acknowledged: a slice of its message's
 * bytes plus the sender's bookkeeping (RFC 9260 §6.3, §7.2.4; RFC 3758 §3.5). Reused through a pool.
 */
final class SentChunk {
    long tsn;
    OutboundMessage message;
    int offset;
    int length;
    int flags;
    int ssn;
    long sentAt;
    int transmissions;
    int missIndications;
    /** Acknowledged by a gap block. */
    boolean acked;
    /** Waiting to be sent again. */
    boolean retransmit;
    /** Sent again by fast retransmit since the last T3 expiry (RFC 9260 §7.2.4: once only). */
    boolean fastRetransmitted;
    boolean abandoned;
    /** Counted in the flight size. */
    boolean inFlight;

    void clear() {
        message = null;
        acked = false;
        retransmit = false;
        fastRetransmitted = false;
        abandoned = false;
        inFlight = false;
        missIndications = 0;
        transmissions = 0;
    }

    int stream() {
        return message.stream;
    }
}
