package org.rtc4j.sctp;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Prints two figures of the SCTP association that a JMH score would hide:
 * <ol>
 *   <li><b>in-memory throughput</b>: two associations in one thread, packets handed straight from one
 *       to the other (no DTLS, no loss), the sender keeping 16 KiB reliable ordered messages queued
 *       with buffered-amount flow control; wall-clock Gbit/s of user data delivered;</li>
 *   <li><b>goodput on simulated time</b>: the same transfer through the seeded simulated link with
 *       20 ms RTT and 1 % random loss at several path capacities, against the capacity and against
 *       the Mathis et al. bound for a Reno-style TCP at that loss and RTT
 *       (MSS / RTT * 1.22 / sqrt(p)).</li>
 * </ol>
 * Run: {@code java -cp jmh/target/benchmarks.jar org.rtc4j.sctp.SctpThroughputHarness [seconds]}.
 */
public final class SctpThroughputHarness {
    private static final int MESSAGE = 16 * 1024;

    private SctpThroughputHarness() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        inMemory(Math.max(1, seconds / 3), false);
        double gbps = inMemory(seconds, true);
        System.out.printf("in-memory, 16 KiB reliable ordered messages: %.2f Gbit/s of user data%n", gbps);
        for (long mbps : new long[] {10, 50, 200}) {
            goodput(mbps);
        }
    }

    /** Two associations, one thread, real time; returns Gbit/s delivered. */
    static double inMemory(double seconds, boolean print) {
        SplittableRandom random = new SplittableRandom(1);
        SctpConfig config = SctpConfig.DEFAULT.withZeroChecksum(false);
        SctpAssociation a = new SctpAssociation(config, random.split());
        SctpAssociation b = new SctpAssociation(config, random.split());
        byte[] message = new byte[MESSAGE];
        byte[] buf = new byte[config.maxPacketSize()];
        a.connect(Instant.now());
        b.connect(Instant.now());
        long delivered = 0;
        long messages = 0;
        long allocatedAtStart = 0;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long start = 0;
        long end = Long.MAX_VALUE;
        long packets = 0;
        while (true) {
            Instant now = Instant.now();
            long t = System.nanoTime();
            if (a.state() == SctpState.ESTABLISHED && start == 0) {
                allocatedAtStart = threads.getCurrentThreadAllocatedBytes();
                start = t;
                end = start + (long) (seconds * 1e9);
            }
            if (start != 0 && t >= end) {
                break;
            }
            if (a.state() == SctpState.ESTABLISHED) {
                while (a.bufferedAmount(0) < 4L * MESSAGE) {
                    a.send(now, 0, 53, message, 0, MESSAGE, SendOptions.RELIABLE);
                }
            }
            int n;
            boolean moved = false;
            while ((n = a.pollTransmit(buf, 0)) >= 0) {
                b.handleReceive(now, buf, 0, n);
                packets++;
                moved = true;
            }
            while ((n = b.pollTransmit(buf, 0)) >= 0) {
                a.handleReceive(now, buf, 0, n);
                moved = true;
            }
            Optional<SctpEvent> e;
            while ((e = b.pollEvent()).isPresent()) {
                if (e.get() instanceof SctpEvent.Message m && start != 0) {
                    delivered += m.data().length;
                    messages++;
                }
            }
            while (a.pollEvent().isPresent()) {
                moved = true;
            }
            if (!moved) {
                a.handleTimeout(now);
                b.handleTimeout(now);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedAtStart;
        if (print) {
            System.out.printf("  allocated %.0f bytes per 16 KiB message, sender's copy and receiver's message included "
                    + "(2 x 16400 is the floor)%n", (double) allocated / Math.max(1, messages));
            System.out.printf("  %d data packets, %.0f packets/s, %s%n", packets, packets / elapsed, a.stats());
        }
        return delivered * 8 / elapsed / 1e9;
    }

    /** A 60-second transfer on simulated time at {@code mbps}, 20 ms RTT, 1 % loss. */
    static void goodput(long mbps) {
        SctpPair pair = new SctpPair(2, SimulatedLink.Conditions.of(10, 0, 0.01, 0, mbps * 1_000_000));
        pair.connectBoth();
        byte[] message = new byte[MESSAGE];
        Instant start = pair.now();
        Duration length = Duration.ofSeconds(60);
        long[] delivered = {0};
        int seen = 0;
        while (Duration.between(start, pair.now()).compareTo(length) < 0) {
            while (pair.a.bufferedAmount(0) < 8L * MESSAGE) {
                pair.a.send(pair.now(), 0, 53, message, 0, MESSAGE, SendOptions.RELIABLE);
            }
            pair.runFor(Duration.ofMillis(10));
            var messages = pair.eventsB;
            for (; seen < messages.size(); seen++) {
                if (messages.get(seen) instanceof SctpEvent.Message m) {
                    delivered[0] += m.data().length;
                }
            }
            pair.eventsB.clear();
            pair.eventsA.clear();
            seen = 0;
        }
        double seconds = Duration.between(start, pair.now()).toNanos() / 1e9;
        double goodput = delivered[0] * 8 / seconds / 1e6;
        double mss = pair.a.config().maxPacketSize() - 12 - 16;
        double mathis = mss * 8 / 0.020 * 1.22 / Math.sqrt(0.01) / 1e6;
        System.out.printf("simulated %3d Mbit/s, RTT 20 ms, 1%% loss: goodput %.1f Mbit/s = %.0f%% of capacity, "
                + "%.0f%% of the Reno/TCP bound %.1f Mbit/s (retransmissions %d, fast %d, T3 %d)%n", mbps, goodput,
                100 * goodput / mbps, 100 * goodput / Math.min(mbps, mathis), Math.min(mbps, mathis),
                pair.a.stats().retransmissions(), pair.a.stats().fastRetransmits(), pair.a.stats().t3Expirations());
    }
}
