package org.rtc4j.ice.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A NAT of the {@link NetworkEmulator}, created by {@link NetworkEmulator#addNat}: one public address
 * in front of a private realm of hosts. It maps and filters as its {@link NatType} says (RFC 4787),
 * and allocates external ports from a counter, so the same traffic always gets the same ports.
 *
 * <p>A mapping lives while outbound traffic refreshes it: it expires {@link #mappingTimeout()} after the
 * last outbound datagram (inbound traffic refreshes it only with {@link #setInboundRefresh}). Each
 * remote endpoint's filter entry ages the same way, from the last datagram sent to it. Expiry is
 * evaluated when a datagram meets the NAT, so a NAT needs no timer of its own.
 *
 * <p>The setters configure the NAT before or during a run; they return this NAT for chaining.
 */
public final class Nat {
    /** How long an idle mapping lives unless configured: 30 s, a common UDP timeout of home routers. */
    public static final Duration DEFAULT_MAPPING_TIMEOUT = Duration.ofSeconds(30);
    /** The first external port handed out unless configured. */
    public static final int DEFAULT_FIRST_PORT = 40000;
    // Bounds the filter entries a mapping keeps before forgetting stale ones.
    private static final int PRUNE_THRESHOLD = 256;

    /** A mapping's identity: the internal endpoint, and the remote endpoint when mapping depends on it. */
    private record Key(InetSocketAddress internal, InetSocketAddress remote) {
    }

    private static final class Mapping {
        final Key key;
        final InetSocketAddress external;
        final Map<InetSocketAddress, Instant> sentTo = new LinkedHashMap<>();
        Instant lastActivity;

        Mapping(Key key, InetSocketAddress external, Instant now) {
            this.key = key;
            this.external = external;
            this.lastActivity = now;
        }
    }

    /** Where an inbound datagram goes: the internal endpoint, or why it is dropped. */
    record Inbound(InetSocketAddress internal, DropReason dropped) {
    }

    private final InetAddress publicAddress;
    private final NatType type;
    private final Map<Key, Mapping> byKey = new HashMap<>();
    private final Map<Integer, Mapping> byPort = new HashMap<>();
    private Duration mappingTimeout = DEFAULT_MAPPING_TIMEOUT;
    private boolean hairpinning;
    private boolean portPreservation;
    private boolean inboundRefresh;
    private int firstPort = DEFAULT_FIRST_PORT;
    private int lastPort = 65535;
    private int nextPort = DEFAULT_FIRST_PORT;

    // The NAT's own (WAN) link, set by the emulator; perfect unless configured.
    LinkDirection wanUp;
    LinkDirection wanDown;
    LinkConditions link;

    Nat(InetAddress publicAddress, NatType type) {
        this.publicAddress = publicAddress;
        this.type = type;
    }

    /** The public address. */
    public InetAddress publicAddress() {
        return publicAddress;
    }

    /** The behaviour. */
    public NatType type() {
        return type;
    }

    /** How long an idle mapping lives. */
    public Duration mappingTimeout() {
        return mappingTimeout;
    }

    /** Sets how long an idle mapping lives. */
    public Nat setMappingTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("mapping timeout " + timeout + " (expected: positive)");
        }
        this.mappingTimeout = timeout;
        return this;
    }

    /** Whether hosts behind the NAT may reach each other through its public address (RFC 4787 §6); off by default. */
    public boolean hairpinning() {
        return hairpinning;
    }

    /** Turns hairpinning on or off. */
    public Nat setHairpinning(boolean hairpinning) {
        this.hairpinning = hairpinning;
        return this;
    }

    /** Keeps the internal port as the external one when it is free and in range, as many Linux NATs do; off by default. */
    public Nat setPortPreservation(boolean portPreservation) {
        this.portPreservation = portPreservation;
        return this;
    }

    /** Lets inbound datagrams that pass the filter refresh the mapping too (RFC 4787 REQ-6 allows it); off by default. */
    public Nat setInboundRefresh(boolean inboundRefresh) {
        this.inboundRefresh = inboundRefresh;
        return this;
    }

    /** Sets the range external ports are allocated from, in order, wrapping around and skipping ports in use. */
    public Nat setPortRange(int first, int last) {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + " ~ " + last + " (expected: within 1 ~ 65535)");
        }
        this.firstPort = first;
        this.lastPort = last;
        this.nextPort = first;
        return this;
    }

    /**
     * The external address a datagram from {@code internal} to {@code remote} would leave with, if a live
     * mapping exists; for tests to predict what peers see. Nothing is created or refreshed.
     */
    public Optional<InetSocketAddress> mapping(Instant now, InetSocketAddress internal, InetSocketAddress remote) {
        Mapping m = byKey.get(keyFor(internal, remote));
        return m == null || isExpired(m, now) ? Optional.empty() : Optional.of(m.external);
    }

    /** How many mappings are live at {@code now}. */
    public int mappingCount(Instant now) {
        int n = 0;
        for (Mapping m : byPort.values()) {
            n += isExpired(m, now) ? 0 : 1;
        }
        return n;
    }

    private Key keyFor(InetSocketAddress internal, InetSocketAddress remote) {
        return new Key(internal, type.endpointIndependentMapping() ? null : remote);
    }

    private boolean isExpired(Mapping m, Instant now) {
        return !now.isBefore(m.lastActivity.plus(mappingTimeout));
    }

    private boolean isFresh(Instant sent, Instant now) {
        return now.isBefore(sent.plus(mappingTimeout));
    }

    /**
     * Translates the source of an outbound datagram, creating or refreshing its mapping and the filter
     * entry for {@code remote}; null when no external port is free.
     */
    InetSocketAddress outbound(Instant now, InetSocketAddress internal, InetSocketAddress remote) {
        Key key = keyFor(internal, remote);
        Mapping m = byKey.get(key);
        if (m != null && isExpired(m, now)) {
            remove(m);
            m = null;
        }
        if (m == null) {
            int port = allocatePort(now, internal.getPort());
            if (port < 0) {
                return null;
            }
            m = new Mapping(key, new InetSocketAddress(publicAddress, port), now);
            byKey.put(key, m);
            byPort.put(port, m);
        }
        m.lastActivity = now;
        m.sentTo.put(remote, now);
        if (m.sentTo.size() > PRUNE_THRESHOLD) {
            m.sentTo.values().removeIf(sent -> !isFresh(sent, now));
        }
        return m.external;
    }

    /** Finds the internal endpoint for a datagram from {@code remote} to external port {@code port}, or why not. */
    Inbound inbound(Instant now, InetSocketAddress remote, int port) {
        Mapping m = byPort.get(port);
        if (m != null && isExpired(m, now)) {
            remove(m);
            m = null;
        }
        if (m == null) {
            return new Inbound(null, DropReason.NAT_NO_MAPPING);
        }
        if (!permits(m, remote, now)) {
            return new Inbound(null, DropReason.NAT_FILTERED);
        }
        if (inboundRefresh) {
            m.lastActivity = now;
        }
        return new Inbound(m.key.internal(), null);
    }

    private boolean permits(Mapping m, InetSocketAddress remote, Instant now) {
        switch (type.filtering()) {
            case ENDPOINT_INDEPENDENT:
                return true;
            case ADDRESS_DEPENDENT:
                for (Map.Entry<InetSocketAddress, Instant> e : m.sentTo.entrySet()) {
                    if (e.getKey().getAddress().equals(remote.getAddress()) && isFresh(e.getValue(), now)) {
                        return true;
                    }
                }
                return false;
            default:
                Instant sent = m.sentTo.get(remote);
                return sent != null && isFresh(sent, now);
        }
    }

    private int allocatePort(Instant now, int internalPort) {
        if (portPreservation && internalPort >= firstPort && internalPort <= lastPort && !inUse(internalPort, now)) {
            return internalPort;
        }
        int span = lastPort - firstPort + 1;
        for (int i = 0; i < span; i++) {
            int port = nextPort;
            nextPort = port == lastPort ? firstPort : port + 1;
            if (!inUse(port, now)) {
                return port;
            }
        }
        return -1;
    }

    private boolean inUse(int port, Instant now) {
        Mapping m = byPort.get(port);
        if (m != null && isExpired(m, now)) {
            remove(m);
            return false;
        }
        return m != null;
    }

    private void remove(Mapping m) {
        byKey.remove(m.key);
        byPort.remove(m.external.getPort());
    }

    /** Drops every mapping, as a NAT reboot would. */
    public void reset() {
        byKey.clear();
        byPort.clear();
        nextPort = firstPort;
    }

    @Override
    public String toString() {
        return "Nat(" + publicAddress.getHostAddress() + ", " + type + ")";
    }
}
