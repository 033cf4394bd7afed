package org.rtc4j.rtp;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded, sans-IO network path between endpoint A and endpoint B: per-packet one-way latency,
 * jitter (which reorders), loss and duplication. Packets are copied in and released at their
 * delivery time; the same seed gives the same run. Times are nanoseconds.
 */
final class SimulatedLink {
    record Conditions(long latencyNanos, long jitterNanos, double loss, double duplication) {
        static Conditions of(long latencyMillis, long jitterMillis, double loss, double duplication) {
            return new Conditions(latencyMillis * 1_000_000, jitterMillis * 1_000_000, loss, duplication);
        }
    }

    record Packet(long deliverAt, long order, boolean toB, byte[] data) {
    }

    private final PriorityQueue<Packet> queue = new PriorityQueue<>((x, y) -> x.deliverAt != y.deliverAt
            ? Long.compare(x.deliverAt, y.deliverAt) : Long.compare(x.order, y.order));
    private final SplittableRandom random;
    private final Conditions conditions;
    private long order;
    private long sent;
    private long lost;

    SimulatedLink(long seed, Conditions conditions) {
        this.random = new SplittableRandom(seed);
        this.conditions = conditions;
    }

    void send(long now, boolean toB, byte[] data, int off, int len) {
        sent++;
        if (random.nextDouble() < conditions.loss()) {
            lost++;
            return;
        }
        int copies = random.nextDouble() < conditions.duplication() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long jitter = conditions.jitterNanos() == 0 ? 0 : random.nextLong(conditions.jitterNanos() + 1);
            queue.add(new Packet(now + conditions.latencyNanos() + jitter, order++, toB, Arrays.copyOfRange(data, off, off + len)));
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
