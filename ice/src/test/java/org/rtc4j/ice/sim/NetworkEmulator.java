package org.rtc4j.ice.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/**
 * A simulated IP network as a sans-IO state machine: hosts on a public network, NATs with private
 * realms of hosts behind them, and per-host link conditions (latency, jitter, loss, duplication,
 * reordering, bandwidth), all on virtual time and driven by one seed, so the same inputs give the
 * same outputs, datagram for datagram.
 *
 * <p>Drive it like every rtc4j layer: {@link #send} what nodes transmit, wake it at {@link #pollTimeout()}
 * with {@link #handleTimeout}, and drain {@link #pollDelivery()}. {@link Simulation} does all that for a
 * set of {@link SimNode}s.
 *
 * <p>Topology. Every host address is unique across the whole network, public or private. A datagram
 * crosses the sending host's access link, then is routed: inside a NAT's realm to another host of the
 * realm (a LAN), or through the NAT (translated, then across the NAT's own link) to the public network,
 * where it goes to a public host or to a NAT's public address (across that NAT's link, then filtered,
 * translated and forwarded to the private host). Finally it crosses the receiving host's access link.
 * Datagrams to addresses nobody owns are dropped as {@link DropReason#NO_ROUTE}; a private address is
 * reachable only from its own realm. NAT state changes at the moment a datagram reaches the NAT, not
 * when it was sent.
 *
 * <p>Hosts' links follow {@link #setDefaultLink} unless set with {@link #setLink}; a NAT's own link is
 * {@link LinkConditions#PERFECT} unless set. Each link direction draws from its own random stream split
 * from the seed, in the order hosts and NATs are added.
 *
 * <p>Not thread-safe; one driver owns it, as with every sans-IO layer.
 */
public final class NetworkEmulator {
    /** The packet capture's default bound on records. */
    public static final int DEFAULT_CAPTURE_LIMIT = 1_000_000;

    private static final class Host {
        final InetAddress address;
        final Nat nat;
        LinkConditions link;
        LinkDirection up;
        LinkDirection down;

        Host(InetAddress address, Nat nat) {
            this.address = address;
            this.nat = nat;
        }
    }

    /** A datagram on its way; its addresses change as NATs translate them. */
    private static final class Packet {
        InetSocketAddress from;
        InetSocketAddress to;
        final byte[] data;

        Packet(InetSocketAddress from, InetSocketAddress to, byte[] data) {
            this.from = from;
            this.to = to;
            this.data = data;
        }

        // A duplicate gets its own bytes: receivers may decrypt or rewrite in place.
        Packet copy() {
            return new Packet(from, to, data.clone());
        }
    }

    /** What happens when a datagram reaches the far end of a link. */
    @FunctionalInterface
    private interface Hop {
        void arrive(Instant at, Packet packet);
    }

    private record InFlight(Instant at, long seq, Packet packet, Hop next) {
    }

    private final SplittableRandom random;
    private final Map<InetAddress, Host> hosts = new HashMap<>();
    private final Map<InetAddress, Nat> nats = new HashMap<>();
    // Ties at one instant go in the order they were scheduled, which is what makes runs repeatable.
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>(
            Comparator.comparing(InFlight::at).thenComparingLong(InFlight::seq));
    private final ArrayDeque<Delivery> ready = new ArrayDeque<>();
    private final EnumMap<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    private LinkConditions defaultLink = LinkConditions.DEFAULT;
    private long seq;
    private Instant lastNow;
    private long sent;
    private long delivered;
    private long duplicated;
    private long reordered;
    private List<PacketRecord> capture;
    private int captureLimit;

    /** A network whose randomness all comes from {@code seed}. */
    public NetworkEmulator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    // ---- topology

    /** Adds a host on the public network. */
    public void addHost(InetAddress address) {
        requireFree(address);
        hosts.put(address, newHost(address, null));
    }

    /** Adds a NAT with a public address; hosts go behind it with {@link #addHostBehind}. */
    public Nat addNat(InetAddress publicAddress, NatType type) {
        requireFree(publicAddress);
        Nat nat = new Nat(publicAddress, type);
        nat.wanUp = new LinkDirection(() -> nat.link != null ? nat.link : LinkConditions.PERFECT, random.split());
        nat.wanDown = new LinkDirection(() -> nat.link != null ? nat.link : LinkConditions.PERFECT, random.split());
        nats.put(publicAddress, nat);
        return nat;
    }

    /** Adds a host with a private address behind a NAT of this network. */
    public void addHostBehind(Nat nat, InetAddress privateAddress) {
        if (nats.get(nat.publicAddress()) != nat) {
            throw new IllegalArgumentException(nat + " does not belong to this network");
        }
        requireFree(privateAddress);
        hosts.put(privateAddress, newHost(privateAddress, nat));
    }

    private Host newHost(InetAddress address, Nat nat) {
        Host h = new Host(address, nat);
        h.up = new LinkDirection(() -> h.link != null ? h.link : defaultLink, random.split());
        h.down = new LinkDirection(() -> h.link != null ? h.link : defaultLink, random.split());
        return h;
    }

    private void requireFree(InetAddress address) {
        if (hosts.containsKey(address) || nats.containsKey(address)) {
            throw new IllegalArgumentException(address.getHostAddress()
                    + " is already in the network (expected: every host and NAT address unique, even private ones)");
        }
    }

    /** Whether a host (public or private, not a NAT) has this address. */
    public boolean hasHost(InetAddress address) {
        return hosts.containsKey(address);
    }

    /** The NAT a host is behind, if any. */
    public Optional<Nat> natOf(InetAddress host) {
        Host h = hosts.get(host);
        if (h == null) {
            throw new IllegalArgumentException("no host " + host.getHostAddress() + " in the network");
        }
        return Optional.ofNullable(h.nat);
    }

    /** The NAT with this public address, if any. */
    public Optional<Nat> nat(InetAddress publicAddress) {
        return Optional.ofNullable(nats.get(publicAddress));
    }

    // ---- link conditions

    /** The conditions of hosts without their own. */
    public LinkConditions defaultLink() {
        return defaultLink;
    }

    /** Sets the conditions of hosts without their own, effective for the next datagram. */
    public void setDefaultLink(LinkConditions conditions) {
        this.defaultLink = Objects.requireNonNull(conditions, "conditions");
    }

    /**
     * Sets the link of a host, or of a NAT when {@code address} is a NAT's public address; null returns a
     * host to the default and a NAT to a perfect link.
     */
    public void setLink(InetAddress address, LinkConditions conditions) {
        Host h = hosts.get(address);
        if (h != null) {
            h.link = conditions;
            return;
        }
        Nat nat = nats.get(address);
        if (nat == null) {
            throw new IllegalArgumentException("no host or NAT " + address.getHostAddress() + " in the network");
        }
        nat.link = conditions;
    }

    /** The conditions in force on a host's or NAT's link. */
    public LinkConditions link(InetAddress address) {
        Host h = hosts.get(address);
        if (h != null) {
            return h.link != null ? h.link : defaultLink;
        }
        Nat nat = nats.get(address);
        if (nat == null) {
            throw new IllegalArgumentException("no host or NAT " + address.getHostAddress() + " in the network");
        }
        return nat.link != null ? nat.link : LinkConditions.PERFECT;
    }

    // ---- the sans-IO contract

    /**
     * Accepts a datagram from a node. Its source names the sending host and socket.
     *
     * @throws IllegalArgumentException if the source is null or not on a host of this network
     */
    public void send(Instant now, Transmit transmit) {
        if (transmit.source() == null) {
            throw new IllegalArgumentException("a transmit to " + transmit.destination()
                    + " without a source (expected: the sending socket address)");
        }
        Host h = hosts.get(transmit.source().getAddress());
        if (h == null) {
            throw new IllegalArgumentException("a transmit from " + transmit.source() + ", which is on no host of the network");
        }
        // Datagrams already due travel first, so NAT state never sees time run backwards.
        Instant at = advance(now);
        Packet p = new Packet(transmit.source(), transmit.destination(), transmit.data());
        sent++;
        record(at, PacketRecord.Kind.SENT, p, null);
        Nat nat = h.nat;
        traverse(at, h.up, p, nat == null ? this::routePublic : (t, q) -> routePrivate(t, nat, q));
    }

    /** The next moment the network has work: now when deliveries wait, else the next arrival. */
    public Optional<Instant> pollTimeout() {
        if (!ready.isEmpty()) {
            return Optional.of(lastNow);
        }
        InFlight head = inFlight.peek();
        return head == null ? Optional.empty() : Optional.of(head.at());
    }

    /** Moves every datagram due by {@code now} along; arrivals become deliveries. */
    public void handleTimeout(Instant now) {
        advance(now);
    }

    /** The next datagram that has arrived, in order of arrival. */
    public Optional<Delivery> pollDelivery() {
        return Optional.ofNullable(ready.poll());
    }

    /**
     * Drops a delivery that no node claimed: its host exists but nothing listens on the socket. The
     * driver calls this so that every lost datagram is counted in one place.
     */
    public void dropUnclaimed(Instant now, Delivery delivery) {
        Instant at = advance(now);
        drops.merge(DropReason.NO_LISTENER, 1L, Long::sum);
        if (capture != null && capture.size() < captureLimit) {
            capture.add(new PacketRecord(at, PacketRecord.Kind.DROPPED, delivery.datagram().source(), delivery.toSocket(),
                    delivery.datagram().data().length, DropReason.NO_LISTENER));
        }
    }

    /** How many datagrams are on their way, not yet delivered or dropped. */
    public int inFlight() {
        return inFlight.size() + ready.size();
    }

    /** The counters so far. */
    public NetworkStats stats() {
        return new NetworkStats(sent, delivered, duplicated, reordered, drops);
    }

    /** Starts recording every datagram sent, delivered and dropped, up to {@code maxRecords}; clears earlier records. */
    public void startCapture(int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords " + maxRecords + " (expected: at least 1)");
        }
        capture = new ArrayList<>();
        captureLimit = maxRecords;
    }

    /** Starts a capture of up to {@link #DEFAULT_CAPTURE_LIMIT} records. */
    public void startCapture() {
        startCapture(DEFAULT_CAPTURE_LIMIT);
    }

    /** The records so far, oldest first; empty when no capture was started. */
    public List<PacketRecord> capture() {
        return capture == null ? List.of() : List.copyOf(capture);
    }

    // ---- the journey of a datagram

    private Instant advance(Instant now) {
        if (lastNow == null || now.isAfter(lastNow)) {
            lastNow = now;
        }
        InFlight head;
        while ((head = inFlight.peek()) != null && !head.at().isAfter(lastNow)) {
            inFlight.poll();
            head.next().arrive(head.at(), head.packet());
        }
        return lastNow;
    }

    private void traverse(Instant at, LinkDirection link, Packet p, Hop next) {
        if (link.isPerfect()) {
            next.arrive(at, p);
            return;
        }
        LinkDirection.Fate fate = link.carry(at, p.data.length);
        if (fate.dropped() != null) {
            drop(at, p, fate.dropped());
            return;
        }
        if (fate.heldBack()) {
            reordered++;
        }
        Packet duplicate = fate.duplicated() ? p.copy() : null;
        schedule(fate.arrival(), p, next);
        if (duplicate != null) {
            duplicated++;
            schedule(fate.arrival(), duplicate, next);
        }
    }

    private void schedule(Instant at, Packet p, Hop next) {
        inFlight.add(new InFlight(at, seq++, p, next));
    }

    private void routePublic(Instant at, Packet p) {
        InetAddress to = p.to.getAddress();
        Host h = hosts.get(to);
        if (h != null && h.nat == null) {
            traverse(at, h.down, p, this::deliver);
            return;
        }
        Nat nat = nats.get(to);
        if (nat != null) {
            traverse(at, nat.wanDown, p, (t, q) -> natInbound(t, nat, q));
            return;
        }
        drop(at, p, DropReason.NO_ROUTE);
    }

    private void routePrivate(Instant at, Nat nat, Packet p) {
        InetAddress to = p.to.getAddress();
        Host h = hosts.get(to);
        if (h != null && h.nat == nat) {
            traverse(at, h.down, p, this::deliver);
            return;
        }
        boolean hairpin = to.equals(nat.publicAddress());
        if (hairpin && !nat.hairpinning()) {
            drop(at, p, DropReason.NAT_HAIRPIN_DISABLED);
            return;
        }
        if (to.getClass() != nat.publicAddress().getClass()) {
            drop(at, p, DropReason.NO_ROUTE); // a NAT44 does not translate to another address family
            return;
        }
        InetSocketAddress external = nat.outbound(at, p.from, p.to);
        if (external == null) {
            drop(at, p, DropReason.NAT_PORTS_EXHAUSTED);
            return;
        }
        p.from = external;
        if (hairpin) {
            natInbound(at, nat, p); // turns around inside the NAT, off its WAN link
        } else {
            traverse(at, nat.wanUp, p, this::routePublic);
        }
    }

    private void natInbound(Instant at, Nat nat, Packet p) {
        Nat.Inbound in = nat.inbound(at, p.from, p.to.getPort());
        if (in.dropped() != null) {
            drop(at, p, in.dropped());
            return;
        }
        p.to = in.internal();
        traverse(at, hosts.get(p.to.getAddress()).down, p, this::deliver);
    }

    private void deliver(Instant at, Packet p) {
        delivered++;
        record(at, PacketRecord.Kind.DELIVERED, p, null);
        ready.add(new Delivery(p.to, new Datagram(p.from, p.to, p.data)));
    }

    private void drop(Instant at, Packet p, DropReason reason) {
        drops.merge(reason, 1L, Long::sum);
        record(at, PacketRecord.Kind.DROPPED, p, reason);
    }

    private void record(Instant at, PacketRecord.Kind kind, Packet p, DropReason reason) {
        if (capture != null && capture.size() < captureLimit) {
            capture.add(new PacketRecord(at, kind, p.from, p.to, p.data.length, reason));
        }
    }
}
