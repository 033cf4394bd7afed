package org.rtc4j.ice;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/**
 * A simulated link for mDNS tests on virtual time: each node is a resolver or a responder behind a
 * socket address. A transmit to a group reaches every node bound to port 5353 (the sender too, as
 * with IP_MULTICAST_LOOP); a unicast transmit reaches the node with that address. A fixed latency,
 * an optional drop filter, no clock, no threads.
 */
final class MdnsTestPump {
    /** The sans-IO surface both machines share. */
    interface Node {
        void receive(Instant now, Datagram in);

        void timeout(Instant now);

        Optional<Transmit> transmit();

        Optional<Instant> deadline();
    }

    private record Bound(InetSocketAddress address, Node node) {
    }

    private record InFlight(Instant at, long seq, InetSocketAddress from, Transmit transmit) {
    }

    private final List<Bound> nodes = new ArrayList<>();
    private final PriorityQueue<InFlight> inFlight =
            new PriorityQueue<>(Comparator.comparing(InFlight::at).thenComparingLong(InFlight::seq));
    private final Duration latency;
    private Predicate<Transmit> drop = t -> false;
    private Instant now;
    private long seq;
    final List<Transmit> sent = new ArrayList<>();

    MdnsTestPump(Instant start, Duration latency) {
        this.now = start;
        this.latency = latency;
    }

    static Node of(MdnsResolver r) {
        return new Node() {
            public void receive(Instant now, Datagram in) {
                r.handleReceive(now, in);
            }

            public void timeout(Instant now) {
                r.handleTimeout(now);
            }

            public Optional<Transmit> transmit() {
                return r.pollTransmit();
            }

            public Optional<Instant> deadline() {
                return r.pollTimeout();
            }
        };
    }

    static Node of(MdnsResponder r) {
        return new Node() {
            public void receive(Instant now, Datagram in) {
                r.handleReceive(now, in);
            }

            public void timeout(Instant now) {
                r.handleTimeout(now);
            }

            public Optional<Transmit> transmit() {
                return r.pollTransmit();
            }

            public Optional<Instant> deadline() {
                return r.pollTimeout();
            }
        };
    }

    void add(InetSocketAddress address, Node node) {
        nodes.add(new Bound(address, node));
    }

    void dropWhen(Predicate<Transmit> filter) {
        this.drop = filter;
    }

    Instant now() {
        return now;
    }

    private void drain() {
        for (Bound b : nodes) {
            for (Optional<Transmit> t = b.node().transmit(); t.isPresent(); t = b.node().transmit()) {
                sent.add(t.get());
                if (!drop.test(t.get())) {
                    inFlight.add(new InFlight(now.plus(latency), seq++, b.address(), t.get()));
                }
            }
        }
    }

    /** Runs datagrams and timers in time order until {@code end} or until nothing is left to do. */
    void runUntil(Instant end) {
        drain();
        while (true) {
            Instant next = inFlight.isEmpty() ? null : inFlight.peek().at();
            for (Bound b : nodes) {
                Optional<Instant> d = b.node().deadline();
                if (d.isPresent() && (next == null || d.get().isBefore(next))) {
                    next = d.get();
                }
            }
            if (next == null || next.isAfter(end)) {
                now = end;
                return;
            }
            if (next.isAfter(now)) {
                now = next;
            }
            while (!inFlight.isEmpty() && !inFlight.peek().at().isAfter(now)) {
                deliver(inFlight.poll());
            }
            for (Bound b : nodes) {
                Optional<Instant> d = b.node().deadline();
                if (d.isPresent() && !d.get().isAfter(now)) {
                    b.node().timeout(now);
                }
            }
            drain();
        }
    }

    private void deliver(InFlight f) {
        InetSocketAddress to = f.transmit().destination();
        for (Bound b : nodes) {
            boolean reaches = to.getAddress().isMulticastAddress()
                    ? b.address().getPort() == Mdns.PORT && to.getPort() == Mdns.PORT
                    : b.address().equals(to);
            if (reaches) {
                b.node().receive(now, new Datagram(f.from(), to, f.transmit().data().clone()));
            }
        }
    }
}
