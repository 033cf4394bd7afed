package org.rtc4j.sctp;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded, sans-IO network path for two associations: per-direction latency, jitter, loss,
 * duplication and a bandwidth limit (reordering follows from jitter). Packets are copied in and
 * released at their delivery time; the same seed gives the same run.
 */
final class SimulatedLink {
    /** Conditions of both directions. */
    record Conditions(long latencyNanos, long jitterNanos, double loss, double duplication, long bitsPerSecond) {
        static final Conditions PERFECT = new Conditions(0, 0, 0, 0, 0);

        static Conditions of(long latencyMillis, long jitterMillis, double loss, double duplication, long bitsPerSecond) {
            return new Conditions(latencyMillis * 1_000_000, jitterMillis * 1_000_000, loss, duplication, bitsPerSecond);
        }
    }

    /** A packet on its way. */
    record Packet(long deliverAt, long seq, boolean toB, byte[] data) {
    }

    private final PriorityQueue<Packet> queue = new PriorityQueue<>((x, y) -> x.deliverAt != y.deliverAt
            ? Long.compare(x.deliverAt, y.deliverAt) : Long.compare(x.seq, y.seq));
    private final SplittableRandom random;
    private Conditions conditions;
    private long seq;
    private final long[] busyUntil = new long[2];
    private long sent;
    private long lost;
    private boolean blocked;

    SimulatedLink(long seed, Conditions conditions) {
        this.random = new SplittableRandom(seed);
        this.conditions = conditions;
    }

    void setConditions(Conditions conditions) {
        this.conditions = conditions;
    }

    /** Drops everything from now on (a peer that went silent), or stops doing so. */
    void setBlocked(boolean blocked) {
        this.blocked = blocked;
    }

    void send(long now, boolean toB, byte[] data, int len) {
        sent++;
        if (blocked || random.nextDouble() < conditions.loss()) {
            lost++;
            return;
        }
        int copies = random.nextDouble() < conditions.duplication() ? 2 : 1;
        int dir = toB ? 1 : 0;
        long start = now;
        if (conditions.bitsPerSecond() > 0) {
            start = Math.max(now, busyUntil[dir]) + len * 8L * 1_000_000_000L / conditions.bitsPerSecond();
            busyUntil[dir] = start;
        }
        for (int i = 0; i < copies; i++) {
            long jitter = conditions.jitterNanos() == 0 ? 0 : random.nextLong(conditions.jitterNanos() + 1);
            queue.add(new Packet(start + conditions.latencyNanos() + jitter, seq++, toB, java.util.Arrays.copyOf(data, len)));
        }
    }

    long nextDelivery() {
        Packet p = queue.peek();
        return p == null ? Long.MAX_VALUE : p.deliverAt();
    }

    Packet poll(long now) {
        Packet p = queue.peek();
        return p != null && p.deliverAt() <= now ? queue.poll() : null;
    }

    long sent() {
        return sent;
    }

    long lost() {
        return lost;
    }
}
