package org.rtc4j.ice.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One direction of one access link: its random stream, its bandwidth queue and the arrival time of
 * its last in-order datagram. The conditions are looked up on every datagram so that a test can
 * change them mid-run.
 */
final class LinkDirection {
    /** What happens to one datagram on this link: dropped, or its arrival at the far end. */
    record Fate(DropReason dropped, Instant arrival, boolean duplicated, boolean heldBack) {
    }

    private record Queued(Instant departure, int length) {
    }

    private final Supplier<LinkConditions> conditions;
    // Each direction draws from its own stream, so one link's traffic does not shift another's luck.
    private final SplittableRandom random;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;
    private Instant busyUntil;
    private Instant lastArrival;

    LinkDirection(Supplier<LinkConditions> conditions, SplittableRandom random) {
        this.conditions = conditions;
        this.random = random;
    }

    /** Whether a datagram crosses at once and unchanged. */
    boolean isPerfect() {
        return conditions.get().isPerfect();
    }

    /** Decides the fate of a datagram of {@code length} bytes that enters the link at {@code now}. */
    Fate carry(Instant now, int length) {
        LinkConditions c = conditions.get();
        if (c.mtu() > 0 && length > c.mtu()) {
            return new Fate(DropReason.TOO_BIG, null, false, false);
        }
        if (c.loss() > 0 && random.nextDouble() < c.loss()) {
            return new Fate(DropReason.LOSS, null, false, false);
        }
        Instant departure = now;
        if (c.bandwidthBitsPerSecond() > 0) {
            departure = serialise(now, length, c);
            if (departure == null) {
                return new Fate(DropReason.QUEUE_FULL, null, false, false);
            }
        }
        long delay = c.latency().toNanos();
        if (!c.jitter().isZero()) {
            long j = c.jitter().toNanos();
            delay = Math.max(0, delay + random.nextLong(-j, j + 1));
        }
        Instant arrival = departure.plusNanos(delay);
        boolean held = c.reorder() > 0 && random.nextDouble() < c.reorder();
        if (held) {
            // Exempt from the in-order clamp below, and not recorded in it, so later datagrams overtake it.
            arrival = arrival.plus(c.reorderDelay());
        } else {
            // Jitter alone must not reorder: never arrive before the previous in-order datagram.
            if (lastArrival != null && arrival.isBefore(lastArrival)) {
                arrival = lastArrival;
            }
            lastArrival = arrival;
        }
        boolean duplicated = c.duplication() > 0 && random.nextDouble() < c.duplication();
        return new Fate(null, arrival, duplicated, held);
    }

    /** Queues the datagram for serialisation; returns when its last bit leaves, or null when the queue is full. */
    private Instant serialise(Instant now, int length, LinkConditions c) {
        while (!queue.isEmpty() && !queue.peek().departure().isAfter(now)) {
            queuedBytes -= queue.poll().length();
        }
        if (queuedBytes + length > c.queueBytes()) {
            return null;
        }
        Instant start = busyUntil == null || busyUntil.isBefore(now) ? now : busyUntil;
        long bps = c.bandwidthBitsPerSecond();
        long nanos = (length * 8L * 1_000_000_000L + bps - 1) / bps;
        busyUntil = start.plusNanos(nanos);
        queue.add(new Queued(busyUntil, length));
        queuedBytes += length;
        return busyUntil;
    }
}
