package org.rtc4j.pc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.dtls.DtlsCertificate;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceException;
import org.rtc4j.ice.IceRole;
import org.rtc4j.ice.TurnServerUrl;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRTC peer connection (W3C {@code RTCPeerConnection}): offer/answer, ICE with trickle, DTLS and
 * data channels over one BUNDLE transport, driven by an {@link EventLoop} that owns its UDP sockets and
 * its TCP/TLS connections to TURN servers ({@code turn:...?transport=tcp}, {@code turns:}).
 *
 * <p>Thread-safe: every method may be called from any thread; the work is handed to the loop and
 * results come back as {@link CompletableFuture}s (a failure completes them with an
 * {@link RTCException} carrying the W3C error name). Callbacks run in order, on the loop or on the
 * executor of {@link PeerConnectionOptions#callbackExecutor()}, never while a protocol layer is
 * mid-update. Data channels are used from their callbacks or through {@link #onLoop}.
 *
 * <pre>
 * RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT);
 * pc.onIceCandidate(c -&gt; signalling.send(c));
 * DataChannel chat = pc.createDataChannel("chat", DataChannelInit.DEFAULT);
 * chat.onOpen(() -&gt; chat.send("hello"));
 * RTCSessionDescription offer = pc.createOffer().join();
 * pc.setLocalDescription(offer).join();
 * signalling.send(offer);  // ... then pc.setRemoteDescription(answer), pc.addIceCandidate(c)
 * </pre>
 */
public final class RTCPeerConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RTCPeerConnection.class);
    /**
     * The receive buffer each UDP socket asks for (the OS caps it, on Linux at {@code net.core.rmem_max}).
     * The default of about 208 KiB holds fewer than a hundred full-size datagrams; a sender with a
     * 1 MiB SCTP window overflows it whenever the loop thread is not scheduled for a moment, and every
     * drop costs a fast retransmit.
     */
    static final int RECEIVE_BUFFER = 1024 * 1024;
    private static final ExecutorService HANDSHAKES = DtlsEndpoint.newHandshakeExecutor();

    private final EventLoop loop;
    private final PeerConnectionCore core;
    private final CallbackRunner callbacks;
    private final Map<InetSocketAddress, DatagramChannel> sockets = new LinkedHashMap<>();
    private final DtlsCertificate certificate;
    private final TurnStreamConnections turnStreams;
    private EventLoop.Timer timer;

    private volatile RTCSignalingState signalingState = RTCSignalingState.STABLE;
    private volatile RTCIceGatheringState iceGatheringState = RTCIceGatheringState.NEW;
    private volatile RTCIceConnectionState iceConnectionState = RTCIceConnectionState.NEW;
    private volatile RTCPeerConnectionState connectionState = RTCPeerConnectionState.NEW;

    private volatile Consumer<RTCIceCandidate> onIceCandidate = c -> { };
    private volatile Consumer<RTCSignalingState> onSignalingStateChange = s -> { };
    private volatile Consumer<RTCIceGatheringState> onIceGatheringStateChange = s -> { };
    private volatile Consumer<RTCIceConnectionState> onIceConnectionStateChange = s -> { };
    private volatile Consumer<RTCPeerConnectionState> onConnectionStateChange = s -> { };
    private volatile Runnable onNegotiationNeeded = () -> { };
    private volatile Consumer<DataChannel> onDataChannel = c -> { };

    /** A connection with the default options: the shared loops, every routable local address. */
    public RTCPeerConnection(RTCConfiguration configuration) {
        this(configuration, PeerConnectionOptions.DEFAULT);
    }

    /**
     * @throws RTCException ({@code SyntaxError}) for an ICE server URL that does not parse, or
     *                      ({@code OperationError}) when no local address can be bound
     */
    public RTCPeerConnection(RTCConfiguration configuration, PeerConnectionOptions options) {
        Objects.requireNonNull(configuration, "configuration");
        this.loop = options.loop() != null ? options.loop() : EventLoopGroup.shared().next();
        this.callbacks = new CallbackRunner(options.callbackExecutor());
        this.certificate = configuration.certificates().isEmpty() ? DtlsCertificate.generate()
                : configuration.certificates().get(0);
        Map<InetSocketAddress, String> tlsServerNames = new java.util.HashMap<>();
        IceConfig iceConfig = iceConfig(configuration, tlsServerNames);
        List<InetAddress> addresses;
        try {
            addresses = options.hostAddresses().enumerate();
        } catch (SocketException e) {
            throw new RTCException("OperationError", "cannot list the local addresses: " + e.getMessage(), e);
        }
        this.core = new PeerConnectionCore(configuration, iceConfig, certificate, options.dtls(), new SecureRandom(),
                HANDSHAKES, () -> loop.execute(this::onWakeup));
        // Whole STUN and ChannelData frames from TURN servers over TCP/TLS, as if they were datagrams.
        this.turnStreams = new TurnStreamConnections(loop, options.turnTls(), tlsServerNames, frame -> {
            core.handleReceive(loop.now(), frame);
            drive();
        });
        // The channel's ChannelOpened event, dispatched in order with the others, calls this.
        core.channels().onDataChannel(channel -> onDataChannel.accept(channel));
        // Data channels may be used from any thread: such calls are handed to the loop, then output drained.
        core.channels().handOffTo(task -> loop.execute(() -> {
            task.run();
            drive();
        }), loop::inLoop);
        call(() -> {
            for (InetAddress address : addresses) {
                bind(address);
            }
            if (sockets.isEmpty()) {
                throw RTCException.operation("no local address could be bound (" + addresses + ")");
            }
            return null;
        }).join();
    }

    // ------------------------------------------------------------------ W3C methods

    public CompletableFuture<RTCSessionDescription> createOffer() {
        return call(() -> core.createOffer(loop.now()));
    }

    public CompletableFuture<RTCSessionDescription> createAnswer() {
        return call(() -> core.createAnswer(loop.now()));
    }

    public CompletableFuture<Void> setLocalDescription(RTCSessionDescription description) {
        Objects.requireNonNull(description, "description");
        return call(() -> {
            core.setLocalDescription(loop.now(), description);
            return null;
        });
    }

    /** W3C implicit setLocalDescription: creates the offer or answer the signaling state calls for. */
    public CompletableFuture<Void> setLocalDescription() {
        return call(() -> {
            RTCSessionDescription d = core.signalingState() == RTCSignalingState.HAVE_REMOTE_OFFER
                    || core.signalingState() == RTCSignalingState.HAVE_LOCAL_PRANSWER
                    ? core.createAnswer(loop.now()) : core.createOffer(loop.now());
            core.setLocalDescription(loop.now(), d);
            return null;
        });
    }

    public CompletableFuture<Void> setRemoteDescription(RTCSessionDescription description) {
        Objects.requireNonNull(description, "description");
        return call(() -> {
            core.setRemoteDescription(loop.now(), description);
            return null;
        });
    }

    /** Adds a remote candidate; an empty candidate string is the end of candidates. */
    public CompletableFuture<Void> addIceCandidate(RTCIceCandidate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        return call(() -> {
            core.addIceCandidate(loop.now(), candidate);
            return null;
        });
    }

    /** Asks for an ICE restart in the next offer (W3C {@code restartIce}). */
    public void restartIce() {
        call(() -> {
            core.restartIce();
            return null;
        }).join();
    }

    /**
     * Creates a data channel; it opens once the connection is up. Waits for the loop.
     *
     * @throws RTCException ({@code InvalidStateError}) when closed
     * @throws IllegalArgumentException for a bad label or init (W3C TypeError)
     */
    public DataChannel createDataChannel(String label, DataChannelInit init) {
        return join(call(() -> core.createDataChannel(label, init)));
    }

    /** A stats report (W3C {@code getStats}, webrtc-stats identifiers and fields). */
    public CompletableFuture<RTCStatsReport> getStats() {
        return call(() -> StatsCollector.collect(core, loop.now()));
    }

    /** Runs {@code action} on the connection's loop (where data channels may be used) and waits for it. */
    public <T> T onLoop(Callable<T> action) {
        return join(call(action));
    }

    /** Closes the connection: channels, DTLS, ICE and sockets (W3C {@code close}). Idempotent. */
    public void close() {
        if (loop.inLoop()) {
            closeOnLoop();
        } else {
            call(() -> {
                closeOnLoop();
                return null;
            }).join();
        }
    }

    // ------------------------------------------------------------------ states and descriptions

    public RTCSignalingState signalingState() {
        return signalingState;
    }

    public RTCIceGatheringState iceGatheringState() {
        return iceGatheringState;
    }

    public RTCIceConnectionState iceConnectionState() {
        return iceConnectionState;
    }

    public RTCPeerConnectionState connectionState() {
        return connectionState;
    }

    /** The local description, with the candidates gathered so far (W3C {@code localDescription}). */
    public Optional<RTCSessionDescription> localDescription() {
        return join(call(core::localDescription));
    }

    public Optional<RTCSessionDescription> remoteDescription() {
        return join(call(core::remoteDescription0));
    }

    /** The certificate whose fingerprint goes into our SDP. */
    public DtlsCertificate certificate() {
        return certificate;
    }

    // ------------------------------------------------------------------ callbacks

    public void onIceCandidate(Consumer<RTCIceCandidate> handler) {
        onIceCandidate = Objects.requireNonNull(handler);
    }

    public void onSignalingStateChange(Consumer<RTCSignalingState> handler) {
        onSignalingStateChange = Objects.requireNonNull(handler);
    }

    public void onIceGatheringStateChange(Consumer<RTCIceGatheringState> handler) {
        onIceGatheringStateChange = Objects.requireNonNull(handler);
    }

    public void onIceConnectionStateChange(Consumer<RTCIceConnectionState> handler) {
        onIceConnectionStateChange = Objects.requireNonNull(handler);
    }

    public void onConnectionStateChange(Consumer<RTCPeerConnectionState> handler) {
        onConnectionStateChange = Objects.requireNonNull(handler);
    }

    public void onNegotiationNeeded(Runnable handler) {
        onNegotiationNeeded = Objects.requireNonNull(handler);
    }

    public void onDataChannel(Consumer<DataChannel> handler) {
        onDataChannel = Objects.requireNonNull(handler);
    }

    // ------------------------------------------------------------------ the loop side

    private <T> CompletableFuture<T> call(Callable<T> body) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                T result = body.call();
                drive();
                future.complete(result);
            } catch (Throwable e) {
                drive();
                future.completeExceptionally(e);
            }
        };
        if (loop.inLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
        return future;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void bind(InetAddress address) {
        try {
            DatagramChannel channel = DatagramChannel.open(address instanceof java.net.Inet6Address
                    ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            channel.bind(new InetSocketAddress(address, 0));
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            loop.register(channel, (ch, from, data) -> onDatagram(local, from, data));
            sockets.put(local, channel);
            core.addHostAddress(loop.now(), local);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot bind a socket on {}: {}", address, e.getMessage());
        }
    }

    /** The SO_RCVBUF the OS reports for each socket (for tests). On the loop. */
    List<Integer> receiveBufferSizes() throws IOException {
        List<Integer> sizes = new ArrayList<>();
        for (DatagramChannel channel : sockets.values()) {
            sizes.add(channel.getOption(java.net.StandardSocketOptions.SO_RCVBUF));
        }
        return sizes;
    }

    private void onDatagram(InetSocketAddress local, InetSocketAddress from, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        core.handleReceive(loop.now(), new Datagram(from, local, bytes));
        drive();
    }

    private void onWakeup() {
        core.handleTimeout(loop.now());
        drive();
    }

    /** Sends what the core produced, runs callbacks, and re-arms the timer. On the loop. */
    private void drive() {
        for (Optional<Transmit> t = core.pollTransmit(); t.isPresent(); t = core.pollTransmit()) {
            send(t.get());
        }
        for (Optional<PeerConnectionEvent> e = core.pollEvent(); e.isPresent(); e = core.pollEvent()) {
            dispatch(e.get());
        }
        for (Optional<Transmit> t = core.pollTransmit(); t.isPresent(); t = core.pollTransmit()) {
            send(t.get());
        }
        signalingState = core.signalingState();
        iceGatheringState = core.iceGatheringState();
        iceConnectionState = core.iceConnectionState();
        connectionState = core.connectionState();
        // A deadline that moves later (SCTP restarts T3-rtx on every SACK) keeps the armed timer: it fires
        // early, the layers take a spurious handleTimeout as a no-op, and this re-arms. Rescheduling instead
        // would leave a cancelled timer in the loop's queue for every packet.
        Optional<Instant> next = core.pollTimeout();
        if (timer != null && (next.isEmpty() || next.get().isBefore(timer.at()))) {
            timer.cancel();
            timer = null;
        }
        if (next.isPresent() && timer == null) {
            timer = loop.schedule(next.get(), () -> {
                timer = null;
                core.handleTimeout(loop.now());
                drive();
            });
        }
    }

    private void send(Transmit t) {
        Optional<TurnServerUrl.Transport> stream = core.ice().streamTransport(t.destination());
        if (stream.isPresent()) {
            turnStreams.send(t.source(), t.destination(), stream.get(), t.data());
            return;
        }
        DatagramChannel channel = sockets.get(t.source());
        if (channel == null && !sockets.isEmpty()) {
            channel = sockets.values().iterator().next();
        }
        if (channel == null) {
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(t.data()), t.destination());
        } catch (IOException e) {
            LOG.debug("send to {} failed: {}", t.destination(), e.getMessage());
        }
    }

    private void dispatch(PeerConnectionEvent event) {
        if (event instanceof PeerConnectionEvent.IceCandidate c) {
            callbacks.run(() -> onIceCandidate.accept(c.candidate()));
        } else if (event instanceof PeerConnectionEvent.SignalingStateChange s) {
            callbacks.run(() -> onSignalingStateChange.accept(s.state()));
        } else if (event instanceof PeerConnectionEvent.IceGatheringStateChange s) {
            callbacks.run(() -> onIceGatheringStateChange.accept(s.state()));
        } else if (event instanceof PeerConnectionEvent.IceConnectionStateChange s) {
            callbacks.run(() -> onIceConnectionStateChange.accept(s.state()));
        } else if (event instanceof PeerConnectionEvent.ConnectionStateChange s) {
            callbacks.run(() -> onConnectionStateChange.accept(s.state()));
        } else if (event instanceof PeerConnectionEvent.NegotiationNeeded) {
            callbacks.run(() -> onNegotiationNeeded.run());
        } else if (event instanceof PeerConnectionEvent.Channel c) {
            callbacks.run(c.event()::dispatch);
        }
    }

    private void closeOnLoop() {
        if (core.isClosed()) {
            return;
        }
        core.close(loop.now());
        drive();
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        turnStreams.close();
        for (DatagramChannel channel : sockets.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        signalingState = RTCSignalingState.CLOSED;
        iceConnectionState = RTCIceConnectionState.CLOSED;
        connectionState = RTCPeerConnectionState.CLOSED;
    }

    /** The agent's configuration; fills {@code tlsServerNames} with the host name of each {@code turns:} address. */
    private static IceConfig iceConfig(RTCConfiguration configuration, Map<InetSocketAddress, String> tlsServerNames) {
        List<InetSocketAddress> stun = new ArrayList<>();
        List<TurnServerUrl> turn = new ArrayList<>();
        for (RTCIceServer server : configuration.iceServers()) {
            for (String url : server.urls()) {
                try {
                    TurnServerUrl parsed = TurnServerUrl.parse(url, server.username(), server.credential());
                    TurnServerUrl resolved = resolve(parsed);
                    if (parsed.isTurn()) {
                        turn.add(resolved);
                        if (parsed.transport() == TurnServerUrl.Transport.TLS) {
                            tlsServerNames.put(resolved.address(), parsed.host());
                        }
                    } else {
                        stun.add(resolved.address());
                    }
                } catch (IceException e) {
                    throw new RTCException("SyntaxError", "ICE server URL '" + url + "': " + e.getMessage(), e);
                }
            }
        }
        return IceConfig.defaults(IceRole.CONTROLLING).withStunServers(stun)
                .withTurnServers(turn, configuration.iceTransportPolicy() == RTCIceTransportPolicy.RELAY);
    }

    /** DNS happens here, on the caller's thread, so that the sans-IO agent sees only addresses. */
    private static TurnServerUrl resolve(TurnServerUrl url) throws IceException {
        if (!url.address().isUnresolved()) {
            return url;
        }
        try {
            InetAddress ip = InetAddress.getByName(url.host());
            return new TurnServerUrl(url.scheme(), ip.getHostAddress(), url.port(), url.transport(), url.username(),
                    url.credential());
        } catch (IOException e) {
            throw new IceException("cannot resolve " + url.host() + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RTCPeerConnection[" + connectionState + ", " + signalingState + "]";
    }

    /** Runs callbacks in order, inline or on an executor (one after the other). */
    private static final class CallbackRunner {
        private final java.util.concurrent.Executor executor;
        private final java.util.ArrayDeque<Runnable> queue = new java.util.ArrayDeque<>();
        private boolean running;

        CallbackRunner(java.util.concurrent.Executor executor) {
            this.executor = executor;
        }

        void run(Runnable callback) {
            if (executor == null) {
                safely(callback);
                return;
            }
            synchronized (queue) {
                queue.add(callback);
                if (running) {
                    return;
                }
                running = true;
            }
            executor.execute(this::drain);
        }

        private void drain() {
            while (true) {
                Runnable next;
                synchronized (queue) {
                    next = queue.poll();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                safely(next);
            }
        }

        private static void safely(Runnable callback) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("a callback failed", e);
            }
        }
    }
}
