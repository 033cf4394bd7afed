package org.rtc4j.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.rtc4j.dtls.DtlsCertificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceConnectionState;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceException;
import org.rtc4j.ice.IceGatheringState;
import org.rtc4j.ice.IceRole;
import org.rtc4j.ice.TransportProtocol;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.PacketClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM end of a WebRTC data-channel transport, below SCTP: ICE ({@link IceAgent}) and DTLS
 * ({@link DtlsEndpoint}) over one real UDP socket on 127.0.0.1, negotiated with hand-written SDP
 * ({@link DataChannelSdp}). It stands in for {@code peerconnection} until that exists, so that an SCTP
 * association (or a scripted stand-in) can talk to a real browser stack.
 *
 * <p>Once DTLS is connected, each DTLS application-data record from the peer is one SCTP packet
 * (RFC 8261 §3): it goes to the {@link #onSctpPacket} consumer, and {@link #sendSctp} sends one. Every
 * SCTP packet in either direction is recorded with its direction and time ({@link #sctpLog()}).
 *
 * <p>Threading: the transport runs on the loop thread of a {@link UdpIceDriver}, which demultiplexes
 * the socket by first byte (RFC 7983): STUN to the agent, DTLS (20..63) to the endpoint, anything else
 * is counted and dropped. The SCTP consumer runs on that thread and may call {@link #sendSctp} directly;
 * {@link #runOnLoop} runs other work there (an association's timers). Everything else is callable
 * from any thread.
 *
 * <p>Use: {@link #createOffer()} then {@link #acceptAnswer}, or {@link #createAnswer}; then
 * {@link #addRemoteCandidate} for trickled candidates, {@link #awaitDtlsConnected}, SCTP, {@link #close()}.
 */
final class DtlsSctpPeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSctpPeer.class);
    /**
     * The most DTLS datagrams kept while the peer's answer (and so its fingerprint) is not known yet: an
     * answerer that becomes the DTLS client may send its ClientHello as soon as its ICE checks succeed.
     */
    static final int EARLY_DTLS_BOUND = 16;
    /** The most SCTP packets {@link #sctpLog()} keeps; later ones are counted, not kept. */
    static final int LOG_BOUND = 10_000;

    /** Which way an SCTP packet went. */
    enum Direction {
        /** From the peer to us. */
        RECEIVED,
        /** From us to the peer. */
        SENT
    }

    /**
     * One SCTP packet as it crossed the DTLS layer.
     *
     * @param time when the loop handled it (the driver's clock)
     * @param packet the decrypted SCTP packet; owned by the record, do not change it
     */
    record SctpRecord(Direction direction, Instant time, byte[] packet) {
    }

    private final String name;
    private final Clock clock;
    private final DtlsCertificate certificate;
    private final ExecutorService handshakeExecutor;
    private final DtlsConfig dtlsConfig;
    private final Layer layer = new Layer();

    private volatile UdpIceDriver driver;
    private volatile DataChannelSdp.Remote remote;
    private volatile Consumer<byte[]> sctpConsumer = packet -> { };
    private volatile Runnable onDtlsConnected = () -> { };

    private final Object lock = new Object();
    private final List<SctpRecord> sctpLog = new ArrayList<>();
    private long sctpLogOverflow;
    private DtlsEvent.Connected dtlsConnected;
    private DtlsEvent dtlsEnd; // Failed or Closed
    private long droppedNonDtls;

    /**
     * @param name a short name for threads and logs
     * @param dtlsConfig the DTLS settings, e.g. {@link DtlsConfig#DEFAULT}
     */
    DtlsSctpPeer(String name, DtlsConfig dtlsConfig) {
        this.name = name;
        this.clock = Clock.systemUTC();
        this.certificate = DtlsCertificate.generate();
        this.dtlsConfig = dtlsConfig;
        this.handshakeExecutor = DtlsEndpoint.newHandshakeExecutor();
    }

    /** Our certificate's fingerprint as it appears in our SDP. */
    String fingerprint() {
        return certificate.fingerprint();
    }

    /** The peer's SDP, as read, once known. */
    Optional<DataChannelSdp.Remote> remote() {
        return Optional.ofNullable(remote);
    }

    /**
     * Where received SCTP packets go, one call per packet, on the loop thread; set it before the
     * peer can send SCTP (before {@link #awaitDtlsConnected} returns, in practice before signalling).
     * The array belongs to the consumer.
     */
    void onSctpPacket(Consumer<byte[]> consumer) {
        this.sctpConsumer = consumer;
    }

    /**
     * Runs {@code action} on the loop thread the moment DTLS connects, before any SCTP packet that came
     * with the handshake's end is handed to the consumer: where an association calls {@code connect}.
     */
    void onDtlsConnected(Runnable action) {
        this.onDtlsConnected = action;
    }

    // ---- signalling

    /**
     * Starts ICE as the controlling agent (RFC 8445 §6.1.1: the offerer) and returns an offer with
     * {@code a=setup:actpass}, our candidates and {@code a=end-of-candidates}.
     */
    String createOffer() throws IOException, InterruptedException {
        startIce(IceRole.CONTROLLING);
        return DataChannelSdp.write(localCredentials(), fingerprint(), DataChannelSdp.Setup.ACTPASS, localCandidates());
    }

    /**
     * Takes the peer's answer to {@link #createOffer()}: its {@code a=setup:active} makes us the DTLS
     * server, {@code passive} the client.
     */
    void acceptAnswer(String sdp) {
        DataChannelSdp.Remote answer = DataChannelSdp.parse(sdp);
        DtlsRole role = switch (answer.setup()) {
            case ACTIVE -> DtlsRole.SERVER;
            case PASSIVE -> DtlsRole.CLIENT;
            case ACTPASS -> throw new IllegalArgumentException("an answer with a=setup:actpass (expected: active or passive, RFC 5763 §5)");
        };
        applyRemote(answer, role);
    }

    /**
     * Takes the peer's offer and returns our answer, as the controlled ICE agent, with the DTLS role
     * we choose: {@code a=setup:active} for {@link DtlsRole#CLIENT}, {@code passive} for the server.
     */
    String createAnswer(String offerSdp, DtlsRole role) throws IOException, InterruptedException {
        DataChannelSdp.Remote offer = DataChannelSdp.parse(offerSdp);
        if (offer.setup() != DataChannelSdp.Setup.ACTPASS && offer.setup() != (role == DtlsRole.CLIENT
                ? DataChannelSdp.Setup.PASSIVE : DataChannelSdp.Setup.ACTIVE)) {
            throw new IllegalArgumentException("the offer's a=setup:" + offer.setup().token() + " does not allow us the " + role + " role");
        }
        startIce(IceRole.CONTROLLED);
        applyRemote(offer, role);
        return DataChannelSdp.write(localCredentials(), fingerprint(),
                role == DtlsRole.CLIENT ? DataChannelSdp.Setup.ACTIVE : DataChannelSdp.Setup.PASSIVE, localCandidates());
    }

    /**
     * Adds a trickled candidate ({@code candidate:...}, with or without {@code a=}). UDP candidates with
     * an IP address go to the agent; TCP candidates and empty strings (the end of candidates) are
     * ignored, and {@code .local} names are refused (the node peers do not use mDNS).
     *
     * @return whether the agent took it
     */
    boolean addRemoteCandidate(String line) {
        String value = line.strip();
        if (value.isEmpty()) {
            return false;
        }
        Candidate candidate;
        try {
            candidate = Candidate.parse(value);
        } catch (IceException e) {
            throw new IllegalArgumentException("candidate " + value + ": " + e.getMessage(), e);
        }
        if (candidate.transport() != TransportProtocol.UDP) {
            return false;
        }
        if (candidate.isHostName()) {
            throw new IllegalArgumentException("an mDNS candidate " + value + " (expected: the node peers to signal IP addresses)");
        }
        return requireDriver().call((agent, now) -> agent.addRemoteCandidate(now, candidate));
    }

    /** The peer signalled that it has no more candidates. */
    void endOfRemoteCandidates() {
        requireDriver().call((agent, now) -> {
            agent.endOfRemoteCandidates(now);
            return null;
        });
    }

    private void startIce(IceRole role) throws IOException, InterruptedException {
        if (driver != null) {
            throw new IllegalStateException("ICE already started (expected: one createOffer or createAnswer per peer)");
        }
        IceAgent agent = new IceAgent(IceConfig.defaults(role), new SecureRandom());
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        driver = UdpIceDriver.start(agent, List.of(loopback), clock, name, layer);
        driver.call((a, now) -> {
            a.gather(now);
            return null;
        });
        if (!driver.await(events -> events.stream().anyMatch(e -> e instanceof IceEvent.GatheringStateChanged g
                && g.state() == IceGatheringState.COMPLETE), Duration.ofSeconds(5))) {
            throw new IllegalStateException(name + ": gathering did not complete within 5 s: " + driver.events());
        }
    }

    private void applyRemote(DataChannelSdp.Remote r, DtlsRole role) {
        UdpIceDriver d = requireDriver();
        remote = r;
        IceCredentials credentials;
        try {
            credentials = IceCredentials.parse(r.iceUfrag(), r.icePwd());
        } catch (IceException e) {
            throw new IllegalArgumentException("the peer's ICE credentials: " + e.getMessage(), e);
        }
        DtlsEndpoint endpoint = DtlsEndpoint.create(role, certificate, r.fingerprint(), dtlsConfig, handshakeExecutor, d::wakeup);
        d.call((agent, now) -> {
            agent.setRemoteCredentials(now, credentials);
            layer.attach(now, endpoint);
            return null;
        });
        for (String c : r.candidates()) {
            addRemoteCandidate(c);
        }
        if (r.endOfCandidates()) {
            endOfRemoteCandidates();
        }
        LOG.debug("{}: remote description applied, DTLS {}", name, role);
    }

    private IceCredentials localCredentials() {
        return requireDriver().call((agent, now) -> agent.localCredentials());
    }

    private List<Candidate> localCandidates() {
        return requireDriver().events().stream().filter(IceEvent.LocalCandidate.class::isInstance)
                .map(e -> ((IceEvent.LocalCandidate) e).candidate()).toList();
    }

    private UdpIceDriver requireDriver() {
        UdpIceDriver d = driver;
        if (d == null) {
            throw new IllegalStateException("ICE not started (expected: createOffer or createAnswer first)");
        }
        return d;
    }

    // ---- state

    /** The ICE driver (its events, selected pair, connection state). */
    UdpIceDriver ice() {
        return requireDriver();
    }

    /** Waits until ICE is connected. */
    boolean awaitIceConnected(Duration timeout) throws InterruptedException {
        return requireDriver().awaitConnected(timeout);
    }

    /**
     * Waits for the DTLS handshake to finish.
     *
     * @throws AssertionError if it failed, closed or did not finish in time, with the reason
     */
    DtlsEvent.Connected awaitDtlsConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (dtlsConnected == null) {
                if (dtlsEnd != null) {
                    throw new AssertionError(name + ": DTLS ended before connecting: " + dtlsEnd);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": DTLS not connected within " + timeout + "; ICE "
                            + (driver == null ? "not started" : driver.connectionState() + ", events " + driver.events()));
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return dtlsConnected;
        }
    }

    /** The DTLS role, once the remote description is known. */
    Optional<DtlsRole> dtlsRole() {
        DtlsEndpoint e = layer.dtls;
        return e == null ? Optional.empty() : Optional.of(e.role());
    }

    /** Failed or Closed, once DTLS ended. */
    Optional<DtlsEvent> dtlsEnd() {
        synchronized (lock) {
            return Optional.ofNullable(dtlsEnd);
        }
    }

    /** Datagrams that were neither STUN nor DTLS (RFC 7983), or DTLS before the endpoint existed; dropped. */
    long droppedDatagrams() {
        synchronized (lock) {
            return droppedNonDtls;
        }
    }

    // ---- SCTP

    /**
     * Sends one SCTP packet as one DTLS record. On the loop thread (from the SCTP consumer) it is sent at
     * once; from another thread it is handed to the loop and sent before this returns.
     *
     * @param packet copied
     * @throws IllegalStateException if DTLS is not connected
     */
    void sendSctp(byte[] packet) {
        byte[] copy = packet.clone();
        UdpIceDriver d = requireDriver();
        if (d.inLoop()) {
            layer.sendSctp(copy);
        } else {
            d.call((agent, now) -> {
                layer.sendSctp(copy);
                return null;
            });
        }
    }

    /**
     * Runs {@code task} on the loop thread (where the SCTP consumer runs), waiting up to 5 s; output it
     * causes is sent before this returns.
     */
    void runOnLoop(Runnable task) {
        requireDriver().call((agent, now) -> {
            task.run();
            return null;
        });
    }

    /** SCTP packets not kept in the log because it held {@link #LOG_BOUND} already. */
    long sctpLogOverflow() {
        synchronized (lock) {
            return sctpLogOverflow;
        }
    }

    /** Every SCTP packet so far, both directions, in order (at most {@link #LOG_BOUND}). */
    List<SctpRecord> sctpLog() {
        synchronized (lock) {
            return List.copyOf(sctpLog);
        }
    }

    /**
     * Waits until an SCTP packet so far matches.
     *
     * @return the first match
     * @throws AssertionError if none within {@code timeout}, or DTLS ended
     */
    SctpRecord awaitSctp(Predicate<SctpRecord> condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (SctpRecord r : sctpLog) {
                    if (condition.test(r)) {
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || dtlsEnd != null) {
                    throw new AssertionError(name + ": no " + what + (dtlsEnd != null ? "; DTLS ended: " + dtlsEnd
                            : " within " + timeout) + "; " + sctpLog.size() + " SCTP packets so far");
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    private void record(Direction direction, Instant time, byte[] packet) {
        synchronized (lock) {
            if (sctpLog.size() < LOG_BOUND) {
                sctpLog.add(new SctpRecord(direction, time, packet));
            } else {
                sctpLogOverflow++;
            }
            lock.notifyAll();
        }
    }

    /** Sends close_notify if connected, stops the loop (closing the ICE agent and the socket) and the handshake threads. */
    @Override
    public void close() throws InterruptedException {
        UdpIceDriver d = driver;
        if (d != null) {
            try {
                d.call((agent, now) -> {
                    DtlsEndpoint e = layer.dtls;
                    if (e != null) {
                        e.close();
                    }
                    return null;
                });
            } catch (IllegalStateException e) {
                LOG.debug("{}: closing DTLS failed", name, e);
            }
            d.close();
        }
        handshakeExecutor.shutdownNow();
    }

    @Override
    public String toString() {
        return "DtlsSctpPeer[" + name + "]";
    }

    /** DTLS above ICE, run by the driver's loop; every method runs on the loop thread. */
    private final class Layer implements UdpIceDriver.ApplicationLayer {
        volatile DtlsEndpoint dtls;
        private final java.util.ArrayDeque<byte[]> early = new java.util.ArrayDeque<>();
        private boolean started;

        /** Takes the endpoint once the remote description is known; a server starts at once and reads what came early. */
        void attach(Instant now, DtlsEndpoint endpoint) {
            dtls = endpoint;
            if (endpoint.role() == DtlsRole.SERVER) {
                endpoint.start(now); // waits for the ClientHello, which may come as soon as ICE connects
            }
            for (byte[] data = early.poll(); data != null; data = early.poll()) {
                endpoint.handleReceive(now, data);
            }
            pollDtls(now);
        }

        @Override
        public void handleReceive(Instant now, Datagram datagram) {
            byte[] data = datagram.data();
            DtlsEndpoint e = dtls;
            boolean isDtls = PacketClassifier.classify(data, 0, data.length) == PacketClassifier.Kind.DTLS;
            if (isDtls && e == null && early.size() < EARLY_DTLS_BOUND) {
                early.add(data);
                return;
            }
            if (e == null || !isDtls) {
                synchronized (lock) {
                    droppedNonDtls++;
                }
                return;
            }
            e.handleReceive(now, data);
            pollDtls(now);
        }

        @Override
        public void handleIceEvent(Instant now, IceEvent event) {
            DtlsEndpoint e = dtls;
            if (event instanceof IceEvent.ConnectionStateChanged c && e != null && e.role() == DtlsRole.CLIENT
                    && (c.state() == IceConnectionState.CONNECTED || c.state() == IceConnectionState.COMPLETED)
                    && !started) {
                started = true;
                e.start(now);
                pollDtls(now);
            } else if (event instanceof IceEvent.Data relayed) {
                handleReceive(now, new Datagram(relayed.from(), null, relayed.data()));
            }
        }

        @Override
        public void handleTimeout(Instant now) {
            DtlsEndpoint e = dtls;
            if (e != null) {
                e.handleTimeout(now);
                pollDtls(now);
            }
        }

        @Override
        public Optional<byte[]> pollTransmit() {
            DtlsEndpoint e = dtls;
            return e == null ? Optional.empty() : e.pollTransmit();
        }

        @Override
        public Optional<Instant> pollTimeout() {
            DtlsEndpoint e = dtls;
            return e == null ? Optional.empty() : e.pollTimeout();
        }

        void sendSctp(byte[] packet) {
            DtlsEndpoint e = dtls;
            if (e == null || !e.isConnected()) {
                throw new IllegalStateException(name + ": sendSctp before DTLS connected (expected: after awaitDtlsConnected)");
            }
            record(Direction.SENT, clock.instant(), packet);
            e.send(packet);
            pollDtls(clock.instant());
        }

        private void pollDtls(Instant now) {
            DtlsEndpoint e = dtls;
            for (Optional<DtlsEvent> ev = e.pollEvent(); ev.isPresent(); ev = e.pollEvent()) {
                DtlsEvent event = ev.get();
                if (event instanceof DtlsEvent.ApplicationData data) {
                    record(Direction.RECEIVED, now, data.data());
                    try {
                        sctpConsumer.accept(data.data().clone());
                    } catch (RuntimeException failure) {
                        LOG.warn("{}: the SCTP consumer failed", name, failure);
                    }
                    continue;
                }
                LOG.debug("{}: {}", name, event);
                synchronized (lock) {
                    if (event instanceof DtlsEvent.Connected c) {
                        dtlsConnected = c;
                    } else if (dtlsEnd == null) {
                        dtlsEnd = event;
                    }
                    lock.notifyAll();
                }
                if (event instanceof DtlsEvent.Connected) {
                    try {
                        onDtlsConnected.run();
                    } catch (RuntimeException failure) {
                        LOG.warn("{}: the DTLS-connected action failed", name, failure);
                    }
                }
            }
        }
    }
}
