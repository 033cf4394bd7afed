package org.rtc4j.ice.sim;

import java.time.Duration;

/**
 * The conditions of one host's access link, applied in each direction independently. A datagram
 * crosses the sender's link and then the receiver's link (and a NAT's link when one is set), so its
 * one-way delay is the sum of their latencies and each link's loss applies on the way.
 *
 * <p>Per link and direction a datagram is, in this order: dropped if larger than the MTU; lost with
 * probability {@code loss}; queued behind earlier datagrams and serialised at {@code bandwidthBitsPerSecond}
 * (dropped when {@code queueBytes} are already waiting); delayed by {@code latency} plus a uniform draw
 * in [-jitter, +jitter] (never below zero); and duplicated with probability {@code duplication}.
 * Jitter never reorders: a datagram never overtakes an earlier one on the same link. Reordering happens
 * only with {@code reorder} above zero: that fraction of datagrams is held back {@code reorderDelay}
 * longer and may be overtaken.
 *
 * <p>Bandwidth counts payload bytes only; zero bandwidth means unlimited and no queue.
 *
 * @param latency                the one-way delay this link adds
 * @param jitter                 the half-width of the uniform variation of the delay
 * @param loss                   the probability a datagram is lost, 0 to 1
 * @param duplication            the probability a datagram arrives twice, 0 to 1
 * @param reorder                the probability a datagram is held back and overtaken, 0 to 1
 * @param reorderDelay           how much longer a held-back datagram takes
 * @param bandwidthBitsPerSecond the serialisation rate; 0 for unlimited
 * @param queueBytes             the bound on bytes waiting for serialisation when bandwidth is limited
 * @param mtu                    the largest payload carried; 0 for unlimited
 */
public record LinkConditions(Duration latency, Duration jitter, double loss, double duplication, double reorder,
                             Duration reorderDelay, long bandwidthBitsPerSecond, int queueBytes, int mtu) {
    /** No delay, no loss, unlimited bandwidth: the datagram passes the link at the same instant. */
    public static final LinkConditions PERFECT = new LinkConditions(Duration.ZERO, Duration.ZERO, 0, 0, 0, Duration.ZERO, 0, 0, 0);
    /** What a host's link is unless configured otherwise: 10 ms, so a host-to-host path takes 20 ms. */
    public static final LinkConditions DEFAULT = PERFECT.withLatency(Duration.ofMillis(10));
    /** The queue bound {@link #withBandwidth(long)} uses: 64 KiB. */
    public static final int DEFAULT_QUEUE_BYTES = 64 * 1024;

    public LinkConditions {
        requireNonNegative("latency", latency);
        requireNonNegative("jitter", jitter);
        requireNonNegative("reorderDelay", reorderDelay);
        requireProbability("loss", loss);
        requireProbability("duplication", duplication);
        requireProbability("reorder", reorder);
        if (bandwidthBitsPerSecond < 0 || queueBytes < 0 || mtu < 0) {
            throw new IllegalArgumentException("bandwidth " + bandwidthBitsPerSecond + ", queue " + queueBytes
                    + ", mtu " + mtu + " (expected: none negative)");
        }
        if (bandwidthBitsPerSecond > 0 && queueBytes == 0) {
            throw new IllegalArgumentException("a limited bandwidth needs a queue of at least one byte");
        }
    }

    private static void requireNonNegative(String what, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " " + d + " (expected: zero or positive)");
        }
    }

    private static void requireProbability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " " + p + " (expected: 0 ~ 1)");
        }
    }

    /** Whether the link changes nothing, so the emulator can pass datagrams through at once. */
    public boolean isPerfect() {
        return latency.isZero() && jitter.isZero() && loss == 0 && duplication == 0 && reorder == 0
                && bandwidthBitsPerSecond == 0 && mtu == 0;
    }

    /** These conditions with another latency. */
    public LinkConditions withLatency(Duration latency) {
        return new LinkConditions(latency, jitter, loss, duplication, reorder, reorderDelay, bandwidthBitsPerSecond, queueBytes, mtu);
    }

    /** These conditions with another jitter. */
    public LinkConditions withJitter(Duration jitter) {
        return new LinkConditions(latency, jitter, loss, duplication, reorder, reorderDelay, bandwidthBitsPerSecond, queueBytes, mtu);
    }

    /** These conditions with another loss probability. */
    public LinkConditions withLoss(double loss) {
        return new LinkConditions(latency, jitter, loss, duplication, reorder, reorderDelay, bandwidthBitsPerSecond, queueBytes, mtu);
    }

    /** These conditions with another duplication probability. */
    public LinkConditions withDuplication(double duplication) {
        return new LinkConditions(latency, jitter, loss, duplication, reorder, reorderDelay, bandwidthBitsPerSecond, queueBytes, mtu);
    }

    /** These conditions with reordering: a fraction {@code probability} of datagrams held back by {@code delay}. */
    public LinkConditions withReordering(double probability, Duration delay) {
        return new LinkConditions(latency, jitter, loss, duplication, probability, delay, bandwidthBitsPerSecond, queueBytes, mtu);
    }

    /** These conditions with a bandwidth limit and a queue of {@link #DEFAULT_QUEUE_BYTES}. */
    public LinkConditions withBandwidth(long bitsPerSecond) {
        return withBandwidth(bitsPerSecond, DEFAULT_QUEUE_BYTES);
    }

    /** These conditions with a bandwidth limit and a queue bound in bytes. */
    public LinkConditions withBandwidth(long bitsPerSecond, int queueBytes) {
        return new LinkConditions(latency, jitter, loss, duplication, reorder, reorderDelay, bitsPerSecond, queueBytes, mtu);
    }

    /** These conditions with an MTU (largest payload); 0 for none. */
    public LinkConditions withMtu(int mtu) {
        return new LinkConditions(latency, jitter, loss, duplication, reorder, reorderDelay, bandwidthBitsPerSecond, queueBytes, mtu);
    }
}
