package org.rtc4j.stun;

import java.time.Duration;

/**
 * When a client transaction resends its request and when it gives up (RFC 8489 §6.2.1, §6.2.2).
 *
 * <p>Over UDP the request is sent at 0, RTO, 3 RTO, 7 RTO, ... (the interval doubling, capped at
 * {@code maxRto}) until {@code maxSends} requests have gone out (Rc), then the transaction fails
 * {@code finalWaitMultiplier} x RTO after the last one (Rm). With the defaults (500 ms, Rc = 7,
 * Rm = 16) that is 39.5 s. Over TCP or TLS nothing is resent and the transaction fails after
 * {@code reliableTimeout} (Ti, 39.5 s).
 *
 * @param initialRto          the first retransmission timeout (RTO)
 * @param maxSends            Rc, the number of requests sent in all (expected: at least 1)
 * @param finalWaitMultiplier Rm, how many initial RTOs to wait after the last request
 * @param maxRto              the cap on the doubling interval
 * @param reliable            whether the transport is reliable (TCP, TLS): send once, wait {@code reliableTimeout}
 * @param reliableTimeout     Ti
 */
public record RetransmissionPolicy(Duration initialRto, int maxSends, int finalWaitMultiplier, Duration maxRto,
                                   boolean reliable, Duration reliableTimeout) {
    /** RFC 8489's defaults over UDP: RTO 500 ms, Rc = 7, Rm = 16, no cap. */
    public static final RetransmissionPolicy UDP_DEFAULT = new RetransmissionPolicy(
            Duration.ofMillis(500), 7, 16, Duration.ofDays(1), false, Duration.ofMillis(39_500));
    /** RFC 8489's default over TCP and TLS: one request, Ti = 39.5 s. */
    public static final RetransmissionPolicy RELIABLE_DEFAULT = new RetransmissionPolicy(
            Duration.ofMillis(500), 1, 16, Duration.ofDays(1), true, Duration.ofMillis(39_500));

    public RetransmissionPolicy {
        if (initialRto == null || initialRto.isNegative() || initialRto.isZero()) {
            throw new IllegalArgumentException("initialRto " + initialRto + " (expected: positive)");
        }
        if (maxSends < 1) {
            throw new IllegalArgumentException("maxSends " + maxSends + " (expected: at least 1)");
        }
        if (finalWaitMultiplier < 0) {
            throw new IllegalArgumentException("finalWaitMultiplier " + finalWaitMultiplier + " (expected: 0 or more)");
        }
        if (maxRto == null || maxRto.compareTo(initialRto) < 0) {
            throw new IllegalArgumentException("maxRto " + maxRto + " (expected: at least initialRto " + initialRto + ")");
        }
        if (reliableTimeout == null || reliableTimeout.isNegative() || reliableTimeout.isZero()) {
            throw new IllegalArgumentException("reliableTimeout " + reliableTimeout + " (expected: positive)");
        }
    }

    /** This policy with another initial RTO. */
    public RetransmissionPolicy withInitialRto(Duration rto) {
        return new RetransmissionPolicy(rto, maxSends, finalWaitMultiplier, maxRto.compareTo(rto) < 0 ? rto : maxRto,
                reliable, reliableTimeout);
    }

    /** This policy with another Rc. */
    public RetransmissionPolicy withMaxSends(int sends) {
        return new RetransmissionPolicy(initialRto, sends, finalWaitMultiplier, maxRto, reliable, reliableTimeout);
    }

    /** This policy with the interval capped. */
    public RetransmissionPolicy withMaxRto(Duration cap) {
        return new RetransmissionPolicy(initialRto, maxSends, finalWaitMultiplier, cap, reliable, reliableTimeout);
    }

    /**
     * How long to wait after send number {@code sent} (1 for the first) before the next step:
     * a retransmission, or the end of the transaction once all sends are used.
     */
    Duration waitAfterSend(int sent) {
        if (reliable) {
            return reliableTimeout;
        }
        if (sent >= maxSends) {
            return initialRto.multipliedBy(finalWaitMultiplier);
        }
        long nanos = initialRto.toNanos();
        for (int i = 1; i < sent && nanos < maxRto.toNanos(); i++) {
            nanos = nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, maxRto.toNanos()));
    }
}
