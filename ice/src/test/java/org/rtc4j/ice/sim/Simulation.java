package org.rtc4j.ice.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.rtc4j.stun.Transmit;

/**
 * Runs {@link SimNode}s and a {@link NetworkEmulator} on virtual time: the clock jumps from one deadline
 * to the next, so a minute of protocol time takes milliseconds and every run is the same.
 *
 * <p>Nodes own addresses: a whole host address ({@link #add(SimNode, InetAddress...)}, every port on it)
 * or single socket addresses ({@link #add(SimNode, InetSocketAddress...)}, which win over a whole
 * address). Deliveries go to the owner of their socket address; those nobody owns are dropped as
 * {@link DropReason#NO_LISTENER}. Every address must be a host of the network first.
 *
 * <p>A test may mutate a node between steps (start a transaction, add a candidate) using {@link #now()};
 * the next step drains what the node wants to send. Nodes are always visited in the order they were
 * added, which keeps runs deterministic.
 *
 * <p>Livelock guard: if the clock does not move for {@link #DEFAULT_MAX_SAME_INSTANT_STEPS} steps in a
 * row (a node whose {@code pollTimeout} stays at or before now after {@code handleTimeout}, or endless
 * ping-pong over perfect links), {@link #step()} throws an {@link IllegalStateException} naming the
 * nodes that are due.
 *
 * <p>Wiring, for example two agents behind NATs with a STUN and a TURN server:
 * <pre>{@code
 * NetworkEmulator net = new NetworkEmulator(42);                  // the seed decides every random draw
 * Nat natA = net.addNat(ip("203.0.113.1"), NatType.PORT_RESTRICTED);
 * net.addHostBehind(natA, ip("192.168.1.2"));
 * Nat natB = net.addNat(ip("203.0.113.2"), NatType.SYMMETRIC);
 * net.addHostBehind(natB, ip("10.0.0.2"));
 * net.addHost(ip("198.51.100.1"));                                // STUN
 * net.addHost(ip("198.51.100.2"));                                // TURN, listening
 * net.addHost(ip("198.51.100.3"));                                // TURN, relayed addresses
 * net.setLink(ip("10.0.0.2"), LinkConditions.DEFAULT.withLoss(0.05));
 *
 * Simulation sim = new Simulation(net, Instant.parse("2026-01-01T00:00:00Z"));
 * InetSocketAddress stun = new InetSocketAddress(ip("198.51.100.1"), 3478);
 * sim.add(new SimStunServer(stun), stun);
 * SimTurnServer turn = SimTurnServer.builder(new InetSocketAddress(ip("198.51.100.2"), 3478), ip("198.51.100.3"))
 *         .user("user", "pass").build();
 * sim.add(turn, turn.listenAddress());
 * sim.add(turn, turn.relayAddress());
 * AgentNode a = sim.add(new AgentNode(...), ip("192.168.1.2"));   // the ICE agent behind a SimNode wrapper
 * AgentNode b = sim.add(new AgentNode(...), ip("10.0.0.2"));
 * // exchange candidates between a and b, then:
 * assertThat(sim.runUntil(() -> a.isConnected() && b.isConnected(), Duration.ofSeconds(30))).isTrue();
 * }</pre>
 */
public final class Simulation {
    /** How many steps may run at one instant before the simulation declares a livelock. */
    public static final int DEFAULT_MAX_SAME_INSTANT_STEPS = 10_000;

    private final NetworkEmulator network;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<SimNode, List<Object>> addressesOf = new IdentityHashMap<>();
    private final Map<InetSocketAddress, SimNode> bySocket = new HashMap<>();
    private final Map<InetAddress, SimNode> byAddress = new HashMap<>();
    private Instant now;
    private int maxSameInstantSteps = DEFAULT_MAX_SAME_INSTANT_STEPS;
    private int sameInstantSteps;
    private long steps;

    /** A simulation over {@code network} whose clock starts at {@code start}. */
    public Simulation(NetworkEmulator network, Instant start) {
        this.network = network;
        this.now = start;
    }

    /** The network. */
    public NetworkEmulator network() {
        return network;
    }

    /** Sets how many steps may run at one instant before {@link #step()} reports a livelock. */
    public Simulation setMaxSameInstantSteps(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max " + max + " (expected: at least 1)");
        }
        this.maxSameInstantSteps = max;
        return this;
    }

    /**
     * Adds a node, or more addresses to a node already added, owning every port of each address.
     *
     * @throws IllegalArgumentException if an address is not a host of the network or already owned
     */
    public <N extends SimNode> N add(N node, InetAddress... addresses) {
        for (InetAddress a : addresses) {
            requireHost(a);
            if (byAddress.containsKey(a)) {
                throw new IllegalArgumentException(a.getHostAddress() + " is already owned by " + byAddress.get(a));
            }
        }
        register(node);
        for (InetAddress a : addresses) {
            byAddress.put(a, node);
            addressesOf.get(node).add(a.getHostAddress());
        }
        return node;
    }

    /**
     * Adds a node, or more socket addresses to a node already added, owning exactly those sockets.
     *
     * @throws IllegalArgumentException if an address is not on a host of the network or already owned
     */
    public <N extends SimNode> N add(N node, InetSocketAddress... sockets) {
        for (InetSocketAddress s : sockets) {
            requireHost(s.getAddress());
            if (bySocket.containsKey(s)) {
                throw new IllegalArgumentException(s + " is already owned by " + bySocket.get(s));
            }
        }
        register(node);
        for (InetSocketAddress s : sockets) {
            bySocket.put(s, node);
            addressesOf.get(node).add(s);
        }
        return node;
    }

    private void requireHost(InetAddress a) {
        if (a == null || !network.hasHost(a)) {
            throw new IllegalArgumentException((a == null ? "null" : a.getHostAddress())
                    + " is not a host of the network (expected: addHost or addHostBehind first)");
        }
    }

    private void register(SimNode node) {
        if (!addressesOf.containsKey(node)) {
            nodes.add(node);
            addressesOf.put(node, new ArrayList<>());
        }
    }

    /** The node that owns a socket address, if any. */
    public Optional<SimNode> owner(InetSocketAddress socket) {
        SimNode n = bySocket.get(socket);
        return Optional.ofNullable(n != null ? n : byAddress.get(socket.getAddress()));
    }

    /** The virtual time. */
    public Instant now() {
        return now;
    }

    /** How many steps have run. */
    public long steps() {
        return steps;
    }

    /** The earliest deadline of the network and the nodes, after handing pending transmits to the network. */
    public Optional<Instant> nextDeadline() {
        drainTransmits();
        Instant earliest = network.pollTimeout().orElse(null);
        for (SimNode node : nodes) {
            Optional<Instant> t = node.pollTimeout();
            if (t.isPresent() && (earliest == null || t.get().isBefore(earliest))) {
                earliest = t.get();
            }
        }
        return Optional.ofNullable(earliest);
    }

    /**
     * Advances to the earliest deadline (never backwards), delivers the datagrams due, wakes the nodes
     * due, and hands everything they send to the network.
     *
     * @return false when nothing is pending anywhere, so nothing was done
     * @throws IllegalStateException on a livelock (see the class comment), or a node sending from an
     *                               address it does not own
     */
    public boolean step() {
        Optional<Instant> next = nextDeadline();
        if (next.isEmpty()) {
            return false;
        }
        if (next.get().isAfter(now)) {
            now = next.get();
            sameInstantSteps = 0;
        } else if (++sameInstantSteps > maxSameInstantSteps) {
            throw livelock();
        }
        network.handleTimeout(now);
        Optional<Delivery> d;
        while ((d = network.pollDelivery()).isPresent()) {
            deliver(d.get());
        }
        for (SimNode node : nodes) {
            Optional<Instant> t = node.pollTimeout();
            if (t.isPresent() && !t.get().isAfter(now)) {
                node.handleTimeout(now);
            }
        }
        drainTransmits();
        steps++;
        return true;
    }

    /** Runs every step due by {@code deadline}, then sets the clock to it (unless it is in the past). */
    public void runUntil(Instant deadline) {
        while (true) {
            Optional<Instant> next = nextDeadline();
            if (next.isEmpty() || next.get().isAfter(deadline)) {
                break;
            }
            step();
        }
        if (deadline.isAfter(now)) {
            now = deadline;
        }
    }

    /** Runs for a span of virtual time. */
    public void runFor(Duration duration) {
        runUntil(now.plus(duration));
    }

    /**
     * Runs until {@code condition} holds, checked before each step, or until {@code timeout} of virtual
     * time has passed; the clock stops at the step that made it true, or at the timeout.
     *
     * @return whether the condition became true
     */
    public boolean runUntil(BooleanSupplier condition, Duration timeout) {
        Instant deadline = now.plus(timeout);
        while (!condition.getAsBoolean()) {
            Optional<Instant> next = nextDeadline();
            if (next.isEmpty() || next.get().isAfter(deadline)) {
                if (deadline.isAfter(now)) {
                    now = deadline;
                }
                return condition.getAsBoolean();
            }
            step();
        }
        return true;
    }

    private void deliver(Delivery d) {
        Optional<SimNode> node = owner(d.toSocket());
        if (node.isPresent()) {
            node.get().handleReceive(now, d.datagram());
        } else {
            network.dropUnclaimed(now, d);
        }
    }

    private void drainTransmits() {
        for (SimNode node : nodes) {
            Optional<Transmit> t;
            while ((t = node.pollTransmit()).isPresent()) {
                Transmit transmit = t.get();
                if (transmit.source() == null) {
                    throw new IllegalStateException(node + " sent to " + transmit.destination()
                            + " without a source (expected: the local socket address it sends from)");
                }
                if (owner(transmit.source()).orElse(null) != node) {
                    throw new IllegalStateException(node + " sent from " + transmit.source()
                            + ", which it does not own (it owns " + addressesOf.get(node) + ")");
                }
                network.send(now, transmit);
            }
        }
    }

    private IllegalStateException livelock() {
        StringBuilder due = new StringBuilder();
        for (SimNode node : nodes) {
            Optional<Instant> t = node.pollTimeout();
            if (t.isPresent() && !t.get().isAfter(now)) {
                due.append("\n  ").append(node).append(" on ").append(addressesOf.get(node))
                        .append(" still wants a timeout at ").append(t.get());
            }
        }
        if (network.pollTimeout().filter(t -> !t.isAfter(now)).isPresent()) {
            due.append("\n  the network still has datagrams due (endless exchange over perfect links?)");
        }
        return new IllegalStateException("livelock: " + maxSameInstantSteps + " steps at " + now
                + " without the clock moving; a node's pollTimeout must move past now after handleTimeout." + due);
    }
}
