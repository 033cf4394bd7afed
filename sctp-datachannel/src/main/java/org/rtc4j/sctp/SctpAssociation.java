package org.rtc4j.sctp;

import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One SCTP association over DTLS (RFC 9260, RFC 8261), as a sans-IO state machine: packets in with
 * {@link #handleReceive}, packets out with {@link #pollTransmit}, timers with {@link #handleTimeout}
 * and {@link #pollTimeout}, and what the user must know with {@link #pollEvent}. Driven by
 * <em>mutate, then drain</em>: after any call that takes input, drain {@code pollTransmit} and
 * {@code pollEvent} until empty, then wait until {@code pollTimeout}.
 *
 * <p>Both WebRTC peers call {@link #connect} (RFC 8841: both send INIT); the collision is resolved by
 * RFC 9260 §5.2. Not thread-safe: one association belongs to one event loop.
 *
 * <p>API under construction: this version declares the surface; the implementation lands next.
 */
public final class SctpAssociation {
    /**
     * @param random the source of verification tags, initial TSNs and the cookie secret (a
     *               {@link java.security.SecureRandom} in production; seeded in simulations)
     */
    public SctpAssociation(SctpConfig config, RandomGenerator random) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Starts the association: sends INIT (RFC 9260 §5.1). */
    public void connect(Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Takes one SCTP packet (a DTLS application-data record's payload). Never throws for any bytes:
     * malformed packets are dropped and counted. Copies what it keeps; the caller may reuse the buffer.
     */
    public void handleReceive(Instant now, byte[] buf, int off, int len) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Runs the timers due at {@code now}; a spurious call is a harmless no-op. */
    public void handleTimeout(Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Queues one user message on a stream (copied). Allowed once {@link #connect} was called and
     * until {@link #shutdown}: before the association is up, messages wait.
     *
     * @throws IllegalArgumentException for a stream outside the negotiated outbound streams, an empty
     *                                  message, or one larger than the peer's max-message-size
     * @throws IllegalStateException when the send buffer is full, the stream is being reset, or the
     *                               association is shutting down or closed
     */
    public void send(Instant now, int streamId, long ppid, byte[] data, int off, int len, SendOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The bytes of a stream's messages not yet sent for the first time (the W3C bufferedAmount). */
    public long bufferedAmount(int streamId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Emit {@link SctpEvent.BufferedAmountLow} when the stream's buffered amount falls to {@code threshold} or below. */
    public void setBufferedAmountLowThreshold(int streamId, long threshold) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Resets outgoing streams (RFC 6525 §5.1.2), how a data channel closes: queued messages on them
     * are sent first; {@link SctpEvent.OutgoingStreamsReset} reports completion.
     */
    public void resetStreams(Instant now, int... streamIds) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Starts a graceful shutdown (RFC 9260 §9.2) once queued data is delivered. */
    public void shutdown(Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Sends ABORT and closes at once (RFC 9260 §9.1). */
    public void abort(Instant now, String reason) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Writes the next packet into {@code out[off]} (room for {@link SctpConfig#maxPacketSize()} bytes).
     *
     * @return its length, or -1 when there is nothing to send
     */
    public int pollTransmit(byte[] out, int off) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The next packet to send, in a new array, if any. */
    public Optional<byte[]> pollTransmit() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The next event, if any. */
    public Optional<SctpEvent> pollEvent() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The earliest timer deadline, if any timer runs. */
    public Optional<Instant> pollTimeout() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The association's state. */
    public SctpState state() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The streams we may send on: the lesser of our outbound and the peer's inbound count (0 before setup). */
    public int outboundStreams() {
        throw new UnsupportedOperationException("not yet");
    }

    /** A snapshot of the counters. */
    public SctpStats stats() {
        throw new UnsupportedOperationException("not yet");
    }
}
