package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.rtc4j.ice.TurnServerUrl.Transport;
import org.rtc4j.stun.ChannelData;
import org.rtc4j.stun.LongTermCredential;
import org.rtc4j.stun.PacketClassifier;
import org.rtc4j.stun.RetransmissionPolicy;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunClient;
import org.rtc4j.stun.StunClientEvent;
import org.rtc4j.stun.StunErrorCodes;
import org.rtc4j.stun.StunException;
import org.rtc4j.stun.StunKey;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.StunWriter;
import org.rtc4j.stun.TransactionId;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one TURN allocation (RFC 8656) as a sans-IO state machine: it allocates a relayed
 * address, keeps it alive, installs permissions and channels for peers, and carries data to and from
 * them through the server.
 *
 * <h2>Driving it</h2>
 * The driver owns the connection to the server (a UDP socket, a TCP connection, or a TLS session whose
 * plaintext it passes) and follows the rule <em>mutate, then drain</em>: after {@link #start},
 * {@link #handleReceive}, {@link #handleTimeout}, {@link #createPermission}, {@link #bindChannel},
 * {@link #send} or {@link #close}, it sends every {@link #pollTransmit()} to the server, hands every
 * {@link #pollEvent()} to the application, and arms a timer for {@link #pollTimeout()}. Time only ever
 * comes in as a parameter; time going backwards counts as no time passing. Not thread-safe: one driver
 * thread owns an allocation.
 *
 * <h2>What it does</h2>
 * <ul>
 * <li>Allocate with REQUESTED-TRANSPORT UDP (RFC 8656 §7.1); a 401 is answered through
 *     {@link LongTermCredential} (MD5 and MESSAGE-INTEGRITY for RFC 5389 servers such as coturn,
 *     SHA-256 and MESSAGE-INTEGRITY-SHA256 for RFC 8489 ones), and every later request is signed. A 438
 *     (stale nonce) on any request is answered the same way, at most {@value #MAX_CHALLENGES} times per
 *     request. A 300 fails the allocation naming the alternate server ({@link #alternateServer()}).
 *     Responses to signed requests must verify with the key, or they are dropped.</li>
 * <li>Refresh (RFC 8656 §8) 60 s before the lifetime ends, or at half of a lifetime under two minutes.</li>
 * <li>Permissions (RFC 8656 §9) last 5 minutes and are refreshed every 4 while wanted; channel
 *     bindings (RFC 8656 §12) last 10 and are refreshed every 9. Channels are numbered from 0x4000.</li>
 * <li>{@link #send} uses ChannelData once a channel is bound to the peer, otherwise a Send indication
 *     (RFC 8656 §11.2). ChannelData is padded to four bytes on TCP and TLS, not on UDP.</li>
 * <li>Data indications from peers with a permission and ChannelData on this client's channels become
 *     {@link TurnEvent.Data}. Everything else from the network (garbage, truncated frames, data from
 *     peers without permission, unknown channels, responses that fail integrity) is dropped, counted in
 *     {@link #stats()} and logged at debug; nothing thrown.</li>
 * </ul>
 *
 * <h2>Bounds</h2>
 * Permissions and channels are limited by {@link TurnConfig} (64 each by default; asking for more throws);
 * queued data events and queued data transmits are bounded too: data beyond them is dropped and counted
 * ({@link #send} returns false). Over TCP and TLS, reassembly uses one fixed buffer of the largest frame
 * (64 KiB plus a header). Requests and control events are never dropped: their number is bounded by
 * the permissions and channels.
 *
 * <h2>Buffers</h2>
 * {@link #handleReceive} and {@link #send} read the caller's array during the call and keep nothing;
 * arrays from {@link #pollTransmit()} and in {@link TurnEvent.Data} are fresh and belong to the caller.
 */
public final class TurnAllocation {
    private static final Logger LOG = LoggerFactory.getLogger(TurnAllocation.class);

    /** How long the server keeps a permission (RFC 8656 §9). */
    public static final Duration PERMISSION_LIFETIME = Duration.ofMinutes(5);
    /** How long after sending a CreatePermission it is sent again, one minute inside the lifetime. */
    public static final Duration PERMISSION_REFRESH = Duration.ofMinutes(4);
    /** How long the server keeps a channel binding (RFC 8656 §12). */
    public static final Duration CHANNEL_LIFETIME = Duration.ofMinutes(10);
    /** How long after sending a ChannelBind it is sent again, one minute inside the lifetime. */
    public static final Duration CHANNEL_REFRESH = Duration.ofMinutes(9);
    /** How early a Refresh goes out before the allocation would expire (when the lifetime allows it). */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** The lifetime assumed when a success response lacks LIFETIME (the RFC 8656 §7.2 default). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    /** How often one request is signed anew after 401 or 438 before the client gives up. */
    public static final int MAX_CHALLENGES = 3;
    /**
     * The most application data {@link #send} takes at once: what fits a Send indication with an IPv6
     * XOR-PEER-ADDRESS and DONT-FRAGMENT in a STUN message's 65532-byte body.
     */
    public static final int MAX_DATA_LENGTH = 0xFFFC - (4 + 20) - 4 - 4;

    /** Where the allocation is in its life. */
    public enum State {
        /** Created; {@link #start} not called yet. */
        NEW,
        /** Allocate sent, no success yet. */
        ALLOCATING,
        /** The relayed address exists; data can flow. */
        ALLOCATED,
        /** {@link #close} sent the deleting Refresh; waiting for its answer. */
        CLOSING,
        /** The allocation could not be made or was lost; final. */
        FAILED,
        /** The allocation was deleted by {@link #close}; final. */
        CLOSED;

        /** Whether nothing more will happen. */
        public boolean isFinal() {
            return this == FAILED || this == CLOSED;
        }
    }

    /**
     * Counters since creation; a snapshot.
     *
     * @param malformed            bytes that were neither well-formed STUN nor ChannelData (garbage,
     *                             truncated frames, a TCP stream out of sync)
     * @param droppedNoPermission  Data indications from peers without a permission
     * @param droppedUnknownChannel ChannelData on channels this client did not bind
     * @param droppedUnexpected    well-formed messages that have no business here (requests, other
     *                             indications, anything before start or after the end)
     * @param droppedQueueFull     data dropped because the event or transmit queue was full
     * @param responsesRejected    responses to pending requests refused for integrity, fingerprint or method
     * @param responsesUnmatched   responses to no pending request (late, duplicated, forged)
     * @param requestsSent         requests sent, retransmissions included
     * @param retransmissions      requests resent over UDP
     * @param challenges           requests signed anew after a 401 or 438
     * @param dataIndicationsIn    Data indications delivered
     * @param channelDataIn        ChannelData messages delivered
     * @param sendIndicationsOut   Send indications queued
     * @param channelDataOut       ChannelData messages queued
     */
    public record Stats(long malformed, long droppedNoPermission, long droppedUnknownChannel, long droppedUnexpected,
                        long droppedQueueFull, long responsesRejected, long responsesUnmatched, long requestsSent,
                        long retransmissions, long challenges, long dataIndicationsIn, long channelDataIn,
                        long sendIndicationsOut, long channelDataOut) {
        /** Everything from the network that was dropped for being malformed or not allowed. */
        public long droppedInput() {
            return malformed + droppedNoPermission + droppedUnknownChannel + droppedUnexpected + responsesRejected
                    + responsesUnmatched;
        }
    }

    /** The timers; {@link #pollTimeout()} is their minimum. */
    private enum Timer {
        /** The next Refresh of the allocation. */
        REFRESH,
        /** The earliest permission refresh. */
        PERMISSIONS,
        /** The earliest channel refresh. */
        CHANNELS,
        /** The earliest retransmission or transaction deadline. */
        TRANSACTIONS
    }

    private final InetSocketAddress server;
    private final Transport transport;
    private final RandomGenerator random;
    private final TurnConfig config;
    private final LongTermCredential credential;
    private final StunClient client;
    private final RetransmissionPolicy policy;
    private final TurnStreamReassembler reassembler;

    private final Map<TransactionId, TurnRequest> requests = new HashMap<>();
    private final Map<InetAddress, TurnGrant> permissions = new LinkedHashMap<>();
    private final Map<InetSocketAddress, TurnGrant> channels = new LinkedHashMap<>();
    private final Map<Integer, InetSocketAddress> channelPeers = new HashMap<>();
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private final ArrayDeque<TurnEvent> events = new ArrayDeque<>();
    private final EnumMap<Timer, Instant> timers = new EnumMap<>(Timer.class);

    private State state = State.NEW;
    private Instant lastNow;
    private InetSocketAddress relayed;
    private InetSocketAddress mapped;
    private Instant expiresAt;
    private Instant refreshAt;
    private TurnRequest refreshInFlight;
    private InetSocketAddress alternateServer;
    private boolean askDontFragment;
    private int nextChannel = ChannelData.MIN_CHANNEL;

    private long malformed;
    private long droppedNoPermission;
    private long droppedUnknownChannel;
    private long droppedUnexpected;
    private long droppedQueueFull;
    private long challenges;
    private long dataIndicationsIn;
    private long channelDataIn;
    private long sendIndicationsOut;
    private long channelDataOut;

    /**
     * An allocation with {@link TurnConfig#DEFAULT}.
     *
     * @param server    the TURN server's address, resolved
     * @param transport how the driver reaches it; TCP and TLS mean a byte stream
     * @param username  the long-term username
     * @param password  the long-term password
     * @param random    transaction ids; a {@link java.security.SecureRandom} outside of tests
     */
    public TurnAllocation(InetSocketAddress server, Transport transport, String username, String password,
                          RandomGenerator random) {
        this(server, transport, username, password, random, TurnConfig.DEFAULT);
    }

    /** An allocation with other bounds and options. */
    public TurnAllocation(InetSocketAddress server, Transport transport, String username, String password,
                          RandomGenerator random, TurnConfig config) {
        if (server == null || server.isUnresolved()) {
            throw new IllegalArgumentException("server " + server + " (expected: a resolved address)");
        }
        if (transport == null || username == null || password == null || random == null || config == null) {
            throw new IllegalArgumentException("transport, username, password, random and config are required");
        }
        this.server = server;
        this.transport = transport;
        this.random = random;
        this.config = config;
        this.credential = new LongTermCredential(username, password);
        this.policy = config.policy() != null ? config.policy()
                : transport.isStream() ? RetransmissionPolicy.RELIABLE_DEFAULT : RetransmissionPolicy.UDP_DEFAULT;
        // One request per permission and channel at most, plus the Allocate or a Refresh: the
        // transaction layer's bound can then never be hit from inside handleTimeout.
        this.client = new StunClient(policy, config.maxPermissions() + config.maxChannels() + 2);
        this.reassembler = transport.isStream() ? new TurnStreamReassembler() : null;
        this.askDontFragment = config.dontFragment();
    }

    /**
     * An allocation on the server a {@code turn:} or {@code turns:} URL names, with its credentials.
     *
     * @param address the URL's host, resolved by the driver
     */
    public static TurnAllocation of(TurnServerUrl url, InetSocketAddress address, RandomGenerator random) {
        if (!url.isTurn()) {
            throw new IllegalArgumentException(url + " is not a TURN server (expected: turn: or turns:)");
        }
        return new TurnAllocation(address, url.transport(), url.username(), url.credential(), random);
    }

    // ---------------------------------------------------------------- commands

    /**
     * Sends the Allocate request (RFC 8656 §7.1).
     *
     * @throws IllegalStateException unless the allocation is {@link State#NEW}
     */
    public void start(Instant now) {
        if (state != State.NEW) {
            throw new IllegalStateException("start() in state " + state + " (expected: NEW)");
        }
        Instant t = advance(now);
        state = State.ALLOCATING;
        LOG.debug("turn {}: allocating over {}", server, transport);
        sendRequest(t, TurnRequest.of(TurnRequest.Kind.ALLOCATE));
        pump(t);
    }

    /**
     * Asks the server to relay data from {@code peer} (any port) to this client, and keeps the
     * permission refreshed until {@link #removePermission} or the end. Before the allocation exists the
     * wish is remembered and sent once it does; after it ended the call does nothing. Asking again for
     * the same address does nothing.
     *
     * @throws IllegalStateException if {@link TurnConfig#maxPermissions()} addresses have permissions
     */
    public void createPermission(Instant now, InetAddress peer) {
        if (peer == null) {
            throw new IllegalArgumentException("a peer address is required");
        }
        Instant t = advance(now);
        if (!acceptsCommands()) {
            LOG.debug("turn {}: ignoring createPermission({}) in state {}", server, peer, state);
            return;
        }
        wantPermission(t, peer);
        pump(t);
    }

    /**
     * Stops refreshing the permission for {@code peer}; the server forgets it within five minutes and
     * data from that address is dropped here at once. Channels to that address stop carrying data
     * when the permission lapses.
     *
     * @return whether there was one
     */
    public boolean removePermission(InetAddress peer) {
        TurnGrant g = permissions.remove(peer);
        if (g == null) {
            return false;
        }
        forget(g.inFlight);
        updateTimers();
        return true;
    }

    /**
     * Binds the next free channel (from 0x4000) to {@code peer} (RFC 8656 §12.1) and refreshes it
     * every nine minutes. Because a binding outlives the permission it installs, a permission for the
     * peer's address is created as well if there is none. Before the allocation exists the wish is
     * remembered; after it ended the call does nothing; binding a peer again does nothing.
     *
     * @throws IllegalStateException if {@link TurnConfig#maxChannels()} channels are bound, or the permission
     *                               it needs would exceed {@link TurnConfig#maxPermissions()}
     */
    public void bindChannel(Instant now, InetSocketAddress peer) {
        if (peer == null || peer.isUnresolved()) {
            throw new IllegalArgumentException("peer " + peer + " (expected: a resolved address)");
        }
        Instant t = advance(now);
        if (!acceptsCommands()) {
            LOG.debug("turn {}: ignoring bindChannel({}) in state {}", server, peer, state);
            return;
        }
        if (channels.containsKey(peer)) {
            return;
        }
        if (channels.size() >= config.maxChannels()) {
            throw new IllegalStateException(channels.size() + " channels bound (expected: at most " + config.maxChannels() + ")");
        }
        wantPermission(t, peer.getAddress());
        int number = freeChannel();
        TurnGrant g = TurnGrant.channel(number);
        channels.put(peer, g);
        channelPeers.put(number, peer);
        if (state == State.ALLOCATED) {
            sendChannelBind(t, peer, g);
        }
        pump(t);
    }

    /**
     * Sends data to a peer through the relay: as ChannelData once a channel is bound to it, else as a
     * Send indication if its address has a permission (installed or requested; a request goes out
     * before the data, so the server sees it first).
     *
     * @param data the data; read during the call, not retained
     * @return false if the allocation does not exist, the peer has neither channel nor permission, or
     *         {@link TurnConfig#maxQueuedTransmits()} transmits wait to be drained
     * @throws IllegalArgumentException for more than {@link #MAX_DATA_LENGTH} bytes or a bad range
     */
    public boolean send(Instant now, InetSocketAddress peer, byte[] data, int off, int len) {
        if (peer == null || peer.isUnresolved()) {
            throw new IllegalArgumentException("peer " + peer + " (expected: a resolved address)");
        }
        checkRange(data, off, len);
        if (len > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException(len + " bytes of data (expected: at most " + MAX_DATA_LENGTH + ")");
        }
        advance(now);
        if (state != State.ALLOCATED) {
            return false;
        }
        if (transmits.size() >= config.maxQueuedTransmits()) {
            droppedQueueFull++;
            return false;
        }
        TurnGrant channel = channels.get(peer);
        if (channel != null && channel.installed) {
            boolean padded = transport.isStream();
            byte[] out = new byte[ChannelData.HEADER_LENGTH + (padded ? (len + 3) & ~3 : len)];
            ChannelData.encode(channel.channel, data, off, len, out, 0, padded);
            transmits.add(out);
            channelDataOut++;
            return true;
        }
        if (!permissions.containsKey(peer.getAddress())) {
            return false;
        }
        transmits.add(sendIndication(peer, data, off, len));
        sendIndicationsOut++;
        return true;
    }

    /**
     * Deletes the allocation with a Refresh of LIFETIME 0 (RFC 8656 §8); {@link TurnEvent.Closed}
     * follows its answer (or its timeout). Before the allocation exists, it just ends: an Allocate in
     * flight is abandoned, and the server lets such an allocation expire. After the end it does nothing.
     */
    public void close(Instant now) {
        Instant t = advance(now);
        switch (state) {
            case NEW, ALLOCATING -> finish(State.CLOSED, new TurnEvent.Closed());
            case ALLOCATED -> {
                cancelAll();
                state = State.CLOSING;
                LOG.debug("turn {}: closing {}", server, relayed);
                sendRequest(t, TurnRequest.of(TurnRequest.Kind.CLOSE));
            }
            default -> {
            }
        }
        pump(t);
    }

    // ---------------------------------------------------------------- input

    /**
     * Handles bytes from the server: one datagram over UDP, or the next chunk of the TCP or TLS stream
     * (split anywhere; reassembled here). Malformed or unwanted input is dropped and counted.
     *
     * @param data the bytes; read during the call, not retained
     */
    public void handleReceive(Instant now, byte[] data, int off, int len) {
        checkRange(data, off, len);
        Instant t = advance(now);
        if (reassembler == null) {
            handleFrame(t, data, off, len);
        } else {
            handleStream(t, data, off, len);
        }
        pump(t);
    }

    /** Resends, refreshes and gives up as the timers say; a call before any deadline does nothing. */
    public void handleTimeout(Instant now) {
        Instant t = advance(now);
        if (state.isFinal()) {
            return;
        }
        client.handleTimeout(t);
        pump(t);
        if (state == State.ALLOCATED) {
            if (refreshAt != null && !refreshAt.isAfter(t)) {
                refreshAt = null;
                refreshInFlight = TurnRequest.of(TurnRequest.Kind.REFRESH);
                sendRequest(t, refreshInFlight);
            }
            for (Map.Entry<InetAddress, TurnGrant> e : permissions.entrySet()) {
                TurnGrant g = e.getValue();
                if (g.refreshAt != null && !g.refreshAt.isAfter(t)) {
                    sendPermission(t, e.getKey(), g);
                }
            }
            for (Map.Entry<InetSocketAddress, TurnGrant> e : channels.entrySet()) {
                TurnGrant g = e.getValue();
                if (g.refreshAt != null && !g.refreshAt.isAfter(t)) {
                    sendChannelBind(t, e.getKey(), g);
                }
            }
        }
        pump(t);
    }

    // ---------------------------------------------------------------- output

    /** The next bytes for the server: a whole datagram over UDP, the next piece of the stream over TCP/TLS. */
    public Optional<byte[]> pollTransmit() {
        return Optional.ofNullable(transmits.poll());
    }

    /** The next event. */
    public Optional<TurnEvent> pollEvent() {
        return Optional.ofNullable(events.poll());
    }

    /** When {@link #handleTimeout} next has work: the earliest of the timers, if any runs. */
    public Optional<Instant> pollTimeout() {
        Instant earliest = null;
        for (Instant i : timers.values()) {
            if (earliest == null || i.isBefore(earliest)) {
                earliest = i;
            }
        }
        return Optional.ofNullable(earliest);
    }

    // ---------------------------------------------------------------- getters

    /** Where the allocation is in its life. */
    public State state() {
        return state;
    }

    /** The relayed transport address, once allocated. */
    public Optional<InetSocketAddress> relayedAddress() {
        return Optional.ofNullable(relayed);
    }

    /** This client's address as the server saw it, once allocated and if the server said. */
    public Optional<InetSocketAddress> mappedAddress() {
        return Optional.ofNullable(mapped);
    }

    /** The ALTERNATE-SERVER of a 300 (Try Alternate) answer to the Allocate, if one came (RFC 8656 §7.4). */
    public Optional<InetSocketAddress> alternateServer() {
        return Optional.ofNullable(alternateServer);
    }

    /** The server this allocation talks to. */
    public InetSocketAddress server() {
        return server;
    }

    /** How the driver reaches the server. */
    public Transport transport() {
        return transport;
    }

    /** When the allocation expires unless refreshed, once allocated. */
    public Optional<Instant> expiresAt() {
        return state == State.ALLOCATED ? Optional.ofNullable(expiresAt) : Optional.empty();
    }

    /** Whether the server confirmed a permission for this address. */
    public boolean hasPermission(InetAddress peer) {
        TurnGrant g = permissions.get(peer);
        return g != null && g.installed;
    }

    /** The channel bound to a peer, once the server confirmed it. */
    public OptionalInt channel(InetSocketAddress peer) {
        TurnGrant g = channels.get(peer);
        return g != null && g.installed ? OptionalInt.of(g.channel) : OptionalInt.empty();
    }

    /** How many addresses have a permission, requested or installed. */
    public int permissionCount() {
        return permissions.size();
    }

    /** How many channels are bound, requested or confirmed. */
    public int channelCount() {
        return channels.size();
    }

    /** Counters since creation. */
    public Stats stats() {
        StunClient.Stats c = client.stats();
        return new Stats(malformed + c.malformed(), droppedNoPermission, droppedUnknownChannel, droppedUnexpected,
                droppedQueueFull, c.dropped(), c.unmatched(), c.requestsSent(), c.retransmissions(), challenges,
                dataIndicationsIn, channelDataIn, sendIndicationsOut, channelDataOut);
    }

    @Override
    public String toString() {
        return "TurnAllocation[" + transport + " " + server + ", " + state + (relayed != null ? ", relayed " + relayed : "") + "]";
    }

    // ---------------------------------------------------------------- requests

    private void sendRequest(Instant t, TurnRequest r) {
        StunMessageBuilder b = StunMessageBuilder.of(StunMessageType.of(StunClass.REQUEST, r.kind.method),
                TransactionId.random(random));
        switch (r.kind) {
            case ALLOCATE -> {
                b.add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP));
                if (askDontFragment) {
                    b.flag(StunAttributeType.DONT_FRAGMENT);
                }
                if (config.requestedLifetime() != null) {
                    b.uint32(StunAttributeType.LIFETIME, config.requestedLifetime().toSeconds());
                }
                if (config.software() != null) {
                    b.text(StunAttributeType.SOFTWARE, config.software());
                }
            }
            case REFRESH -> {
                if (config.requestedLifetime() != null) {
                    b.uint32(StunAttributeType.LIFETIME, config.requestedLifetime().toSeconds());
                }
            }
            case CLOSE -> b.uint32(StunAttributeType.LIFETIME, 0);
            // The port of a permission's address is ignored (RFC 8656 §9.1).
            case PERMISSION -> b.address(StunAttributeType.XOR_PEER_ADDRESS, new InetSocketAddress(r.permissionPeer, 0));
            case CHANNEL_BIND -> b.add(new StunAttribute.ChannelNumber(r.channel))
                    .address(StunAttributeType.XOR_PEER_ADDRESS, r.channelPeer);
        }
        StunKey key = null;
        if (credential.isReady()) {
            credential.sign(b);
            key = credential.key().orElseThrow();
        }
        StunMessage request = b.fingerprint().build();
        r.transactionId = request.transactionId();
        r.sentAt = t;
        requests.put(r.transactionId, r);
        client.sendRequest(t, request, null, server, policy, key);
    }

    private void wantPermission(Instant t, InetAddress peer) {
        if (permissions.containsKey(peer)) {
            return;
        }
        if (permissions.size() >= config.maxPermissions()) {
            throw new IllegalStateException(permissions.size() + " permissions (expected: at most " + config.maxPermissions() + ")");
        }
        TurnGrant g = TurnGrant.permission();
        permissions.put(peer, g);
        if (state == State.ALLOCATED) {
            sendPermission(t, peer, g);
        }
    }

    private void sendPermission(Instant t, InetAddress peer, TurnGrant g) {
        g.refreshAt = null;
        g.inFlight = TurnRequest.permission(peer);
        sendRequest(t, g.inFlight);
    }

    private void sendChannelBind(Instant t, InetSocketAddress peer, TurnGrant g) {
        g.refreshAt = null;
        g.inFlight = TurnRequest.channelBind(peer, g.channel);
        sendRequest(t, g.inFlight);
    }

    private int freeChannel() {
        // Numbers go round the range, so a number freed by a failed bind is the last to be reused.
        while (channelPeers.containsKey(nextChannel)) {
            nextChannel = nextChannel == ChannelData.MAX_CHANNEL ? ChannelData.MIN_CHANNEL : nextChannel + 1;
        }
        int n = nextChannel;
        nextChannel = n == ChannelData.MAX_CHANNEL ? ChannelData.MIN_CHANNEL : n + 1;
        return n;
    }

    /** Moves the transaction layer's output here and reacts to its events, until both are empty. */
    private void pump(Instant t) {
        while (true) {
            Optional<Transmit> tx = client.pollTransmit();
            if (tx.isPresent()) {
                transmits.add(tx.get().data());
                continue;
            }
            Optional<StunClientEvent> e = client.pollEvent();
            if (e.isEmpty()) {
                break;
            }
            TurnRequest r = requests.remove(e.get().transactionId());
            if (r == null) {
                continue;
            }
            if (e.get() instanceof StunClientEvent.Response response) {
                handleResponse(t, r, response.response());
            } else if (e.get() instanceof StunClientEvent.Timeout) {
                handleRequestTimeout(t, r);
            } else if (e.get() instanceof StunClientEvent.Failed failed) {
                handleError(t, r, failed.reason(), failed.response().errorCode().map(StunAttribute.ErrorCode::code).orElse(0));
            }
        }
        updateTimers();
    }

    private void handleResponse(Instant t, TurnRequest r, StunMessage response) {
        if (response.messageClass() == StunClass.SUCCESS_RESPONSE) {
            handleSuccess(t, r, response);
            return;
        }
        Optional<StunAttribute.ErrorCode> error = response.errorCode();
        int code = error.map(StunAttribute.ErrorCode::code).orElse(0);
        String reason = error.map(e -> code + " " + (e.reason().isEmpty() ? StunErrorCodes.reasonPhrase(code) : e.reason()))
                .orElse("an error response without ERROR-CODE");
        if ((code == StunErrorCodes.UNAUTHENTICATED || code == StunErrorCodes.STALE_NONCE)
                && r.challenges < MAX_CHALLENGES && credential.handleChallenge(response)) {
            r.challenges++;
            challenges++;
            LOG.debug("turn {}: {} answered {}, sending it signed with the new nonce", server, r.describe(), code);
            sendRequest(t, r);
            return;
        }
        if (code == StunErrorCodes.UNKNOWN_ATTRIBUTE && r.kind == TurnRequest.Kind.ALLOCATE && askDontFragment
                && refusesDontFragment(response)) {
            // RFC 8656 §7.4: a server without DONT-FRAGMENT support; ask again without it.
            askDontFragment = false;
            sendRequest(t, r);
            return;
        }
        if (code == StunErrorCodes.TRY_ALTERNATE && r.kind == TurnRequest.Kind.ALLOCATE) {
            alternateServer = response.address(StunAttributeType.ALTERNATE_SERVER).orElse(null);
            reason = alternateServer != null ? "try alternate server " + alternateServer + " (300)"
                    : "300 Try Alternate without ALTERNATE-SERVER";
        }
        handleError(t, r, r.describe() + " failed: " + reason, code);
    }

    private static boolean refusesDontFragment(StunMessage response) {
        return response.attribute(StunAttributeType.UNKNOWN_ATTRIBUTES)
                .map(a -> ((StunAttribute.UnknownAttributes) a).types().contains(StunAttributeType.DONT_FRAGMENT))
                .orElse(false);
    }

    private void handleSuccess(Instant t, TurnRequest r, StunMessage response) {
        switch (r.kind) {
            case ALLOCATE -> allocated(t, r, response);
            case REFRESH -> {
                refreshInFlight = null;
                Duration lifetime = lifetime(response);
                if (lifetime.isZero()) {
                    finish(State.FAILED, new TurnEvent.Failed("the server answered a Refresh with LIFETIME 0", 0));
                    return;
                }
                scheduleRefresh(r.sentAt, lifetime);
                events.add(new TurnEvent.Refreshed(lifetime));
            }
            case CLOSE -> finish(State.CLOSED, new TurnEvent.Closed());
            case PERMISSION -> {
                TurnGrant g = permissions.get(r.permissionPeer);
                if (g != null && g.inFlight == r && g.confirm(r.sentAt, PERMISSION_LIFETIME, PERMISSION_REFRESH)) {
                    events.add(new TurnEvent.PermissionCreated(r.permissionPeer));
                }
            }
            case CHANNEL_BIND -> {
                TurnGrant g = channels.get(r.channelPeer);
                if (g != null && g.inFlight == r && g.confirm(r.sentAt, CHANNEL_LIFETIME, CHANNEL_REFRESH)) {
                    events.add(new TurnEvent.ChannelBound(r.channelPeer, r.channel));
                }
            }
        }
    }

    private void allocated(Instant t, TurnRequest r, StunMessage response) {
        if (state != State.ALLOCATING) {
            return;
        }
        List<StunAttribute> relays = response.attributes(StunAttributeType.XOR_RELAYED_ADDRESS);
        if (relays.isEmpty()) {
            finish(State.FAILED, new TurnEvent.Failed("Allocate succeeded without XOR-RELAYED-ADDRESS", 0));
            return;
        }
        relayed = ((StunAttribute.Address) relays.get(0)).address();
        mapped = response.mappedAddress().orElse(null);
        Duration lifetime = lifetime(response);
        state = State.ALLOCATED;
        scheduleRefresh(r.sentAt, lifetime);
        LOG.debug("turn {}: allocated {} (mapped {}) for {}", server, relayed, mapped, lifetime);
        events.add(new TurnEvent.Allocated(relayed, mapped, lifetime));
        // What the application asked for while the allocation was being made goes out now.
        for (Map.Entry<InetAddress, TurnGrant> e : permissions.entrySet()) {
            sendPermission(t, e.getKey(), e.getValue());
        }
        for (Map.Entry<InetSocketAddress, TurnGrant> e : channels.entrySet()) {
            sendChannelBind(t, e.getKey(), e.getValue());
        }
    }

    private static Duration lifetime(StunMessage response) {
        return response.contains(StunAttributeType.LIFETIME)
                ? Duration.ofSeconds(response.uint32(StunAttributeType.LIFETIME).getAsLong())
                : DEFAULT_LIFETIME;
    }

    private void scheduleRefresh(Instant sentAt, Duration lifetime) {
        expiresAt = sentAt.plus(lifetime);
        Duration lead = lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) > 0 ? lifetime.minus(REFRESH_MARGIN) : lifetime.dividedBy(2);
        refreshAt = sentAt.plus(lead);
    }

    private void handleRequestTimeout(Instant t, TurnRequest r) {
        String reason = r.describe() + " timed out";
        switch (r.kind) {
            case REFRESH -> {
                // The allocation may still be alive: try again until it would have expired.
                if (t.isBefore(expiresAt)) {
                    LOG.debug("turn {}: {}, trying again before {}", server, reason, expiresAt);
                    sendRequest(t, r);
                    return;
                }
            }
            case PERMISSION -> {
                TurnGrant g = permissions.get(r.permissionPeer);
                if (g != null && g.inFlight == r && g.isAlive(t)) {
                    sendRequest(t, r);
                    return;
                }
            }
            case CHANNEL_BIND -> {
                TurnGrant g = channels.get(r.channelPeer);
                if (g != null && g.inFlight == r && g.isAlive(t)) {
                    sendRequest(t, r);
                    return;
                }
            }
            default -> {
            }
        }
        handleError(t, r, reason, 0);
    }

    private void handleError(Instant t, TurnRequest r, String reason, int code) {
        LOG.debug("turn {}: {}", server, reason);
        switch (r.kind) {
            case ALLOCATE, REFRESH -> finish(State.FAILED, new TurnEvent.Failed(reason, code));
            // Whatever went wrong, the allocation is gone or going: a 437 means it already was.
            case CLOSE -> finish(State.CLOSED, new TurnEvent.Closed());
            case PERMISSION -> {
                TurnGrant g = permissions.get(r.permissionPeer);
                if (g != null && g.inFlight == r) {
                    permissions.remove(r.permissionPeer);
                    events.add(new TurnEvent.PermissionFailed(r.permissionPeer, reason, code));
                }
            }
            case CHANNEL_BIND -> {
                TurnGrant g = channels.get(r.channelPeer);
                if (g != null && g.inFlight == r) {
                    channels.remove(r.channelPeer);
                    channelPeers.remove(g.channel);
                    events.add(new TurnEvent.ChannelBindFailed(r.channelPeer, r.channel, reason, code));
                }
            }
        }
    }

    /** Ends the allocation for good with a last event. */
    private void finish(State end, TurnEvent event) {
        if (state.isFinal()) {
            return;
        }
        cancelAll();
        state = end;
        refreshAt = null;
        if (reassembler != null) {
            reassembler.clear();
        }
        events.add(event);
        LOG.debug("turn {}: {} ({})", server, end, event);
    }

    /** Abandons every request in flight and forgets permissions and channels. */
    private void cancelAll() {
        for (TransactionId id : new ArrayList<>(requests.keySet())) {
            client.cancel(id);
        }
        requests.clear();
        permissions.clear();
        channels.clear();
        channelPeers.clear();
        refreshInFlight = null;
        refreshAt = null;
    }

    private void forget(TurnRequest r) {
        if (r != null && r.transactionId != null) {
            requests.remove(r.transactionId);
            client.cancel(r.transactionId);
        }
    }

    private boolean acceptsCommands() {
        return state == State.NEW || state == State.ALLOCATING || state == State.ALLOCATED;
    }

    private void updateTimers() {
        timers.clear();
        if (state == State.ALLOCATED && refreshAt != null) {
            timers.put(Timer.REFRESH, refreshAt);
        }
        if (state == State.ALLOCATED) {
            earliest(Timer.PERMISSIONS, permissions.values().iterator());
            earliest(Timer.CHANNELS, channels.values().iterator());
        }
        client.pollTimeout().ifPresent(i -> timers.put(Timer.TRANSACTIONS, i));
    }

    private void earliest(Timer timer, Iterator<TurnGrant> grants) {
        Instant earliest = null;
        while (grants.hasNext()) {
            Instant at = grants.next().refreshAt;
            if (at != null && (earliest == null || at.isBefore(earliest))) {
                earliest = at;
            }
        }
        if (earliest != null) {
            timers.put(timer, earliest);
        }
    }

    // ---------------------------------------------------------------- incoming bytes

    private void handleStream(Instant t, byte[] b, int off, int len) {
        int pos = off;
        int remaining = len;
        do {
            int taken = reassembler.offer(b, pos, remaining);
            pos += taken;
            remaining -= taken;
            try {
                int frame;
                while ((frame = reassembler.nextFrameLength()) > 0) {
                    handleFrame(t, reassembler.buffer(), reassembler.frameOffset(), frame);
                    reassembler.consume(frame);
                }
            } catch (StunException e) {
                // Without a length to skip by, the frames that follow cannot be found again.
                malformed++;
                reassembler.clear();
                LOG.debug("turn {}: the stream is out of sync: {}", server, e.getMessage());
                if (!state.isFinal() && state != State.NEW) {
                    finish(State.FAILED, new TurnEvent.Failed("the " + transport + " stream from the server is out of sync: "
                            + e.getMessage(), 0));
                }
                return;
            }
        } while (remaining > 0);
    }

    private void handleFrame(Instant t, byte[] b, int off, int len) {
        switch (PacketClassifier.classify(b, off, len)) {
            case STUN -> handleStun(t, b, off, len);
            case TURN_CHANNEL -> handleChannelData(b, off, len);
            default -> {
                malformed++;
                LOG.debug("turn {}: dropping {} bytes that are neither STUN nor ChannelData", server, len);
            }
        }
    }

    private void handleStun(Instant t, byte[] b, int off, int len) {
        StunMessage m;
        try {
            m = StunMessage.decode(b, off, len);
        } catch (StunException e) {
            malformed++;
            LOG.debug("turn {}: dropping malformed STUN: {}", server, e.getMessage());
            return;
        }
        if (m.messageClass().isResponse()) {
            // The transaction layer checks the id, fingerprint and integrity and counts what it refuses;
            // its verdict is acted on at once, so that events keep the order of the frames.
            client.handleResponse(t, m, server);
            pump(t);
        } else if (m.messageClass() == StunClass.INDICATION && m.method().equals(StunMethod.DATA)) {
            handleDataIndication(m);
        } else {
            droppedUnexpected++;
            LOG.debug("turn {}: dropping an unexpected {}", server, m.type());
        }
    }

    private void handleDataIndication(StunMessage m) {
        if (!carriesData()) {
            droppedUnexpected++;
            LOG.debug("turn {}: dropping a Data indication in state {}", server, state);
            return;
        }
        if ((m.hasFingerprint() && !m.isFingerprintValid()) || !m.unknownComprehensionRequired().isEmpty()) {
            malformed++;
            LOG.debug("turn {}: dropping a Data indication with a bad FINGERPRINT or unknown attributes", server);
            return;
        }
        Optional<InetSocketAddress> peer = m.address(StunAttributeType.XOR_PEER_ADDRESS);
        Optional<StunAttribute> data = m.attribute(StunAttributeType.DATA);
        if (peer.isEmpty() || data.isEmpty()) {
            malformed++;
            LOG.debug("turn {}: dropping a Data indication without XOR-PEER-ADDRESS or DATA (RFC 8656 §11.6)", server);
            return;
        }
        if (!permissions.containsKey(peer.get().getAddress())) {
            droppedNoPermission++;
            LOG.debug("turn {}: dropping data from {}, which has no permission", server, peer.get());
            return;
        }
        if (deliver(new TurnEvent.Data(peer.get(), ((StunAttribute.Opaque) data.get()).value()))) {
            dataIndicationsIn++;
        }
    }

    private void handleChannelData(byte[] b, int off, int len) {
        int dataLength;
        try {
            dataLength = ChannelData.check(b, off, len);
        } catch (StunException e) {
            malformed++;
            LOG.debug("turn {}: dropping malformed ChannelData: {}", server, e.getMessage());
            return;
        }
        if (!carriesData()) {
            droppedUnexpected++;
            return;
        }
        int number = ChannelData.channelAt(b, off);
        // A binding in flight counts: on UDP its data may overtake the success response.
        InetSocketAddress peer = channelPeers.get(number);
        if (peer == null) {
            droppedUnknownChannel++;
            LOG.debug("turn {}: dropping ChannelData on unbound channel 0x{}", server, Integer.toHexString(number));
            return;
        }
        byte[] data = new byte[dataLength];
        System.arraycopy(b, off + ChannelData.HEADER_LENGTH, data, 0, dataLength);
        if (deliver(new TurnEvent.Data(peer, data))) {
            channelDataIn++;
        }
    }

    private boolean carriesData() {
        return state == State.ALLOCATED || state == State.CLOSING;
    }

    private boolean deliver(TurnEvent.Data data) {
        if (events.size() >= config.maxQueuedEvents()) {
            droppedQueueFull++;
            LOG.debug("turn {}: event queue full, dropping data from {}", server, data.peer());
            return false;
        }
        events.add(data);
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private byte[] sendIndication(InetSocketAddress peer, byte[] data, int off, int len) {
        boolean v6 = peer.getAddress().getAddress().length == 16;
        int length = StunMessage.HEADER_LENGTH + 4 + (v6 ? 20 : 8) + 4 + ((len + 3) & ~3) + (askDontFragment ? 4 : 0);
        byte[] out = new byte[length];
        StunWriter w = new StunWriter().begin(out, 0, StunMessageType.of(StunClass.INDICATION, StunMethod.SEND),
                TransactionId.random(random));
        w.address(StunAttributeType.XOR_PEER_ADDRESS, peer).bytes(StunAttributeType.DATA, data, off, len);
        if (askDontFragment) {
            w.flag(StunAttributeType.DONT_FRAGMENT);
        }
        w.finish();
        return out;
    }

    private Instant advance(Instant now) {
        if (now == null) {
            throw new IllegalArgumentException("now is required");
        }
        if (lastNow == null || now.isAfter(lastNow)) {
            lastNow = now;
        }
        return lastNow;
    }

    private static void checkRange(byte[] data, int off, int len) {
        if (data == null || off < 0 || len < 0 || off > data.length - len) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside a buffer of "
                    + (data == null ? "null" : data.length + " bytes"));
        }
    }
}
