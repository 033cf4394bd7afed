package org.rtc4j.rtp;

import java.time.Instant;
import java.util.Optional;

/**
 * One processing stage between the RTP streams and the transport, in the manner of Pion's
 * interceptors but sans-IO: instead of background tickers, a stage has timers ({@link #pollTimeout},
 * {@link #handleTimeout}) and queued output ({@link #pollRtcp}). Stages are composed by
 * {@link InterceptorChain}. Every method has a no-op default, so a stage implements only what it
 * observes.
 *
 * <p>Buffer ownership: packets are views over the caller's buffers, valid only during the call; an
 * outgoing packet may be changed in place (extension values, not lengths).
 */
public interface RtpInterceptor {
    /** An RTP packet about to be sent (after packetization, before SRTP). */
    default void handleOutgoingRtp(Instant now, RtpPacket packet) {
    }

    /** An RTP packet received (after SRTP). */
    default void handleIncomingRtp(Instant now, RtpPacket packet) {
    }

    /** An RTCP packet received (after SRTCP), one of a compound. */
    default void handleIncomingRtcp(Instant now, RtcpPacket packet) {
    }

    /** Runs timers; spurious calls are harmless. */
    default void handleTimeout(Instant now) {
    }

    /** RTCP this stage wants sent, encoded. */
    default Optional<byte[]> pollRtcp() {
        return Optional.empty();
    }

    /** The earliest time this stage has work. */
    default Optional<Instant> pollTimeout() {
        return Optional.empty();
    }
}
