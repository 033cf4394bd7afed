package org.rtc4j.ice.sim;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.rtc4j.stun.ChannelData;
import org.rtc4j.stun.CredentialStore;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.LongTermAuthenticator;
import org.rtc4j.stun.PacketClassifier;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunErrorCodes;
import org.rtc4j.stun.StunException;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.TransactionId;
import org.rtc4j.stun.Transmit;

/**
 * A small TURN server (RFC 8656) over UDP as a sans-IO {@link SimNode}, for relay tests on the
 * simulated network. It listens on one socket address and relays from ports of a relay address, which
 * may be the same address; ports are handed out in order from {@link TurnServerConfig#relayPorts} (49152 first),
 * skipping ports in use and the listening port, so the n-th allocation's relayed address is predictable.
 * Add it to a {@link Simulation} owning the listening socket and the whole relay address:
 * {@code sim.add(turn, turn.listenAddress()); sim.add(turn, turn.relayAddress());} (or just the address
 * once when both are on one host address).
 *
 * <p>What it does:
 * <ul>
 *   <li>Binding: answered with XOR-MAPPED-ADDRESS, without authentication.</li>
 *   <li>Allocate, Refresh, CreatePermission, ChannelBind: long-term credentials through
 *       {@link LongTermAuthenticator} (RFC 5389 style MD5 unless {@link TurnServerConfig#passwordAlgorithms} offers
 *       RFC 8489's); responses signed with the request's key.</li>
 *   <li>Allocate (§7.2): UDP only (else 442); 437 if the 5-tuple has an allocation, except a
 *       retransmission of the request that made it, which gets the same answer; quotas per user (486) and
 *       in all (508); REQUESTED-ADDRESS-FAMILY must match the relay address (440); EVEN-PORT honoured,
 *       reservations refused (508); ADDITIONAL-ADDRESS-FAMILY answered with ADDRESS-ERROR-CODE 440.</li>
 *   <li>Refresh (§8): lifetime min(requested, max) but not below the default; 0 deletes.</li>
 *   <li>CreatePermission (§9): one or more XOR-PEER-ADDRESS, all or none installed, 5 minutes.</li>
 *   <li>ChannelBind (§11): 0x4000 ~ 0x4FFF, one peer per channel and one channel per peer (400),
 *       10 minutes, also installs the peer's permission.</li>
 *   <li>Send indications and ChannelData from the client go to the peer only with a live permission
 *       (and a bound channel); datagrams from peers with a permission come back as ChannelData when a
 *       channel is bound, else as Data indications; everything else is dropped and counted.</li>
 *   <li>Errors: 400 malformed, 403 peer refused by policy, 420 unknown attributes, 437 no or another
 *       allocation, 441 another user on the allocation's 5-tuple, 443 peer family mismatch.</li>
 * </ul>
 *
 * <p>Bounded: allocations in all and per user, permissions and channels per allocation, queued
 * datagrams. Expiry runs on timers from {@link #pollTimeout()}. Deterministic: transaction ids of Data
 * indications come from a seeded generator and nonces from a fixed secret unless configured.
 */
public final class SimTurnServer implements SimNode {
    /** The default allocation lifetime (RFC 8656 §3.2). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    /** The default maximum allocation lifetime. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(1);
    /** How long a permission lasts (RFC 8656 §9). */
    public static final Duration PERMISSION_LIFETIME = Duration.ofMinutes(5);
    /** How long a channel binding lasts (RFC 8656 §12). */
    public static final Duration CHANNEL_LIFETIME = Duration.ofMinutes(10);
    /** How long an expired channel stays unavailable for another binding (RFC 8656 §12). */
    public static final Duration CHANNEL_QUARANTINE = Duration.ofMinutes(5);

    private static final StunMessageType DATA_INDICATION = StunMessageType.of(StunClass.INDICATION, StunMethod.DATA);
    private static final int IPV4 = 0x01;
    private static final int IPV6 = 0x02;

    private final TurnServerConfig config;
    private final LongTermAuthenticator authenticator;
    private final SplittableRandom random;
    // Iterated by timers, so kept in insertion order for repeatable runs.
    private final Map<InetSocketAddress, TurnServerAllocation> byClient = new LinkedHashMap<>();
    private final Map<Integer, TurnServerAllocation> byRelayPort = new HashMap<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final TurnServerStats.Counters counters = new TurnServerStats.Counters();
    private int nextRelayPort;
    private Instant lastNow;

    SimTurnServer(TurnServerConfig b) {
        this.config = b.copy();
        CredentialStore store = b.credentials != null ? b.credentials : CredentialStore.of(b.users);
        this.authenticator = new LongTermAuthenticator(b.realm, store, b.nonceSecret, b.nonceLifetime, b.algorithms, false);
        this.random = new SplittableRandom(b.seed);
        this.nextRelayPort = b.firstRelayPort;
    }

    /** Starts configuring a server listening on {@code listen} and relaying from ports of {@code relayAddress}. */
    public static TurnServerConfig builder(InetSocketAddress listen, InetAddress relayAddress) {
        return new TurnServerConfig(listen, relayAddress);
    }

    /** The socket address clients send to. */
    public InetSocketAddress listenAddress() {
        return config.listen;
    }

    /** The address relayed transport addresses are on. */
    public InetAddress relayAddress() {
        return config.relay;
    }

    /** The relayed address of the allocation of a client (as the server sees it, after NATs), if live. */
    public Optional<InetSocketAddress> relayedAddress(InetSocketAddress client) {
        TurnServerAllocation a = byClient.get(client);
        return a != null && (lastNow == null || a.isLive(lastNow)) ? Optional.of(a.relayed) : Optional.empty();
    }

    /** How many allocations exist. */
    public int allocationCount() {
        return byClient.size();
    }

    /** The counters so far. */
    public TurnServerStats stats() {
        return counters.snapshot();
    }

    // ---- the sans-IO contract

    @Override
    public void handleReceive(Instant now, Datagram datagram) {
        Instant t = advance(now);
        InetSocketAddress to = datagram.destination();
        if (config.listen.equals(to)) {
            fromClient(t, datagram);
            return;
        }
        TurnServerAllocation a = to != null && config.relay.equals(to.getAddress()) ? byRelayPort.get(to.getPort()) : null;
        if (a == null) {
            counters.ignored++;
            return;
        }
        fromPeer(t, a, datagram);
    }

    @Override
    public void handleTimeout(Instant now) {
        Instant t = advance(now);
        byClient.values().removeIf(a -> {
            if (a.isLive(t)) {
                a.purge(t, CHANNEL_QUARANTINE);
                return false;
            }
            byRelayPort.remove(a.relayed.getPort());
            counters.expirations++;
            return true;
        });
    }

    @Override
    public Optional<Transmit> pollTransmit() {
        return Optional.ofNullable(transmits.poll());
    }

    @Override
    public Optional<Instant> pollTimeout() {
        Instant earliest = null;
        for (TurnServerAllocation a : byClient.values()) {
            Instant d = a.nextDeadline(CHANNEL_QUARANTINE);
            earliest = earliest == null || d.isBefore(earliest) ? d : earliest;
        }
        return Optional.ofNullable(earliest);
    }

    private Instant advance(Instant now) {
        if (lastNow == null || now.isAfter(lastNow)) {
            lastNow = now;
        }
        return lastNow;
    }

    // ---- from clients

    private void fromClient(Instant now, Datagram d) {
        byte[] b = d.data();
        switch (PacketClassifier.classify(b, 0, b.length)) {
            case STUN -> stunFromClient(now, d);
            case TURN_CHANNEL -> channelDataFromClient(now, d);
            default -> counters.malformed++;
        }
    }

    private void stunFromClient(Instant now, Datagram d) {
        StunMessage m;
        try {
            m = StunMessage.decode(d.data(), 0, d.data().length);
        } catch (StunException e) {
            counters.malformed++;
            return;
        }
        if (m.hasFingerprint() && !m.isFingerprintValid()) {
            counters.malformed++;
            return;
        }
        if (m.messageClass() == StunClass.REQUEST) {
            request(now, m, d.source());
        } else if (m.messageClass() == StunClass.INDICATION && m.method().equals(StunMethod.SEND)) {
            sendIndication(now, m, d.source());
        } else {
            counters.ignored++;
        }
    }

    private void request(Instant now, StunMessage m, InetSocketAddress client) {
        if (transmits.size() >= config.maxQueued) {
            counters.overflow++;
            return;
        }
        List<StunAttributeType> unknown = m.unknownComprehensionRequired();
        if (!unknown.isEmpty()) {
            reply(client, m, error(m, StunErrorCodes.UNKNOWN_ATTRIBUTE).add(new StunAttribute.UnknownAttributes(unknown)), null);
            return;
        }
        StunMethod method = m.method();
        if (method.equals(StunMethod.BINDING)) {
            reply(client, m, StunMessageBuilder.responseTo(m, StunClass.SUCCESS_RESPONSE)
                    .address(StunAttributeType.XOR_MAPPED_ADDRESS, client), null);
            return;
        }
        if (!method.equals(StunMethod.ALLOCATE) && !method.equals(StunMethod.REFRESH)
                && !method.equals(StunMethod.CREATE_PERMISSION) && !method.equals(StunMethod.CHANNEL_BIND)) {
            reply(client, m, error(m, StunErrorCodes.BAD_REQUEST), null);
            return;
        }
        LongTermAuthenticator.Result result = authenticator.authenticate(now, m);
        if (result instanceof LongTermAuthenticator.Rejected rejected) {
            counters.error(rejected.errorCode());
            reply(client, m, rejected.response(m), null);
            return;
        }
        LongTermAuthenticator.Accepted user = (LongTermAuthenticator.Accepted) result;
        StunMessageBuilder response;
        if (method.equals(StunMethod.ALLOCATE)) {
            response = allocate(now, m, client, user.username());
        } else {
            TurnServerAllocation a = live(now, client);
            if (a == null) {
                response = error(m, StunErrorCodes.ALLOCATION_MISMATCH);
            } else if (!a.username.equals(user.username())) {
                response = error(m, StunErrorCodes.WRONG_CREDENTIALS);
            } else if (method.equals(StunMethod.REFRESH)) {
                response = refresh(now, m, a);
            } else if (method.equals(StunMethod.CREATE_PERMISSION)) {
                response = createPermission(now, m, a);
            } else {
                response = channelBind(now, m, a);
            }
        }
        reply(client, m, response, user);
    }

    private StunMessageBuilder allocate(Instant now, StunMessage m, InetSocketAddress client, String username) {
        TurnServerAllocation existing = live(now, client);
        if (existing != null) {
            // A retransmitted Allocate gets the answer it would have had; anything else is a mismatch.
            return existing.allocateTransaction.equals(m.transactionId())
                    ? allocated(m, existing, now, false) : error(m, StunErrorCodes.ALLOCATION_MISMATCH);
        }
        Optional<StunAttribute> transport = m.attribute(StunAttributeType.REQUESTED_TRANSPORT);
        if (transport.isEmpty()) {
            return error(m, StunErrorCodes.BAD_REQUEST);
        }
        if (((StunAttribute.RequestedTransport) transport.get()).protocol() != StunAttribute.RequestedTransport.UDP) {
            return error(m, StunErrorCodes.UNSUPPORTED_TRANSPORT_PROTOCOL);
        }
        Optional<StunAttribute> evenPort = m.attribute(StunAttributeType.EVEN_PORT);
        if (m.contains(StunAttributeType.RESERVATION_TOKEN)) {
            // No reservations are ever handed out, so no token can be valid.
            return error(m, evenPort.isPresent() ? StunErrorCodes.BAD_REQUEST : StunErrorCodes.INSUFFICIENT_CAPACITY);
        }
        if (evenPort.isPresent() && ((StunAttribute.EvenPort) evenPort.get()).reserveNext()) {
            return error(m, StunErrorCodes.INSUFFICIENT_CAPACITY);
        }
        Optional<StunAttribute> requested = m.attribute(StunAttributeType.REQUESTED_ADDRESS_FAMILY);
        Optional<StunAttribute> additional = m.attribute(StunAttributeType.ADDITIONAL_ADDRESS_FAMILY);
        if (requested.isPresent() && additional.isPresent()) {
            return error(m, StunErrorCodes.BAD_REQUEST);
        }
        int family = requested.map(a -> ((StunAttribute.AddressFamily) a).family()).orElse(IPV4);
        if (family != family(config.relay)) {
            return error(m, StunErrorCodes.ADDRESS_FAMILY_NOT_SUPPORTED);
        }
        boolean dualRefused = false;
        if (additional.isPresent()) {
            if (((StunAttribute.AddressFamily) additional.get()).family() != IPV6) {
                return error(m, StunErrorCodes.BAD_REQUEST);
            }
            dualRefused = true; // one relay address only: the IPv6 half is refused inside a success
        }
        if (allocationsOf(username) >= config.maxAllocationsPerUser) {
            return error(m, StunErrorCodes.ALLOCATION_QUOTA_REACHED);
        }
        if (byClient.size() >= config.maxAllocations) {
            return error(m, StunErrorCodes.INSUFFICIENT_CAPACITY);
        }
        int port = allocateRelayPort(evenPort.isPresent());
        if (port < 0) {
            return error(m, StunErrorCodes.INSUFFICIENT_CAPACITY);
        }
        TurnServerAllocation a = new TurnServerAllocation(client, username, new InetSocketAddress(config.relay, port), m.transactionId(),
                now.plus(lifetime(m.uint32(StunAttributeType.LIFETIME))));
        byClient.put(client, a);
        byRelayPort.put(port, a);
        counters.allocations++;
        return allocated(m, a, now, dualRefused);
    }

    private StunMessageBuilder allocated(StunMessage m, TurnServerAllocation a, Instant now, boolean dualRefused) {
        StunMessageBuilder b = StunMessageBuilder.responseTo(m, StunClass.SUCCESS_RESPONSE)
                .address(StunAttributeType.XOR_RELAYED_ADDRESS, a.relayed)
                .uint32(StunAttributeType.LIFETIME, Duration.between(now, a.expiry).getSeconds())
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, a.client);
        if (dualRefused) {
            b.add(new StunAttribute.AddressErrorCode(IPV6, StunErrorCodes.ADDRESS_FAMILY_NOT_SUPPORTED,
                    StunErrorCodes.reasonPhrase(StunErrorCodes.ADDRESS_FAMILY_NOT_SUPPORTED)));
        }
        return b;
    }

    private StunMessageBuilder refresh(Instant now, StunMessage m, TurnServerAllocation a) {
        Optional<StunAttribute> requested = m.attribute(StunAttributeType.REQUESTED_ADDRESS_FAMILY);
        if (requested.isPresent() && ((StunAttribute.AddressFamily) requested.get()).family() != family(config.relay)) {
            return error(m, StunErrorCodes.PEER_ADDRESS_FAMILY_MISMATCH);
        }
        OptionalLong asked = m.uint32(StunAttributeType.LIFETIME);
        long seconds;
        if (asked.isPresent() && asked.getAsLong() == 0) {
            byClient.remove(a.client);
            byRelayPort.remove(a.relayed.getPort());
            counters.deletions++;
            seconds = 0;
        } else {
            Duration lifetime = lifetime(asked);
            a.expiry = now.plus(lifetime);
            counters.refreshes++;
            seconds = lifetime.getSeconds();
        }
        return StunMessageBuilder.responseTo(m, StunClass.SUCCESS_RESPONSE).uint32(StunAttributeType.LIFETIME, seconds);
    }

    private StunMessageBuilder createPermission(Instant now, StunMessage m, TurnServerAllocation a) {
        List<StunAttribute> peers = m.attributes(StunAttributeType.XOR_PEER_ADDRESS);
        if (peers.isEmpty()) {
            return error(m, StunErrorCodes.BAD_REQUEST);
        }
        List<InetAddress> addresses = new ArrayList<>(peers.size());
        for (StunAttribute p : peers) {
            InetSocketAddress peer = ((StunAttribute.Address) p).address();
            Integer refusal = checkPeer(peer);
            if (refusal != null) {
                return error(m, refusal);
            }
            addresses.add(peer.getAddress());
        }
        // All or nothing (RFC 8656 §9.2): check the bound before installing any.
        if (a.permissionsAfter(now, addresses) > config.maxPermissions) {
            return error(m, StunErrorCodes.INSUFFICIENT_CAPACITY);
        }
        for (InetAddress peer : addresses) {
            a.permit(peer, now.plus(PERMISSION_LIFETIME));
        }
        counters.permissions++;
        return StunMessageBuilder.responseTo(m, StunClass.SUCCESS_RESPONSE);
    }

    private StunMessageBuilder channelBind(Instant now, StunMessage m, TurnServerAllocation a) {
        Optional<StunAttribute> number = m.attribute(StunAttributeType.CHANNEL_NUMBER);
        Optional<InetSocketAddress> peerAttribute = m.address(StunAttributeType.XOR_PEER_ADDRESS);
        if (number.isEmpty() || peerAttribute.isEmpty()) {
            return error(m, StunErrorCodes.BAD_REQUEST);
        }
        int channel = ((StunAttribute.ChannelNumber) number.get()).channel();
        InetSocketAddress peer = peerAttribute.get();
        if (!ChannelData.isValidChannel(channel)) {
            return error(m, StunErrorCodes.BAD_REQUEST);
        }
        Integer refusal = checkPeer(peer);
        if (refusal != null) {
            return error(m, refusal);
        }
        TurnServerAllocation.Channel byNumber = a.channel(channel);
        TurnServerAllocation.Channel byPeer = a.channelOf(peer);
        if ((byNumber != null && !byNumber.peer.equals(peer)) || (byPeer != null && byPeer.number != channel)) {
            return error(m, StunErrorCodes.BAD_REQUEST);
        }
        if ((byNumber == null && a.activeChannels(now) >= config.maxChannels)
                || a.permissionsAfter(now, List.of(peer.getAddress())) > config.maxPermissions) {
            return error(m, StunErrorCodes.INSUFFICIENT_CAPACITY);
        }
        a.bind(channel, peer, now.plus(CHANNEL_LIFETIME));
        a.permit(peer.getAddress(), now.plus(PERMISSION_LIFETIME));
        counters.channelBinds++;
        return StunMessageBuilder.responseTo(m, StunClass.SUCCESS_RESPONSE);
    }

    /** The error a peer address earns, or null when it may be relayed to. */
    private Integer checkPeer(InetSocketAddress peer) {
        if (family(peer.getAddress()) != family(config.relay)) {
            return StunErrorCodes.PEER_ADDRESS_FAMILY_MISMATCH;
        }
        return config.peerPolicy.test(peer) ? null : StunErrorCodes.FORBIDDEN;
    }

    private void sendIndication(Instant now, StunMessage m, InetSocketAddress client) {
        TurnServerAllocation a = live(now, client);
        if (a == null) {
            counters.droppedNoAllocation++;
            return;
        }
        Optional<InetSocketAddress> peer = m.address(StunAttributeType.XOR_PEER_ADDRESS);
        Optional<StunAttribute> data = m.attribute(StunAttributeType.DATA);
        if (peer.isEmpty() || data.isEmpty()) {
            counters.malformed++;
            return;
        }
        if (!a.permits(now, peer.get().getAddress())) {
            counters.droppedNoPermission++;
            return;
        }
        relayToPeer(a, peer.get(), ((StunAttribute.Opaque) data.get()).value());
    }

    private void channelDataFromClient(Instant now, Datagram d) {
        byte[] b = d.data();
        int length;
        try {
            length = ChannelData.check(b, 0, b.length);
        } catch (StunException e) {
            counters.malformed++;
            return;
        }
        TurnServerAllocation a = live(now, d.source());
        if (a == null) {
            counters.droppedNoAllocation++;
            return;
        }
        TurnServerAllocation.Channel c = a.channel(ChannelData.channelAt(b, 0));
        if (c == null || !c.isActive(now)) {
            counters.droppedNoChannel++;
            return;
        }
        if (!a.permits(now, c.peer.getAddress())) {
            counters.droppedNoPermission++;
            return;
        }
        relayToPeer(a, c.peer, Arrays.copyOfRange(b, ChannelData.HEADER_LENGTH, ChannelData.HEADER_LENGTH + length));
    }

    private void relayToPeer(TurnServerAllocation a, InetSocketAddress peer, byte[] data) {
        if (transmits.size() >= config.maxQueued) {
            counters.overflow++;
            return;
        }
        transmits.add(new Transmit(a.relayed, peer, data));
        counters.relayedToPeers++;
    }

    // ---- from peers

    private void fromPeer(Instant now, TurnServerAllocation a, Datagram d) {
        if (!a.isLive(now)) {
            counters.droppedNoAllocation++;
            return;
        }
        InetSocketAddress peer = d.source();
        if (!a.permits(now, peer.getAddress())) {
            counters.droppedNoPermission++;
            return;
        }
        if (transmits.size() >= config.maxQueued) {
            counters.overflow++;
            return;
        }
        byte[] data = d.data();
        TurnServerAllocation.Channel c = a.channelOf(peer);
        byte[] out;
        try {
            if (c != null && c.isActive(now)) {
                out = new byte[ChannelData.HEADER_LENGTH + data.length];
                ChannelData.encode(c.number, data, 0, data.length, out, 0, false);
            } else {
                out = StunMessageBuilder.of(DATA_INDICATION, TransactionId.random(random))
                        .address(StunAttributeType.XOR_PEER_ADDRESS, peer)
                        .bytes(StunAttributeType.DATA, data)
                        .encode();
            }
        } catch (IllegalArgumentException e) {
            counters.malformed++; // too large to wrap for the client
            return;
        }
        transmits.add(new Transmit(config.listen, a.client, out));
        counters.relayedToClients++;
    }

    // ---- helpers

    /** The client's allocation if it is live; an expired one its timer has not reaped yet is removed now. */
    private TurnServerAllocation live(Instant now, InetSocketAddress client) {
        TurnServerAllocation a = byClient.get(client);
        if (a != null && !a.isLive(now)) {
            byClient.remove(client);
            byRelayPort.remove(a.relayed.getPort());
            counters.expirations++;
            return null;
        }
        return a;
    }

    private int allocationsOf(String username) {
        int n = 0;
        for (TurnServerAllocation a : byClient.values()) {
            n += a.username.equals(username) ? 1 : 0;
        }
        return n;
    }

    private int allocateRelayPort(boolean even) {
        int span = config.lastRelayPort - config.firstRelayPort + 1;
        for (int i = 0; i < span; i++) {
            int port = nextRelayPort;
            nextRelayPort = port == config.lastRelayPort ? config.firstRelayPort : port + 1;
            boolean listening = config.relay.equals(config.listen.getAddress()) && port == config.listen.getPort();
            if ((even && (port & 1) != 0) || listening || byRelayPort.containsKey(port)) {
                continue;
            }
            return port;
        }
        return -1;
    }

    /** RFC 8656 §7.2: min(requested, maximum), but never below the default. */
    private Duration lifetime(OptionalLong requested) {
        if (requested.isEmpty()) {
            return config.defaultLifetime;
        }
        long seconds = Math.min(requested.getAsLong(), config.maxLifetime.getSeconds());
        return seconds > config.defaultLifetime.getSeconds() ? Duration.ofSeconds(seconds) : config.defaultLifetime;
    }

    private static int family(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }

    private StunMessageBuilder error(StunMessage request, int code) {
        counters.error(code);
        return StunMessageBuilder.errorResponseTo(request, code);
    }

    private void reply(InetSocketAddress client, StunMessage request, StunMessageBuilder response,
                       LongTermAuthenticator.Accepted user) {
        if (config.software != null) {
            response.text(StunAttributeType.SOFTWARE, config.software);
        }
        if (user != null) {
            // Every response to an authenticated request is signed, errors included (RFC 8489 §9.2.4).
            if (user.sha256()) {
                response.messageIntegritySha256(user.key());
            } else {
                response.messageIntegrity(user.key());
            }
        }
        if (request.hasFingerprint()) {
            response.fingerprint();
        }
        transmits.add(new Transmit(config.listen, client, response.encode()));
    }

    @Override
    public String toString() {
        return "SimTurnServer(" + config.listen + ", relay " + config.relay.getHostAddress() + ")";
    }
}
