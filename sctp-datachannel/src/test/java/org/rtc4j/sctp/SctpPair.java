package org.rtc4j.sctp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Two associations joined by a {@link SimulatedLink} on simulated time: every step drains both
 * sides' packets into the link and their events into lists, then jumps to the earliest of the two
 * timers and the next delivery. Deterministic for a seed.
 */
final class SctpPair {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final SctpAssociation a;
    final SctpAssociation b;
    final SimulatedLink link;
    final List<SctpEvent> eventsA = new ArrayList<>();
    final List<SctpEvent> eventsB = new ArrayList<>();
    /** Whether to drain events (tests of flow control stop draining one side). */
    boolean drainA = true;
    boolean drainB = true;
    private final byte[] out;
    private long now;

    SctpPair(long seed, SctpConfig configA, SctpConfig configB, SimulatedLink.Conditions conditions) {
        SplittableRandom random = new SplittableRandom(seed);
        a = new SctpAssociation(configA, random.split());
        b = new SctpAssociation(configB, random.split());
        link = new SimulatedLink(seed, conditions);
        out = new byte[Math.max(configA.maxPacketSize(), configB.maxPacketSize())];
        now = nanos(T0);
    }

    SctpPair(long seed, SimulatedLink.Conditions conditions) {
        this(seed, SctpConfig.DEFAULT, SctpConfig.DEFAULT, conditions);
    }

    Instant now() {
        return Instant.ofEpochSecond(0, now);
    }

    /** Both sides connect (as WebRTC peers do) and run until both are established. */
    SctpPair connectBoth() {
        a.connect(now());
        b.connect(now());
        if (!runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, Duration.ofSeconds(60))) {
            throw new AssertionError("not established: " + a.state() + " / " + b.state());
        }
        return this;
    }

    /** Runs until the condition holds or {@code limit} of simulated time passes; returns the condition. */
    boolean runUntil(BooleanSupplier condition, Duration limit) {
        long deadline = now + limit.toNanos();
        while (true) {
            drain();
            if (condition.getAsBoolean()) {
                return true;
            }
            long next = Math.min(link.nextDelivery(), Math.min(timeout(a), timeout(b)));
            if (next == Long.MAX_VALUE || next > deadline) {
                now = Math.max(now, Math.min(deadline, next));
                return condition.getAsBoolean();
            }
            now = Math.max(now, next);
            SimulatedLink.Packet p;
            while ((p = link.poll(now)) != null) {
                (p.toB() ? b : a).handleReceive(now(), p.data(), 0, p.data().length);
            }
            if (timeout(a) <= now) {
                a.handleTimeout(now());
            }
            if (timeout(b) <= now) {
                b.handleTimeout(now());
            }
        }
    }

    /** Runs for a stretch of simulated time. */
    void runFor(Duration d) {
        runUntil(() -> false, d);
    }

    void drain() {
        boolean progress = true;
        while (progress) {
            progress = false;
            int n;
            while ((n = a.pollTransmit(out, 0)) >= 0) {
                link.send(now, true, out, n);
                progress = true;
            }
            while ((n = b.pollTransmit(out, 0)) >= 0) {
                link.send(now, false, out, n);
                progress = true;
            }
            Optional<SctpEvent> e;
            while (drainA && (e = a.pollEvent()).isPresent()) {
                eventsA.add(e.get());
                progress = true;
            }
            while (drainB && (e = b.pollEvent()).isPresent()) {
                eventsB.add(e.get());
                progress = true;
            }
        }
    }

    List<SctpEvent.Message> messages(List<SctpEvent> events) {
        return events.stream().filter(SctpEvent.Message.class::isInstance).map(SctpEvent.Message.class::cast).toList();
    }

    static <T extends SctpEvent> List<T> of(List<SctpEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static long timeout(SctpAssociation s) {
        return s.pollTimeout().map(SctpPair::nanos).orElse(Long.MAX_VALUE);
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
