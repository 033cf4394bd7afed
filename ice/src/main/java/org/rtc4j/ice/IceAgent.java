package org.rtc4j.ice;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.rtc4j.stun.Datagram;
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
import org.rtc4j.stun.TransactionId;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ICE agent for one data stream with one component, as WebRTC uses with BUNDLE and rtcp-mux
 * (RFC 8445 full and lite, RFC 8838 trickle, RFC 7675 consent freshness), as a sans-IO state machine.
 *
 * <p>The driver owns the sockets. It tells the agent which local addresses it has bound
 * ({@link #addHostAddress}), feeds it every STUN datagram that arrives ({@link #handleReceive}, with
 * the local address it arrived on as the datagram's destination), calls {@link #handleTimeout} at
 * {@link #pollTimeout}, and sends what {@link #pollTransmit} returns from the transmit's source
 * address. Application data goes out with {@link #send} on the selected pair. Of what arrives, the
 * driver passes STUN, and everything from a TURN server (STUN and ChannelData), to the agent; other
 * datagrams (DTLS, RTP) on direct pairs go straight to the layers above (see {@link PacketClassifier}),
 * while data relayed by TURN comes back out as {@link IceEvent.Data}. A driver with an mDNS socket
 * passes its datagrams to {@link #handleMdns} and sends transmits addressed to the mDNS group from it.
 *
 * <p>Time is only ever a parameter, randomness comes from the generator given at construction, so a
 * test with a seeded generator and a simulated network is reproducible. Not thread-safe: one driver
 * thread owns an agent.
 *
 * <p>Security and bounds: a check creates state (a peer-reflexive candidate, a pair) only after its
 * MESSAGE-INTEGRITY verifies with our password; remote candidates, pairs and checks that arrive
 * before the remote credentials are bounded by {@link IceConfig}. Everything dropped is counted in
 * {@link #stats()}.
 */
public final class IceAgent {
    private static final Logger LOG = LoggerFactory.getLogger(IceAgent.class);
    private static final int COMPONENT = 1;
    private static final java.net.InetAddress ANY_V4 = anyV4();

    private static java.net.InetAddress anyV4() {
        try {
            return java.net.InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private enum Timer { PACING, NOMINATION, CONSENT, CONSENT_EXPIRY, CHECKING_TIMEOUT }

    /** What a STUN transaction of the agent is for. */
    private record Purpose(CandidatePair pair, InetSocketAddress base, boolean nominating, boolean consent, IceRole roleWhenSent) {
    }

    /** A check that arrived before the remote credentials, replayed when they come (RFC 8445 §7.3.1.3 is silent; browsers do this). */
    private record EarlyCheck(InetSocketAddress base, InetSocketAddress source, long priority, boolean useCandidate) {
    }

    /** A TURN allocation and the local socket it is reached from. */
    private static final class Relay {
        final TurnAllocation allocation;
        final InetSocketAddress base;
        InetSocketAddress relayed;
        boolean done;

        Relay(TurnAllocation allocation, InetSocketAddress base) {
            this.allocation = allocation;
            this.base = base;
        }
    }

    private final IceConfig config;
    private final RandomGenerator random;
    private final StunClient stun;
    private final Checklist checklist;
    private final List<Candidate> localCandidates = new ArrayList<>();
    private final List<Candidate> remoteCandidates = new ArrayList<>();
    private final List<InetSocketAddress> bases = new ArrayList<>();
    private final Map<TransactionId, Purpose> purposes = new HashMap<>();
    private final List<EarlyCheck> earlyChecks = new ArrayList<>();
    private final EnumMap<Timer, Instant> timers = new EnumMap<>(Timer.class);
    /** What the agent produced, before {@link #flush} routes relayed sources through their allocation. */
    private final ArrayDeque<Transmit> outbox = new ArrayDeque<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final List<Relay> relays = new ArrayList<>();
    private final ArrayDeque<IceEvent> events = new ArrayDeque<>();
    private final IceAgentStats stats = new IceAgentStats();
    private final MdnsResolver mdnsResolver = new MdnsResolver();
    private final MdnsResponder mdnsResponder = new MdnsResponder();
    /** Remote candidates waiting for their {@code .local} name to resolve, by lower-case name. */
    private final Map<String, List<Candidate>> unresolved = new HashMap<>();

    private IceRole role;
    private final long tieBreaker;
    private IceCredentials localCredentials;
    private StunKey localKey;
    private IceCredentials remoteCredentials;
    private StunKey remoteKey;
    private boolean remoteEndOfCandidates;
    private IceGatheringState gatheringState = IceGatheringState.NEW;
    private IceConnectionState connectionState = IceConnectionState.NEW;
    private CandidatePair selected;
    /** The pair this controlling agent is nominating (RFC 8445 §8.1.1: one per component), until it fails. */
    private CandidatePair nominating;
    private boolean consentMissed;
    private boolean consentExpired;
    private boolean closed;
    private Instant checkingSince;
    private Instant lastNow = Instant.MIN;
    private int prflxCounter;

    public IceAgent(IceConfig config, RandomGenerator random) {
        this.config = config;
        this.random = random;
        this.role = config.role();
        this.tieBreaker = random.nextLong();
        this.stun = new StunClient(config.checkPolicy(), config.maxPairs() + 64);
        this.checklist = new Checklist(config.maxPairs());
        setLocalCredentials(IceCredentials.random(random));
    }

    // ---- getters

    /** Our ufrag and password, for {@code a=ice-ufrag} and {@code a=ice-pwd}. */
    public IceCredentials localCredentials() {
        return localCredentials;
    }

    /** The peer's credentials, once known. */
    public Optional<IceCredentials> remoteCredentials() {
        return Optional.ofNullable(remoteCredentials);
    }

    public IceRole role() {
        return role;
    }

    /**
     * Takes the role that signalling chose (RFC 8445 §6.1.1: the offerer controls, unless the peer is
     * lite), before or during checks; pairs are reprioritised as after a role conflict.
     */
    public void setRole(IceRole newRole) {
        if (newRole == role) {
            return;
        }
        role = newRole;
        checklist.reprioritise(role);
    }

    /** This agent's tie-breaker for role conflicts (RFC 8445 §7.1.3). */
    public long tieBreaker() {
        return tieBreaker;
    }

    public IceConnectionState connectionState() {
        return connectionState;
    }

    public IceGatheringState gatheringState() {
        return gatheringState;
    }

    /** The pair data flows on. */
    public Optional<CandidatePair> selectedPair() {
        return Optional.ofNullable(selected);
    }

    /** Every pair of the current checklist, best first. */
    public List<CandidatePair> pairs() {
        return checklist.pairs();
    }

    /** The local candidates gathered so far. */
    public List<Candidate> localCandidates() {
        return List.copyOf(localCandidates);
    }

    /** The remote candidates known so far, signalled and peer-reflexive. */
    public List<Candidate> remoteCandidates() {
        return List.copyOf(remoteCandidates);
    }

    /** Counters since creation. */
    public IceAgentStats stats() {
        return stats.copy();
    }

    // ---- commands

    /**
     * Declares a local UDP socket address; it becomes a host candidate, signalled once gathering starts
     * (or at once if it already did).
     */
    public void addHostAddress(Instant now, InetSocketAddress base) {
        if (base.isUnresolved() || base.getAddress().isAnyLocalAddress()) {
            throw new IllegalArgumentException("a host candidate needs a concrete local address, got " + base);
        }
        if (bases.contains(base)) {
            return;
        }
        bases.add(base);
        int localPreference = Math.max(0, 65535 - 256 * (bases.size() - 1));
        Candidate host = new Candidate(foundation(CandidateType.HOST, base, null), COMPONENT, TransportProtocol.UDP,
                Candidate.priority(CandidateType.HOST, localPreference, COMPONENT), base, CandidateType.HOST, null, null,
                List.of());
        addLocalCandidate(advance(now), host);
    }

    /** Starts gathering: host candidates are signalled, server-reflexive ones asked for from the STUN servers. */
    public void gather(Instant now) {
        Instant t = advance(now);
        if (gatheringState != IceGatheringState.NEW) {
            return;
        }
        setGatheringState(IceGatheringState.GATHERING);
        for (Candidate c : localCandidates) {
            if (usable(c)) {
                events.add(new IceEvent.LocalCandidate(withUfrag(c)));
            }
        }
        if (!config.lite()) {
            startRelays(t);
            gatherServerReflexive(t);
        }
        finishGatheringIfDone();
        flush(t);
    }

    /** Asks every STUN server, from every base of its family, for the base's server-reflexive address. */
    private void gatherServerReflexive(Instant now) {
        for (InetSocketAddress base : bases) {
            for (InetSocketAddress server : config.stunServers()) {
                if (sameFamily(base, server)) {
                    StunMessage request = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                            .fingerprint().build();
                    stun.sendRequest(now, request, base, server, config.checkPolicy(), null);
                    purposes.put(request.transactionId(), new Purpose(null, base, false, false, role));
                }
            }
        }
    }

    /** Sets the peer's credentials; new ones after earlier ones start a new generation (an ICE restart by the peer). */
    public void setRemoteCredentials(Instant now, IceCredentials credentials) {
        Instant t = advance(now);
        if (credentials.equals(remoteCredentials)) {
            return;
        }
        if (remoteCredentials != null) {
            newGeneration();
        }
        remoteCredentials = credentials;
        remoteKey = StunKey.shortTerm(credentials.password());
        List<EarlyCheck> early = new ArrayList<>(earlyChecks);
        earlyChecks.clear();
        for (EarlyCheck e : early) {
            learnFromCheck(t, e.base(), e.source(), e.priority(), e.useCandidate());
        }
        startChecking(t);
        flush(t);
    }

    /**
     * Adds a remote candidate (trickle ICE). Candidates of other components, TCP candidates and
     * {@code .local} names (until resolved) are kept out of the checklist; a candidate of another
     * generation ({@code ufrag} extension) is ignored.
     *
     * @return whether the candidate was accepted
     */
    public boolean addRemoteCandidate(Instant now, Candidate candidate) {
        Instant t = advance(now);
        if (closed || candidate.component() != COMPONENT || candidate.transport() != TransportProtocol.UDP) {
            stats.remoteCandidatesIgnored++;
            return false;
        }
        if (candidate.isHostName()) {
            return resolveLater(t, candidate);
        }
        if (remoteCredentials != null && candidate.ufrag().isPresent() && !candidate.ufrag().get().equals(remoteCredentials.ufrag())) {
            stats.remoteCandidatesIgnored++;
            return false;
        }
        Optional<Candidate> known = findRemote(candidate.address());
        if (known.isPresent()) {
            if (known.get().type() != CandidateType.PEER_REFLEXIVE || candidate.type() == CandidateType.PEER_REFLEXIVE) {
                return true;
            }
            // A check from this address came before its candidate (trickle): the signalled type and
            // priority replace the ones guessed from the check, so the pair ranks as the peer meant.
            remoteCandidates.set(remoteCandidates.indexOf(known.get()), candidate);
            checklist.adoptSignalledRemote(known.get(), candidate, role);
        } else if (remoteCandidates.size() >= config.maxRemoteCandidates()) {
            stats.remoteCandidatesIgnored++;
            return false;
        } else {
            remoteCandidates.add(candidate);
        }
        for (Candidate local : List.copyOf(localCandidates)) {
            if (isBase(local) && sameFamily(local.address(), candidate.address())) {
                addPair(t, local, candidate);
            }
        }
        startChecking(t);
        updateState(t);
        flush(t);
        return true;
    }

    /** The peer signalled end-of-candidates (RFC 8838 §8.2). */
    public void endOfRemoteCandidates(Instant now) {
        Instant t = advance(now);
        remoteEndOfCandidates = true;
        updateState(t);
        flush(t);
    }

    /**
     * Sends application data on the selected pair.
     *
     * @param data handed over to the returned transmit; not copied
     * @return false when there is no selected pair or consent has expired (RFC 7675 §5.1 forbids sending then)
     */
    public boolean send(Instant now, byte[] data) {
        advance(now);
        if (selected == null || consentExpired || closed) {
            return false;
        }
        outbox.add(new Transmit(selected.localAddress(), selected.remoteAddress(), data));
        flush(lastNow);
        return true;
    }

    /**
     * Restarts ICE (RFC 8445 §9): new local credentials, a new checklist once the peer's new credentials
     * arrive. The selected pair keeps carrying data until a new one is selected.
     */
    public void restart(Instant now) {
        Instant t = advance(now);
        setLocalCredentials(IceCredentials.random(random));
        newGeneration();
        remoteCredentials = null;
        remoteKey = null;
        setGatheringState(IceGatheringState.GATHERING);
        // The path may have changed (that is why one restarts): server-reflexive addresses are asked for again.
        localCandidates.removeIf(c -> c.type() == CandidateType.SERVER_REFLEXIVE);
        for (Candidate c : localCandidates) {
            if (usable(c)) {
                events.add(new IceEvent.LocalCandidate(withUfrag(c)));
            }
        }
        if (!config.lite()) {
            gatherServerReflexive(t);
        }
        finishGatheringIfDone();
        updateState(t);
        flush(t);
    }

    /** Closes the agent: no more checks or data; state {@code closed}. */
    public void close(Instant now) {
        advance(now);
        closed = true;
        timers.clear();
        for (TransactionId id : new ArrayList<>(purposes.keySet())) {
            stun.cancel(id);
        }
        purposes.clear();
        Instant t = lastNow;
        for (Relay r : relays) {
            r.allocation.close(t);
        }
        flush(t);
        setConnectionState(IceConnectionState.CLOSED);
    }

    // ---- input

    /**
     * Handles a datagram that arrived on one of the declared local addresses. STUN requests are
     * answered and may trigger checks; responses complete transactions; anything else is counted and
     * ignored.
     *
     * @return whether the datagram was STUN for this agent
     */
    public boolean handleReceive(Instant now, Datagram datagram) {
        Instant t = advance(now);
        if (closed) {
            return false;
        }
        Relay relay = relayFrom(datagram.source(), datagram.destination());
        if (relay != null) {
            relay.allocation.handleReceive(t, datagram.data(), 0, datagram.data().length);
            flush(t);
            updateState(t);
            flush(t);
            return true;
        }
        InetSocketAddress base = datagram.destination() != null ? datagram.destination() : (bases.isEmpty() ? null : bases.get(0));
        boolean ours = receiveStun(t, datagram, base);
        updateState(t);
        flush(t);
        return ours;
    }

    private boolean receiveStun(Instant now, Datagram datagram, InetSocketAddress base) {
        byte[] data = datagram.data();
        if (PacketClassifier.classify(data, 0, data.length) != PacketClassifier.Kind.STUN) {
            return false;
        }
        StunMessage message;
        try {
            message = StunMessage.decode(data, 0, data.length);
        } catch (StunException e) {
            stats.malformed++;
            LOG.debug("dropping malformed STUN from {}: {}", datagram.source(), e.getMessage());
            return false;
        }
        if (base == null || (!bases.contains(base) && relayAt(base) == null)) {
            stats.unknownDestination++;
            return false;
        }
        switch (message.messageClass()) {
            case REQUEST -> handleRequest(now, message, base, datagram.source());
            case SUCCESS_RESPONSE, ERROR_RESPONSE -> {
                long refusedBefore = stun.stats().dropped();
                if (!stun.handleResponse(now, message, datagram.source()) || stun.stats().dropped() > refusedBefore) {
                    stats.unmatchedResponses++;
                }
                drainStunEvents(now, base);
            }
            case INDICATION -> stats.indications++;
        }
        return true;
    }

    /**
     * Handles a datagram from the driver's mDNS socket (port 5353, joined to 224.0.0.251): answers to our
     * queries for remote {@code .local} candidates, and queries for our own names.
     */
    public void handleMdns(Instant now, Datagram datagram) {
        Instant t = advance(now);
        if (closed) {
            return;
        }
        mdnsResolver.handleReceive(t, datagram);
        mdnsResponder.handleReceive(t, datagram);
        drainMdns(t);
        updateState(t);
        flush(t);
    }

    /**
     * Queues a remote {@code .local} candidate for mDNS resolution (draft-ietf-mmusic-mdns-ice-candidates
     * §3.2). If the name never resolves the candidate is dropped; the peer's checks still arrive and
     * make a peer-reflexive candidate, as in browsers.
     */
    private boolean resolveLater(Instant now, Candidate candidate) {
        String name = candidate.address().getHostString();
        if (!Mdns.isLocalName(name) || unresolved.size() >= config.maxRemoteCandidates()) {
            stats.remoteCandidatesIgnored++;
            return false;
        }
        unresolved.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>(1)).add(candidate);
        mdnsResolver.resolve(now, name);
        drainMdns(now);
        flush(now);
        return true;
    }

    private void drainMdns(Instant now) {
        for (Optional<MdnsEvent> e = mdnsResolver.pollEvent(); e.isPresent(); e = mdnsResolver.pollEvent()) {
            List<Candidate> waiting = unresolved.remove(e.get().name().toLowerCase(java.util.Locale.ROOT));
            if (waiting == null) {
                continue;
            }
            if (e.get() instanceof MdnsEvent.Resolved r) {
                for (Candidate c : waiting) {
                    addRemoteCandidate(now, new Candidate(c.foundation(), c.component(), c.transport(), c.priority(),
                            new InetSocketAddress(r.address(), c.address().getPort()), c.type(), c.relatedAddress(),
                            c.tcpType(), c.extensions()));
                }
            } else {
                stats.mdnsFailures++;
                LOG.debug("mDNS name {} did not resolve; relying on peer-reflexive candidates", e.get().name());
            }
        }
    }

    /** Runs the timers that are due: retransmissions, the next paced check, nomination, consent. */
    public void handleTimeout(Instant now) {
        Instant t = advance(now);
        if (closed) {
            return;
        }
        stun.handleTimeout(t);
        drainStunEvents(t, null);
        for (Relay r : relays) {
            r.allocation.handleTimeout(t);
        }
        mdnsResolver.handleTimeout(t);
        mdnsResponder.handleTimeout(t);
        drainMdns(t);
        if (due(Timer.PACING, t)) {
            timers.remove(Timer.PACING);
            sendNextCheck(t);
        }
        if (due(Timer.NOMINATION, t)) {
            timers.remove(Timer.NOMINATION);
            checklist.bestSucceeded().ifPresent(p -> nominate(t, p));
        }
        if (due(Timer.CONSENT, t)) {
            timers.remove(Timer.CONSENT);
            sendConsentCheck(t);
        }
        if (due(Timer.CONSENT_EXPIRY, t)) {
            timers.remove(Timer.CONSENT_EXPIRY);
            LOG.debug("consent expired on {}", selected);
            consentExpired = true;
        }
        if (due(Timer.CHECKING_TIMEOUT, t)) {
            timers.remove(Timer.CHECKING_TIMEOUT);
        }
        updateState(t);
        flush(t);
    }

    // ---- output

    public Optional<Transmit> pollTransmit() {
        return Optional.ofNullable(transmits.poll());
    }

    public Optional<IceEvent> pollEvent() {
        return Optional.ofNullable(events.poll());
    }

    public Optional<Instant> pollTimeout() {
        Instant earliest = stun.pollTimeout().orElse(null);
        for (Instant i : timers.values()) {
            if (earliest == null || i.isBefore(earliest)) {
                earliest = i;
            }
        }
        for (Relay r : relays) {
            earliest = earlier(earliest, r.allocation.pollTimeout());
        }
        earliest = earlier(earliest, mdnsResolver.pollTimeout());
        earliest = earlier(earliest, mdnsResponder.pollTimeout());
        return Optional.ofNullable(earliest);
    }

    private static Instant earlier(Instant a, Optional<Instant> b) {
        return b.isPresent() && (a == null || b.get().isBefore(a)) ? b.get() : a;
    }

    // ---- requests (RFC 8445 §7.3)

    private void handleRequest(Instant now, StunMessage request, InetSocketAddress base, InetSocketAddress source) {
        if (!request.method().equals(StunMethod.BINDING)) {
            respondError(now, request, base, source, StunErrorCodes.BAD_REQUEST, false);
            return;
        }
        if (request.hasFingerprint() && !request.isFingerprintValid()) {
            stats.badFingerprint++;
            return;
        }
        Optional<String> username = request.username();
        if (username.isEmpty() || !request.hasMessageIntegrity()) {
            stats.unauthenticated++;
            respondError(now, request, base, source, StunErrorCodes.BAD_REQUEST, false);
            return;
        }
        int colon = username.get().indexOf(':');
        if (colon < 0 || !username.get().substring(0, colon).equals(localCredentials.ufrag())) {
            stats.unauthenticated++;
            respondError(now, request, base, source, StunErrorCodes.UNAUTHENTICATED, false);
            return;
        }
        if (!request.isIntegrityValid(localKey)) {
            stats.unauthenticated++;
            respondError(now, request, base, source, StunErrorCodes.UNAUTHENTICATED, false);
            return;
        }
        if (!request.unknownComprehensionRequired().isEmpty()) {
            StunMessageBuilder b = StunMessageBuilder.errorResponseTo(request, StunErrorCodes.UNKNOWN_ATTRIBUTE)
                    .add(new StunAttribute.UnknownAttributes(request.unknownComprehensionRequired()));
            outbox.add(new Transmit(base, source, b.messageIntegrity(localKey).fingerprint().encode()));
            return;
        }
        if (!resolveRoleConflict(now, request, base, source)) {
            return;
        }
        byte[] response = StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE)
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, source)
                .messageIntegrity(localKey).fingerprint().encode();
        outbox.add(new Transmit(base, source, response));
        stats.checksAnswered++;

        String remoteUfrag = username.get().substring(colon + 1);
        long priority = request.priority().orElse(0);
        boolean useCandidate = request.useCandidate();
        if (remoteCredentials == null) {
            if (earlyChecks.size() < config.maxEarlyChecks()) {
                earlyChecks.add(new EarlyCheck(base, source, priority, useCandidate));
            }
            return;
        }
        if (!remoteUfrag.equals(remoteCredentials.ufrag())) {
            stats.staleGeneration++;
            return;
        }
        learnFromCheck(now, base, source, priority, useCandidate);
        findPair(base, source).ifPresent(p -> {
            p.countRequestReceived();
            p.countResponseSent();
        });
    }

    /** RFC 8445 §7.3.1.1; returns false when the request was answered with 487. */
    private boolean resolveRoleConflict(Instant now, StunMessage request, InetSocketAddress base, InetSocketAddress source) {
        if (role == IceRole.CONTROLLING && request.iceControlling().isPresent()) {
            if (Long.compareUnsigned(tieBreaker, request.iceControlling().getAsLong()) >= 0) {
                respondError(now, request, base, source, StunErrorCodes.ROLE_CONFLICT, true);
                return false;
            }
            switchRole();
        } else if (role == IceRole.CONTROLLED && request.iceControlled().isPresent()) {
            if (Long.compareUnsigned(tieBreaker, request.iceControlled().getAsLong()) >= 0) {
                switchRole();
            } else {
                respondError(now, request, base, source, StunErrorCodes.ROLE_CONFLICT, true);
                return false;
            }
        }
        return true;
    }

    private void switchRole() {
        if (config.lite()) {
            return;
        }
        role = role.opposite();
        nominating = null;
        stats.roleConflicts++;
        checklist.reprioritise(role);
        events.add(new IceEvent.RoleChanged(role));
    }

    private void respondError(Instant now, StunMessage request, InetSocketAddress base, InetSocketAddress source, int code,
                              boolean signed) {
        StunMessageBuilder b = StunMessageBuilder.errorResponseTo(request, code);
        if (signed) {
            b.messageIntegrity(localKey);
        }
        outbox.add(new Transmit(base, source, b.fingerprint().encode()));
    }

    /** An authenticated check from {@code source}: learn a peer-reflexive candidate, trigger a check, note nomination. */
    private void learnFromCheck(Instant now, InetSocketAddress base, InetSocketAddress source, long priority, boolean useCandidate) {
        Candidate remote = findRemote(source).orElse(null);
        if (remote == null) {
            if (remoteCandidates.size() >= config.maxRemoteCandidates() || priority <= 0) {
                stats.remoteCandidatesIgnored++;
                return;
            }
            // RFC 8445 §7.3.1.3: a peer-reflexive candidate with the priority from the check.
            remote = new Candidate("prflx" + (++prflxCounter), COMPONENT, TransportProtocol.UDP, priority, source,
                    CandidateType.PEER_REFLEXIVE, null, null, List.of());
            remoteCandidates.add(remote);
        }
        Candidate local = localCandidateAt(base).orElse(null);
        if (local == null) {
            return;
        }
        Optional<CandidatePair> added = addPair(now, local, remote);
        if (added.isEmpty()) {
            stats.pairsRefused++;
            return;
        }
        CandidatePair pair = added.get();
        startChecking(now);
        if (config.lite()) {
            // RFC 8445 §2.5: a lite agent treats the checked pair as valid and selects what is nominated.
            pair.setState(CandidatePairState.SUCCEEDED);
            pair.grantConsent(now);
            if (useCandidate && !pair.isNominated()) {
                pair.setNominated();
                reselect(now);
            }
            if (pair == selected) {
                armConsentExpiry(now);
            }
            return;
        }
        boolean nominatedHere = useCandidate && role == IceRole.CONTROLLED;
        if (nominatedHere) {
            pair.setNominateOnSuccess();
            if (pair.state() == CandidatePairState.SUCCEEDED && !pair.isNominated()) {
                pair.setNominated();
                reselect(now);
            }
        }
        if (pair.state() != CandidatePairState.SUCCEEDED && pair.state() != CandidatePairState.IN_PROGRESS) {
            if (nominatedHere && remoteCredentials != null) {
                // The peer nominated a pair we have not checked yet: our check on it is all that stands
                // between us and a selected pair, so it goes out now rather than at the next Ta tick.
                checklist.triggerFirst(pair);
                timers.put(Timer.PACING, now);
            } else {
                checklist.trigger(pair);
                armPacing(now);
            }
        }
    }

    // ---- checks (RFC 8445 §7.2)

    private void startChecking(Instant now) {
        if (remoteCredentials == null || checklist.size() == 0 || closed) {
            return;
        }
        if (checkingSince == null) {
            checkingSince = now;
            timers.put(Timer.CHECKING_TIMEOUT, now.plus(config.checkingTimeout()));
        }
        armPacing(now);
    }

    private void armPacing(Instant now) {
        if (!config.lite() && remoteCredentials != null && !timers.containsKey(Timer.PACING)) {
            timers.put(Timer.PACING, now);
        }
    }

    private void sendNextCheck(Instant now) {
        Optional<CandidatePair> next = checklist.next();
        if (next.isEmpty()) {
            return;
        }
        CandidatePair pair = next.get();
        boolean nominating = role == IceRole.CONTROLLING && pair.nominateOnSuccess();
        sendCheck(now, pair, nominating, false);
        timers.put(Timer.PACING, now.plus(config.ta()));
    }

    private void sendCheck(Instant now, CandidatePair pair, boolean nominating, boolean consent) {
        StunMessageBuilder b = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .text(StunAttributeType.USERNAME, remoteCredentials.ufrag() + ":" + localCredentials.ufrag())
                .uint32(StunAttributeType.PRIORITY, Candidate.priority(CandidateType.PEER_REFLEXIVE,
                        (int) ((pair.local().priority() >> 8) & 0xFFFF), COMPONENT))
                .uint64(role == IceRole.CONTROLLING ? StunAttributeType.ICE_CONTROLLING : StunAttributeType.ICE_CONTROLLED, tieBreaker);
        if (nominating) {
            b.flag(StunAttributeType.USE_CANDIDATE);
        }
        if (config.software() != null) {
            b.text(StunAttributeType.SOFTWARE, config.software());
        }
        StunMessage request = b.messageIntegrity(remoteKey).fingerprint().build();
        stun.sendRequest(now, request, pair.localAddress(), pair.remoteAddress(),
                consent ? CONSENT_POLICY : config.checkPolicy(), remoteKey);
        purposes.put(request.transactionId(), new Purpose(pair, pair.localAddress(), nominating, consent, role));
        if (!consent) {
            pair.setState(CandidatePairState.IN_PROGRESS);
        }
        pair.countRequestSent(consent);
    }

    /**
     * Consent checks give up within their interval (sends at 0, 0.5, 1.5, 2.5 s, given up at 3.5 s),
     * so a silent peer shows as disconnected some 8 s after it went quiet, as in browsers.
     */
    private static final RetransmissionPolicy CONSENT_POLICY = new RetransmissionPolicy(Duration.ofMillis(500), 4, 2,
            Duration.ofMillis(1000), false, Duration.ofSeconds(5));

    private void drainStunEvents(Instant now, InetSocketAddress arrivedOn) {
        for (Optional<StunClientEvent> e = stun.pollEvent(); e.isPresent(); e = stun.pollEvent()) {
            Purpose purpose = purposes.remove(e.get().transactionId());
            if (purpose == null) {
                continue;
            }
            if (purpose.pair() == null) {
                gathered(now, purpose.base(), e.get());
            } else if (e.get() instanceof StunClientEvent.Response r) {
                checkAnswered(now, purpose, r, arrivedOn);
            } else {
                checkFailed(now, purpose);
            }
        }
    }

    private void checkAnswered(Instant now, Purpose purpose, StunClientEvent.Response r, InetSocketAddress arrivedOn) {
        CandidatePair pair = purpose.pair();
        StunMessage response = r.response();
        // RFC 8445 §7.2.5.2.1: the response must come back on the same 5-tuple.
        if (!r.source().equals(pair.remoteAddress()) || (arrivedOn != null && !arrivedOn.equals(pair.localAddress()))) {
            stats.asymmetricResponses++;
            checkFailed(now, purpose);
            return;
        }
        pair.countResponseReceived();
        r.rtt().ifPresent(pair::recordRtt);
        if (response.messageClass() == StunClass.ERROR_RESPONSE) {
            int code = response.errorCode().map(StunAttribute.ErrorCode::code).orElse(0);
            if (code == StunErrorCodes.ROLE_CONFLICT && !purpose.consent()) {
                // RFC 8445 §7.2.5.1: take the role opposite to the one the check claimed (unless a request
                // already switched it), and check again.
                if (role == purpose.roleWhenSent()) {
                    switchRole();
                }
                checklist.trigger(pair);
                armPacing(now);
                return;
            }
            checkFailed(now, purpose);
            return;
        }
        if (purpose.consent()) {
            pair.grantConsent(now);
            consentMissed = false;
            armConsentExpiry(now);
            return;
        }
        response.mappedAddress().ifPresent(mapped -> learnLocalPeerReflexive(pair, mapped));
        pair.setState(CandidatePairState.SUCCEEDED);
        pair.grantConsent(now);
        checklist.unfreeze(pair.foundation());
        if (purpose.nominating() || (role == IceRole.CONTROLLED && pair.nominateOnSuccess())) {
            pair.setNominated();
            reselect(now);
        } else if (role == IceRole.CONTROLLING && !nominationStarted()) {
            // A pair of two host candidates is as direct as a path gets; a higher-priority pair still
            // pending can only be another interface or address family, and waiting for it would cost a
            // Ta per pair ahead of it (Pion nominates host pairs at once as well).
            if (!checklist.betterPending(pair) || hostToHost(pair)) {
                nominate(now, pair);
            } else {
                timers.putIfAbsent(Timer.NOMINATION, now.plus(config.nominationDelay()));
            }
        }
    }

    private static boolean hostToHost(CandidatePair pair) {
        return pair.local().type() == CandidateType.HOST && pair.remote().type() == CandidateType.HOST;
    }

    private void checkFailed(Instant now, Purpose purpose) {
        CandidatePair pair = purpose.pair();
        if (purpose.consent()) {
            LOG.debug("consent check unanswered on {}", pair);
            consentMissed = true;
            return;
        }
        pair.setState(CandidatePairState.FAILED);
        if (role == IceRole.CONTROLLING && !nominationStarted() && !timers.containsKey(Timer.NOMINATION)) {
            checklist.bestSucceeded().filter(best -> !checklist.betterPending(best)).ifPresent(best -> nominate(now, best));
        }
    }

    /** RFC 8445 §7.2.5.3.1: a mapped address we do not know is a local peer-reflexive candidate (not signalled). */
    private void learnLocalPeerReflexive(CandidatePair pair, InetSocketAddress mapped) {
        for (Candidate c : localCandidates) {
            if (c.address().equals(mapped)) {
                return;
            }
        }
        localCandidates.add(new Candidate(foundation(CandidateType.PEER_REFLEXIVE, pair.localAddress(), null), COMPONENT,
                TransportProtocol.UDP, Candidate.priority(CandidateType.PEER_REFLEXIVE, 65535, COMPONENT), mapped,
                CandidateType.PEER_REFLEXIVE, pair.localAddress(), null, List.of()));
    }

    private void nominate(Instant now, CandidatePair pair) {
        if (nominationStarted()) {
            return;
        }
        timers.remove(Timer.NOMINATION);
        nominating = pair;
        pair.setNominateOnSuccess();
        checklist.triggerFirst(pair);
        // The nominating check goes out now, ahead of other triggered checks, rather than at the next Ta
        // tick: it is one packet on a pair that just worked, and waiting up to Ta (50 ms) is most of the
        // connection setup time.
        if (!config.lite() && remoteCredentials != null) {
            timers.put(Timer.PACING, now);
        }
    }

    /**
     * Whether this agent has nominated a pair, or sent (or is about to send) a nominating check that has
     * not failed: RFC 8445 §8.1.1 forbids nominating a second pair meanwhile.
     */
    private boolean nominationStarted() {
        return anyNominated() || (nominating != null && nominating.state() != CandidatePairState.FAILED);
    }

    private boolean anyNominated() {
        for (CandidatePair p : checklist.pairs()) {
            if (p.isNominated()) {
                return true;
            }
        }
        return false;
    }

    /** Selects the best nominated valid pair (a controlled agent may see several with aggressive nomination). */
    private void reselect(Instant now) {
        CandidatePair best = null;
        for (CandidatePair p : checklist.pairs()) {
            if (p.isNominated() && p.state() == CandidatePairState.SUCCEEDED) {
                best = p;
                break;
            }
        }
        if (best == null || best == selected) {
            return;
        }
        selected = best;
        Relay relay = relayAt(best.localAddress());
        if (relay != null && relay.allocation.channel(best.remoteAddress()).isEmpty()
                && relay.allocation.channelCount() < TurnConfig.DEFAULT.maxChannels()) {
            relay.allocation.bindChannel(now, best.remoteAddress());
        }
        consentMissed = false;
        consentExpired = false;
        events.add(new IceEvent.SelectedPairChanged(best));
        armConsentExpiry(now);
        if (!config.lite()) {
            scheduleConsent(now);
        }
    }

    // ---- consent freshness (RFC 7675)

    private void scheduleConsent(Instant now) {
        long mean = config.consentInterval().toMillis();
        long jittered = (long) (mean * (0.8 + 0.4 * random.nextDouble()));
        timers.put(Timer.CONSENT, now.plusMillis(jittered));
    }

    private void sendConsentCheck(Instant now) {
        if (selected != null && remoteCredentials != null && !consentExpired) {
            sendCheck(now, selected, false, true);
        }
        scheduleConsent(now);
    }

    private void armConsentExpiry(Instant now) {
        timers.put(Timer.CONSENT_EXPIRY, now.plus(config.consentTimeout()));
    }

    // ---- gathering

    private void gathered(Instant now, InetSocketAddress base, StunClientEvent event) {
        if (event instanceof StunClientEvent.Response r && r.response().messageClass() == StunClass.SUCCESS_RESPONSE) {
            r.response().mappedAddress().ifPresent(mapped -> {
                boolean known = localCandidates.stream().anyMatch(c -> c.address().equals(mapped));
                if (!known) {
                    int localPreference = (int) ((localCandidateAt(base).map(Candidate::priority).orElse(0L) >> 8) & 0xFFFF);
                    Candidate srflx = new Candidate(foundation(CandidateType.SERVER_REFLEXIVE, base, r.source()), COMPONENT,
                            TransportProtocol.UDP, Candidate.priority(CandidateType.SERVER_REFLEXIVE, localPreference, COMPONENT),
                            mapped, CandidateType.SERVER_REFLEXIVE, base, null, List.of());
                    addLocalCandidate(now, srflx);
                }
            });
        } else {
            stats.gatheringFailures++;
        }
        finishGatheringIfDone();
    }

    private void finishGatheringIfDone() {
        if (gatheringState != IceGatheringState.GATHERING) {
            return;
        }
        for (Purpose p : purposes.values()) {
            if (p.pair() == null) {
                return;
            }
        }
        for (Relay r : relays) {
            if (!r.done) {
                return;
            }
        }
        setGatheringState(IceGatheringState.COMPLETE);
    }

    private void addLocalCandidate(Instant now, Candidate candidate) {
        localCandidates.add(candidate);
        if (gatheringState != IceGatheringState.NEW && usable(candidate)) {
            events.add(new IceEvent.LocalCandidate(withUfrag(candidate)));
        }
        if (isBase(candidate)) {
            for (Candidate remote : remoteCandidates) {
                if (sameFamily(candidate.address(), remote.address())) {
                    addPair(now, candidate, remote);
                }
            }
            startChecking(now);
        }
    }

    // ---- state

    private void updateState(Instant now) {
        if (closed) {
            return;
        }
        IceConnectionState next;
        if (selected != null && consentExpired) {
            next = IceConnectionState.FAILED;
        } else if (selected != null) {
            boolean done = gatheringState == IceGatheringState.COMPLETE && remoteEndOfCandidates && !checklist.hasPendingChecks();
            next = consentMissed ? IceConnectionState.DISCONNECTED
                    : done ? IceConnectionState.COMPLETED : IceConnectionState.CONNECTED;
        } else if (checkingSince == null) {
            next = IceConnectionState.NEW;
        } else if ((checklist.allFailed() && remoteEndOfCandidates)
                || !now.isBefore(checkingSince.plus(config.checkingTimeout()))) {
            next = IceConnectionState.FAILED;
        } else {
            next = IceConnectionState.CHECKING;
        }
        setConnectionState(next);
    }

    private void setConnectionState(IceConnectionState state) {
        if (state != connectionState) {
            LOG.debug("ICE {} -> {}", connectionState, state);
            connectionState = state;
            events.add(new IceEvent.ConnectionStateChanged(state));
        }
    }

    private void setGatheringState(IceGatheringState state) {
        if (state != gatheringState) {
            gatheringState = state;
            events.add(new IceEvent.GatheringStateChanged(state));
        }
    }

    private void newGeneration() {
        for (Purpose p : new ArrayList<>(purposes.values())) {
            if (p.pair() != null && !p.consent()) {
                purposes.values().remove(p);
            }
        }
        checklist.clear();
        nominating = null;
        remoteCandidates.clear();
        earlyChecks.clear();
        remoteEndOfCandidates = false;
        checkingSince = null;
        timers.remove(Timer.PACING);
        timers.remove(Timer.NOMINATION);
        timers.remove(Timer.CHECKING_TIMEOUT);
        // The old selected pair keeps carrying data; consent on it pauses until the new generation selects.
        timers.remove(Timer.CONSENT);
        timers.remove(Timer.CONSENT_EXPIRY);
        localCandidates.removeIf(c -> c.type() == CandidateType.PEER_REFLEXIVE);
    }

    private void setLocalCredentials(IceCredentials credentials) {
        localCredentials = credentials;
        localKey = StunKey.shortTerm(credentials.password());
    }

    // ---- helpers

    /**
     * The form of a local candidate that is signalled: with our ufrag, and with mDNS obfuscation the host
     * address replaced by its {@code .local} name and other candidates' related address by 0.0.0.0:0
     * (draft-ietf-mmusic-mdns-ice-candidates §3.1.2).
     */
    private Candidate withUfrag(Candidate c) {
        Candidate out = c;
        if (config.mdnsHostCandidates()) {
            if (c.type() == CandidateType.HOST) {
                String name = mdnsResponder.register(c.address().getAddress(), random);
                out = new Candidate(c.foundation(), c.component(), c.transport(), c.priority(),
                        InetSocketAddress.createUnresolved(name, c.address().getPort()), c.type(), null, c.tcpType(), c.extensions());
            } else if (c.relatedAddress() != null) {
                out = new Candidate(c.foundation(), c.component(), c.transport(), c.priority(), c.address(), c.type(),
                        new InetSocketAddress(ANY_V4, 0), c.tcpType(), c.extensions());
            }
        }
        return out.withExtension("ufrag", localCredentials.ufrag());
    }

    private Optional<Candidate> findRemote(InetSocketAddress address) {
        for (Candidate c : remoteCandidates) {
            if (c.address().equals(address)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private Optional<CandidatePair> findPair(InetSocketAddress base, InetSocketAddress remote) {
        return checklist.find(base, remote);
    }

    private Optional<Candidate> localCandidateAt(InetSocketAddress base) {
        for (Candidate c : localCandidates) {
            if (isBase(c) && c.address().equals(base)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static boolean isBase(Candidate c) {
        return c.type() == CandidateType.HOST || c.type() == CandidateType.RELAYED;
    }

    /** Whether a local candidate is paired and signalled under the transport policy. */
    private boolean usable(Candidate c) {
        return !config.relayOnly() || c.type() == CandidateType.RELAYED;
    }

    /** Adds a pair; a relayed local candidate first asks its TURN server for a permission (RFC 8656 §9). */
    private Optional<CandidatePair> addPair(Instant now, Candidate local, Candidate remote) {
        if (!usable(local)) {
            return Optional.empty();
        }
        Relay relay = relayAt(local.address());
        if (relay != null && !relay.allocation.hasPermission(remote.address().getAddress())) {
            if (relay.allocation.permissionCount() >= TurnConfig.DEFAULT.maxPermissions()) {
                stats.pairsRefused++;
                return Optional.empty();
            }
            relay.allocation.createPermission(now, remote.address().getAddress());
        }
        return checklist.add(local, remote, role);
    }

    private static boolean sameFamily(InetSocketAddress a, InetSocketAddress b) {
        return !a.isUnresolved() && !b.isUnresolved() && a.getAddress().getClass() == b.getAddress().getClass();
    }

    /** RFC 8445 §5.1.1.3: candidates of the same type, base address, server and transport share a foundation. */
    private static String foundation(CandidateType type, InetSocketAddress base, InetSocketAddress server) {
        int h = java.util.Objects.hash(type, base.getAddress(), server == null ? null : server.getAddress(), TransportProtocol.UDP);
        return Integer.toUnsignedString(h);
    }

    private boolean due(Timer timer, Instant now) {
        Instant at = timers.get(timer);
        return at != null && !at.isAfter(now);
    }

    private Instant advance(Instant now) {
        if (now.isAfter(lastNow)) {
            lastNow = now;
        }
        return lastNow;
    }

    /**
     * Routes everything produced: datagrams from a relayed address go through their TURN allocation,
     * the rest out as they are; TURN events are handled until nothing moves.
     */
    private void flush(Instant now) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Optional<Transmit> t = stun.pollTransmit(); t.isPresent(); t = stun.pollTransmit()) {
                outbox.add(t.get());
            }
            for (Transmit t = outbox.poll(); t != null; t = outbox.poll()) {
                Relay relay = relayAt(t.source());
                if (relay == null) {
                    transmits.add(t);
                } else if (!relay.allocation.send(now, t.destination(), t.data(), 0, t.data().length)) {
                    stats.relayDropped++;
                }
            }
            for (Relay relay : relays) {
                for (Optional<TurnEvent> e = relay.allocation.pollEvent(); e.isPresent(); e = relay.allocation.pollEvent()) {
                    moved = true;
                    onTurnEvent(now, relay, e.get());
                }
                for (Optional<byte[]> b = relay.allocation.pollTransmit(); b.isPresent(); b = relay.allocation.pollTransmit()) {
                    transmits.add(new Transmit(relay.base, relay.allocation.server(), b.get()));
                }
            }
            for (Optional<Transmit> t = mdnsResolver.pollTransmit(); t.isPresent(); t = mdnsResolver.pollTransmit()) {
                transmits.add(t.get());
            }
            for (Optional<Transmit> t = mdnsResponder.pollTransmit(); t.isPresent(); t = mdnsResponder.pollTransmit()) {
                transmits.add(t.get());
            }
            moved |= !outbox.isEmpty();
        }
    }

    // ---- TURN relays

    private void startRelays(Instant now) {
        for (TurnServerUrl url : config.turnServers()) {
            InetSocketAddress server = url.address();
            for (InetSocketAddress base : bases) {
                if (sameFamily(base, server)) {
                    Relay relay = new Relay(TurnAllocation.of(url, server, random), base);
                    relays.add(relay);
                    relay.allocation.start(now);
                    break; // one allocation per server: all bases of a family reach it the same way
                }
            }
        }
    }

    private void onTurnEvent(Instant now, Relay relay, TurnEvent event) {
        if (event instanceof TurnEvent.Allocated a) {
            relay.relayed = a.relayed();
            relay.done = true;
            int localPreference = (int) ((localCandidateAt(relay.base).map(Candidate::priority).orElse(0L) >> 8) & 0xFFFF);
            addLocalCandidate(now, new Candidate(foundation(CandidateType.RELAYED, relay.base, relay.allocation.server()),
                    COMPONENT, TransportProtocol.UDP, Candidate.priority(CandidateType.RELAYED, localPreference, COMPONENT),
                    a.relayed(), CandidateType.RELAYED, a.mapped(), null, List.of()));
            finishGatheringIfDone();
        } else if (event instanceof TurnEvent.Failed f) {
            LOG.debug("TURN allocation on {} failed: {}", relay.allocation.server(), f.reason());
            relay.done = true;
            stats.gatheringFailures++;
            finishGatheringIfDone();
        } else if (event instanceof TurnEvent.Data d && relay.relayed != null) {
            byte[] data = d.data();
            if (PacketClassifier.classify(data, 0, data.length) == PacketClassifier.Kind.STUN) {
                receiveStun(now, new Datagram(d.peer(), relay.relayed, data), relay.relayed);
            } else {
                events.add(new IceEvent.Data(d.peer(), data));
            }
        }
    }

    private Relay relayAt(InetSocketAddress relayed) {
        for (Relay r : relays) {
            if (relayed.equals(r.relayed)) {
                return r;
            }
        }
        return null;
    }

    private Relay relayFrom(InetSocketAddress server, InetSocketAddress base) {
        for (Relay r : relays) {
            if (r.allocation.server().equals(server) && (base == null || r.base.equals(base))) {
                return r;
            }
        }
        return null;
    }

    /**
     * How the TURN server of our relayed candidate at {@code relayed} is reached (W3C stats'
     * {@code relayProtocol}); empty when no allocation of ours has that relayed address.
     */
    public Optional<TurnServerUrl.Transport> relayTransport(InetSocketAddress relayed) {
        Relay r = relayAt(relayed);
        return r == null ? Optional.empty() : Optional.of(r.allocation.transport());
    }

    /**
     * The transport a driver must use towards {@code destination} when it is a TURN server reached over
     * TCP or TLS: the agent's transmits to it are then chunks of a byte stream, and what the server
     * sends back is handed to {@link #handleReceive} as datagrams of any size. Empty for datagrams.
     */
    public Optional<TurnServerUrl.Transport> streamTransport(InetSocketAddress destination) {
        for (Relay r : relays) {
            if (r.allocation.server().equals(destination) && r.allocation.transport().isStream()) {
                return Optional.of(r.allocation.transport());
            }
        }
        return Optional.empty();
    }
}
