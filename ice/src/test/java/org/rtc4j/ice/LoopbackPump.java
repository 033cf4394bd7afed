package org.rtc4j.ice;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/**
 * The smallest simulated network for agent tests: agents exchange their transmits with a fixed
 * latency on virtual time, and a filter may drop datagrams. Deterministic: no clock, no threads.
 */
final class LoopbackPump {
    private record InFlight(Instant at, long seq, Transmit transmit) {
    }

    private final List<IceAgent> agents = new ArrayList<>();
    private final List<List<InetSocketAddress>> owned = new ArrayList<>();
    private final PriorityQueue<InFlight> inFlight =
            new PriorityQueue<>(Comparator.comparing(InFlight::at).thenComparingLong(InFlight::seq));
    private final Duration latency;
    private Predicate<Transmit> drop = t -> false;
    private Instant now;
    private long seq;
    final List<IceEvent> eventsA = new ArrayList<>();
    final List<IceEvent> eventsB = new ArrayList<>();

    LoopbackPump(Instant start, Duration latency) {
        this.now = start;
        this.latency = latency;
    }

    void add(IceAgent agent, InetSocketAddress... addresses) {
        agents.add(agent);
        owned.add(List.of(addresses));
    }

    void dropWhen(Predicate<Transmit> filter) {
        this.drop = filter;
    }

    Instant now() {
        return now;
    }

    private InetSocketAddress mdnsSocket(int agent) {
        return new InetSocketAddress(owned.get(agent).get(0).getAddress(), Mdns.PORT);
    }

    /** Drains transmits and events of every agent. */
    void drain() {
        for (int i = 0; i < agents.size(); i++) {
            IceAgent a = agents.get(i);
            for (Optional<Transmit> t = a.pollTransmit(); t.isPresent(); t = a.pollTransmit()) {
                // mDNS datagrams leave from the agent's port-5353 socket, as a driver's would.
                Transmit out = t.get().source() == null ? new Transmit(mdnsSocket(i), t.get().destination(), t.get().data()) : t.get();
                if (!drop.test(out)) {
                    inFlight.add(new InFlight(now.plus(latency), seq++, out));
                }
            }
            List<IceEvent> sink = i == 0 ? eventsA : eventsB;
            for (Optional<IceEvent> e = a.pollEvent(); e.isPresent(); e = a.pollEvent()) {
                sink.add(e.get());
            }
        }
    }

    /** Advances to the next deadline; false when nothing is pending. */
    boolean step() {
        drain();
        Instant next = inFlight.isEmpty() ? null : inFlight.peek().at();
        for (IceAgent a : agents) {
            Optional<Instant> t = a.pollTimeout();
            if (t.isPresent() && (next == null || t.get().isBefore(next))) {
                next = t.get();
            }
        }
        if (next == null) {
            return false;
        }
        if (next.isAfter(now)) {
            now = next;
        }
        while (!inFlight.isEmpty() && !inFlight.peek().at().isAfter(now)) {
            Transmit t = inFlight.poll().transmit();
            boolean multicast = t.destination().equals(Mdns.IPV4_GROUP);
            for (int i = 0; i < agents.size(); i++) {
                InetSocketAddress mdnsSocket = mdnsSocket(i);
                if (multicast && !mdnsSocket.equals(t.source())) {
                    agents.get(i).handleMdns(now, new Datagram(t.source(), t.destination(), t.data()));
                } else if (t.destination().equals(mdnsSocket)) {
                    agents.get(i).handleMdns(now, new Datagram(t.source(), t.destination(), t.data()));
                } else if (owned.get(i).contains(t.destination())) {
                    agents.get(i).handleReceive(now, new Datagram(t.source(), t.destination(), t.data()));
                }
            }
        }
        for (IceAgent a : agents) {
            Optional<Instant> t = a.pollTimeout();
            if (t.isPresent() && !t.get().isAfter(now)) {
                a.handleTimeout(now);
            }
        }
        drain();
        return true;
    }

    /** Runs until the condition holds or {@code limit} of virtual time passes; returns the condition. */
    boolean runUntil(BooleanSupplier condition, Duration limit) {
        Instant end = now.plus(limit);
        while (!condition.getAsBoolean() && now.isBefore(end)) {
            if (!step()) {
                return condition.getAsBoolean();
            }
        }
        return condition.getAsBoolean();
    }

    /** Runs for a span of virtual time. */
    void runFor(Duration span) {
        Instant end = now.plus(span);
        while (step() && now.isBefore(end)) {
            // keep stepping
        }
        if (now.isBefore(end)) {
            now = end;
        }
    }
}
