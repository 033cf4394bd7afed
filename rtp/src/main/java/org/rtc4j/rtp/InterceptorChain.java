package org.rtc4j.rtp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link RtpInterceptor}s in order: input goes to each stage in turn, RTCP output is drained stage by
 * stage, and the timeout is the earliest of the stages'. Immutable list of stages; not thread-safe
 * (neither are the stages).
 */
public final class InterceptorChain implements RtpInterceptor {
    private final List<RtpInterceptor> stages;

    public InterceptorChain(List<? extends RtpInterceptor> stages) {
        this.stages = List.copyOf(stages);
    }

    public List<RtpInterceptor> stages() {
        return stages;
    }

    @Override
    public void handleOutgoingRtp(Instant now, RtpPacket packet) {
        for (RtpInterceptor s : stages) {
            s.handleOutgoingRtp(now, packet);
        }
    }

    @Override
    public void handleIncomingRtp(Instant now, RtpPacket packet) {
        for (RtpInterceptor s : stages) {
            s.handleIncomingRtp(now, packet);
        }
    }

    @Override
    public void handleIncomingRtcp(Instant now, RtcpPacket packet) {
        for (RtpInterceptor s : stages) {
            s.handleIncomingRtcp(now, packet);
        }
    }

    /** Decodes a compound RTCP packet and hands each part to every stage; false when it is malformed. */
    public boolean handleIncomingRtcp(Instant now, byte[] buf, int off, int len) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpPacket.decode(buf, off, len);
        } catch (RtpException e) {
            return false;
        }
        for (RtcpPacket p : packets) {
            handleIncomingRtcp(now, p);
        }
        return true;
    }

    @Override
    public void handleTimeout(Instant now) {
        for (RtpInterceptor s : stages) {
            s.handleTimeout(now);
        }
    }

    @Override
    public Optional<byte[]> pollRtcp() {
        for (RtpInterceptor s : stages) {
            Optional<byte[]> b = s.pollRtcp();
            if (b.isPresent()) {
                return b;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Instant> pollTimeout() {
        Instant earliest = null;
        for (RtpInterceptor s : stages) {
            Optional<Instant> t = s.pollTimeout();
            if (t.isPresent() && (earliest == null || t.get().isBefore(earliest))) {
                earliest = t.get();
            }
        }
        return Optional.ofNullable(earliest);
    }
}
