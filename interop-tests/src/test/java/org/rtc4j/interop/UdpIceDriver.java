package org.rtc4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.rtc4j.ice.CandidatePair;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConnectionState;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.TurnServerUrl;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.PacketClassifier;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one sans-IO {@link IceAgent} over real UDP: a test's stand-in for the event loop that
 * {@code peerconnection} will own.
 *
 * <p>The driver binds one non-blocking {@link DatagramChannel} per local address it is given
 * (declaring each bound address to the agent as a host address), registers them with a
 * {@link Selector} and runs the agent on its own thread with a real {@link Clock}: datagrams whose
 * first byte is 0 to 3 (STUN, RFC 7983) go to {@link IceAgent#handleReceive} with the channel's
 * local address as destination, every other datagram goes to a bounded application queue
 * ({@link #pollApplicationData}); {@link IceAgent#handleTimeout} runs when {@link IceAgent#pollTimeout}
 * is due, and every {@link IceAgent#pollTransmit} is sent from the channel bound to its source address.
 *
 * <p>Threading: the agent is not thread-safe, so only the loop thread touches it. Commands from other
 * threads are queued with {@link #submit} (which wakes the selector) and run on the loop, which then
 * drains the agent before completing the returned future, so events the command caused are already
 * visible through {@link #events()}. The event log, the connection state and the selected 5-tuple are
 * published under a lock and can be read or awaited from any thread.
 *
 * <p>A layer above ICE (DTLS for a WebRTC transport) can be driven by the same loop: started with an
 * {@link ApplicationLayer}, the driver hands that layer every non-STUN datagram and every ICE event
 * instead of queueing them, runs its timers, and sends whatever it polls out on the selected pair
 * ({@link IceAgent#send}). {@link #wakeup()} makes the loop service the layer when another thread
 * (a DTLS handshake thread) produced output for it.
 */
final class UdpIceDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpIceDriver.class);
    /** The most application datagrams kept unread; more are dropped and counted. */
    static final int APPLICATION_QUEUE_BOUND = 1024;
    /** The longest the loop sleeps without a deadline, so that it notices {@link #close()} promptly. */
    private static final Duration MAX_IDLE = Duration.ofMillis(200);

    /** A command run on the loop thread with the loop's current time. */
    @FunctionalInterface
    interface AgentCommand<T> {
        T run(IceAgent agent, Instant now) throws Exception;
    }

    /** A selected pair as a 5-tuple (UDP implied), a value safe to hand to other threads. */
    record FiveTuple(InetSocketAddress local, InetSocketAddress remote) {
    }

    /**
     * A sans-IO layer above ICE that the loop drives; every method runs on the loop thread. The driver
     * calls {@link #handleTimeout} when {@link #pollTimeout} is due and after {@link #wakeup()}, and
     * drains {@link #pollTransmit} after every input, sending each datagram on the selected pair.
     */
    interface ApplicationLayer {
        /** A datagram that is not STUN (on a direct pair; relayed data arrives as {@link IceEvent.Data}). */
        void handleReceive(Instant now, Datagram datagram);

        /** An event of the agent, after the driver recorded it. */
        void handleIceEvent(Instant now, IceEvent event);

        /** The layer's deadline is due, or another thread called {@link UdpIceDriver#wakeup()}. */
        void handleTimeout(Instant now);

        /** The next datagram to send to the peer on the selected pair. */
        Optional<byte[]> pollTransmit();

        /** The layer's earliest deadline. */
        Optional<Instant> pollTimeout();
    }

    /** A queued command and the future its caller waits on. */
    private record Queued(Runnable body, CompletableFuture<?> future) {
    }

    private final IceAgent agent;
    private final Clock clock;
    private final Selector selector;
    private final Map<InetSocketAddress, DatagramChannel> channels = new LinkedHashMap<>();
    private final Map<InetSocketAddress, TurnStream> streams = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile SSLContext tls;
    private final ConcurrentLinkedQueue<Queued> commands = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Datagram> applicationData = new LinkedBlockingQueue<>(APPLICATION_QUEUE_BOUND);
    private final AtomicLong applicationDropped = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(65_536);
    private final Thread thread;
    private ApplicationLayer application;
    private final java.util.ArrayDeque<IceEvent> toApplication = new java.util.ArrayDeque<>();
    private final AtomicLong applicationUnsent = new AtomicLong();
    private volatile boolean wakeupRequested;

    private final Object lock = new Object();
    private final List<IceEvent> events = new ArrayList<>();
    private IceConnectionState connectionState = IceConnectionState.NEW;
    private FiveTuple selected;

    private volatile boolean closing;

    private UdpIceDriver(IceAgent agent, Clock clock, String name) throws IOException {
        this.agent = agent;
        this.clock = clock;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "rtc4j-ice-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Binds a channel on each of {@code localAddresses} (port 0 picks an ephemeral port), declares the
     * bound addresses to {@code agent} and starts the loop thread. The agent must be new and is owned by
     * the driver from now on.
     *
     * @param name a short name for the thread and the logs
     */
    static UdpIceDriver start(IceAgent agent, List<InetSocketAddress> localAddresses, Clock clock, String name)
            throws IOException {
        return start(agent, localAddresses, clock, name, null);
    }

    /**
     * Like {@link #start(IceAgent, List, Clock, String)}, with a layer above ICE that the loop drives
     * (null for none: non-STUN datagrams then queue for {@link #pollApplicationData}).
     */
    static UdpIceDriver start(IceAgent agent, List<InetSocketAddress> localAddresses, Clock clock, String name,
                              ApplicationLayer application) throws IOException {
        if (localAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one local address is needed");
        }
        UdpIceDriver driver = new UdpIceDriver(agent, clock, name);
        driver.application = application;
        try {
            Instant now = clock.instant();
            for (InetSocketAddress address : localAddresses) {
                DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                channel.configureBlocking(false);
                channel.bind(address);
                InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
                channel.register(driver.selector, SelectionKey.OP_READ, bound);
                driver.channels.put(bound, channel);
                agent.addHostAddress(now, bound);
                LOG.debug("{}: bound {}", name, bound);
            }
        } catch (IOException | RuntimeException e) {
            driver.closeChannels();
            throw e;
        }
        driver.thread.start();
        return driver;
    }

    /** The addresses the channels are bound to, in the order given to {@link #start}. */
    List<InetSocketAddress> localAddresses() {
        return List.copyOf(channels.keySet());
    }

    // ---- commands, run on the loop thread

    /**
     * Runs {@code command} on the loop thread. The future completes after the agent's output caused by
     * the command has been sent and its events recorded; it fails with what the command threw.
     */
    <T> CompletableFuture<T> submit(AgentCommand<T> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closing) {
            result.completeExceptionally(new IllegalStateException("the driver is closed"));
            return result;
        }
        Queued queued = new Queued(() -> {
            T value;
            try {
                value = command.run(agent, clock.instant());
            } catch (Exception | Error e) {
                drain();
                result.completeExceptionally(e);
                return;
            }
            drain();
            result.complete(value);
        }, result);
        commands.add(queued);
        if (!thread.isAlive() && commands.remove(queued)) {
            result.completeExceptionally(new IllegalStateException("the driver is closed"));
        }
        selector.wakeup();
        return result;
    }

    /** Like {@link #submit}, waiting up to 5 s for the result and rethrowing a failure unchecked. */
    <T> T call(AgentCommand<T> command) {
        try {
            return submit(command).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("agent command failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the loop did not run the command within 5 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Makes the loop call the application layer's {@link ApplicationLayer#handleTimeout} and drain it
     * soon; callable from any thread.
     */
    void wakeup() {
        wakeupRequested = true;
        selector.wakeup();
    }

    /** Whether the caller is the loop thread (where the agent and the application layer may be touched). */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** How many datagrams of the application layer the agent refused to send (no selected pair yet, no consent). */
    long applicationUnsent() {
        return applicationUnsent.get();
    }

    /** Sends application data on the agent's selected pair; false when the agent refused (no pair, no consent). */
    boolean send(byte[] data) {
        byte[] copy = data.clone();
        return call((a, now) -> a.send(now, copy));
    }

    // ---- observation, from any thread

    /** Every event the agent emitted so far, in order. */
    List<IceEvent> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** The last connection state the agent reported. */
    IceConnectionState connectionState() {
        synchronized (lock) {
            return connectionState;
        }
    }

    /** The 5-tuple of the last selected pair the agent reported. */
    Optional<FiveTuple> selectedPair() {
        synchronized (lock) {
            return Optional.ofNullable(selected);
        }
    }

    /**
     * Waits until {@code condition} holds for the events so far, or {@code timeout} passes.
     *
     * @return whether the condition held
     * @throws IllegalStateException if the loop thread died
     */
    boolean await(Predicate<List<IceEvent>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.test(events)) {
                throwIfFailed();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Waits until the agent reports {@code connected} or {@code completed}. */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        return await(e -> e.stream().anyMatch(UdpIceDriver::isConnectedEvent), timeout);
    }

    private static boolean isConnectedEvent(IceEvent e) {
        return e instanceof IceEvent.ConnectionStateChanged c
                && (c.state() == IceConnectionState.CONNECTED || c.state() == IceConnectionState.COMPLETED);
    }

    /** The next datagram that was not STUN, waiting up to {@code timeout}; empty if none came. */
    Optional<Datagram> pollApplicationData(Duration timeout) throws InterruptedException {
        throwIfFailed();
        return Optional.ofNullable(applicationData.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** How many application datagrams were dropped because the queue was full. */
    long applicationDropped() {
        return applicationDropped.get();
    }

    private void throwIfFailed() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("the ICE loop thread failed: " + t, t);
        }
    }

    // ---- the loop

    private void loop() {
        try {
            while (!closing) {
                runCommands();
                Instant now = clock.instant();
                Optional<Instant> deadline = agent.pollTimeout();
                if (deadline.isPresent() && !deadline.get().isAfter(now)) {
                    agent.handleTimeout(now);
                }
                if (application != null) {
                    Optional<Instant> due = application.pollTimeout();
                    if (wakeupRequested || due.isPresent() && !due.get().isAfter(now)) {
                        wakeupRequested = false;
                        application.handleTimeout(now);
                    }
                }
                drain();
                waitForInput();
                receiveAll();
            }
        } catch (Throwable t) {
            LOG.error("ICE loop {} failed", thread.getName(), t);
            failure.set(t);
            synchronized (lock) {
                lock.notifyAll();
            }
        } finally {
            try {
                agent.close(clock.instant());
                drainEvents();
            } catch (RuntimeException e) {
                LOG.debug("closing the agent failed", e);
            }
            for (Queued q = commands.poll(); q != null; q = commands.poll()) {
                q.future().completeExceptionally(new IllegalStateException("the driver closed before running the command"));
            }
            closeChannels();
        }
    }

    private void runCommands() {
        for (Queued q = commands.poll(); q != null; q = commands.poll()) {
            q.body().run();
        }
    }

    private void waitForInput() throws IOException {
        if (!commands.isEmpty() || wakeupRequested) {
            selector.selectNow();
            return;
        }
        Duration wait = MAX_IDLE;
        Optional<Instant> deadline = agent.pollTimeout();
        Optional<Instant> applicationDeadline = application == null ? Optional.empty() : application.pollTimeout();
        if (applicationDeadline.isPresent() && (deadline.isEmpty() || applicationDeadline.get().isBefore(deadline.get()))) {
            deadline = applicationDeadline;
        }
        if (deadline.isPresent()) {
            Duration untilDeadline = Duration.between(clock.instant(), deadline.get());
            if (untilDeadline.compareTo(wait) < 0) {
                wait = untilDeadline;
            }
        }
        long millis = wait.toMillis();
        if (millis <= 0 && !wait.isNegative() && !wait.isZero()) {
            millis = 1; // sub-millisecond: round up rather than spin
        }
        if (millis <= 0) {
            selector.selectNow();
        } else {
            selector.select(millis);
        }
    }

    private void receiveAll() throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            DatagramChannel channel = (DatagramChannel) key.channel();
            InetSocketAddress local = (InetSocketAddress) key.attachment();
            while (true) {
                receiveBuffer.clear();
                InetSocketAddress from;
                try {
                    from = (InetSocketAddress) channel.receive(receiveBuffer);
                } catch (IOException e) {
                    LOG.debug("receive on {} failed: {}", local, e.toString());
                    break;
                }
                if (from == null) {
                    break;
                }
                receiveBuffer.flip();
                byte[] data = new byte[receiveBuffer.remaining()];
                receiveBuffer.get(data);
                dispatch(new Datagram(from, local, data));
            }
        }
        selector.selectedKeys().clear();
    }

    private void dispatch(Datagram datagram) {
        byte[] data = datagram.data();
        LOG.trace("{}: {} bytes {} -> {}", thread.getName(), data.length, datagram.source(), datagram.destination());
        PacketClassifier.Kind kind = PacketClassifier.classify(data, 0, data.length);
        // STUN, and ChannelData from a TURN server, belong to the agent; the rest is the application's.
        boolean ours = (kind == PacketClassifier.Kind.STUN || kind == PacketClassifier.Kind.TURN_CHANNEL)
                && agent.handleReceive(clock.instant(), datagram);
        if (ours) {
            drain();
        } else if (application != null) {
            application.handleReceive(clock.instant(), datagram);
            drain();
        } else if (!applicationData.offer(datagram)) {
            applicationDropped.incrementAndGet();
        }
    }

    /**
     * Sends what the agent wants sent and records what it reported; with an application layer, hands
     * it the agent's events and sends its output through the agent, until neither has more.
     */
    private void drain() {
        boolean more = true;
        while (more) {
            more = false;
            for (Optional<Transmit> t = agent.pollTransmit(); t.isPresent(); t = agent.pollTransmit()) {
                transmit(t.get());
            }
            drainEvents();
            if (application == null) {
                return;
            }
            Instant now = clock.instant();
            for (IceEvent e = toApplication.poll(); e != null; e = toApplication.poll()) {
                application.handleIceEvent(now, e);
            }
            for (Optional<byte[]> out = application.pollTransmit(); out.isPresent(); out = application.pollTransmit()) {
                if (!agent.send(now, out.get())) {
                    applicationUnsent.incrementAndGet();
                    LOG.debug("{}: the agent refused {} bytes of application data", thread.getName(), out.get().length);
                }
                more = true;
            }
        }
    }

    private void transmit(Transmit t) {
        Optional<TurnServerUrl.Transport> stream = agent.streamTransport(t.destination());
        if (stream.isPresent()) {
            try {
                streams.computeIfAbsent(t.destination(), server -> openStream(t.source(), server, stream.get())).write(t.data());
            } catch (IOException | UncheckedIOException e) {
                LOG.debug("{}: stream to {} failed: {}", thread.getName(), t.destination(), e.toString());
            }
            return;
        }
        DatagramChannel channel = t.source() == null ? channels.values().iterator().next() : channels.get(t.source());
        if (channel == null) {
            LOG.warn("{}: no channel bound to {}, dropping a datagram to {}", thread.getName(), t.source(), t.destination());
            return;
        }
        try {
            LOG.trace("{}: sending {} bytes {} -> {}", thread.getName(), t.data().length, t.source(), t.destination());
            channel.send(ByteBuffer.wrap(t.data()), t.destination());
        } catch (IOException e) {
            // A lost datagram is a network event, not a driver failure: ICE retransmits.
            LOG.debug("send from {} to {} failed: {}", t.source(), t.destination(), e.toString());
        }
    }

    private void drainEvents() {
        List<IceEvent> drained = new ArrayList<>();
        for (Optional<IceEvent> e = agent.pollEvent(); e.isPresent(); e = agent.pollEvent()) {
            drained.add(e.get());
        }
        if (drained.isEmpty()) {
            return;
        }
        if (application != null) {
            toApplication.addAll(drained);
        }
        synchronized (lock) {
            for (IceEvent e : drained) {
                LOG.debug("{}: {}", thread.getName(), e);
                events.add(e);
                if (e instanceof IceEvent.ConnectionStateChanged c) {
                    connectionState = c.state();
                } else if (e instanceof IceEvent.SelectedPairChanged s) {
                    CandidatePair pair = s.pair();
                    selected = new FiveTuple(pair.localAddress(), pair.remoteAddress());
                }
            }
            lock.notifyAll();
        }
    }

    // ---- TURN over TCP and TLS

    /** Uses {@code context} for {@code turns:} servers; call before the agent gathers. */
    void useTls(SSLContext context) {
        this.tls = context;
    }

    /**
     * Opens the byte stream to a TURN server (TLS when the agent asks for it) and a reader thread that
     * hands each chunk to the agent on the loop thread, as a "datagram" from the server to the base.
     */
    private TurnStream openStream(InetSocketAddress base, InetSocketAddress server, TurnServerUrl.Transport transport) {
        try {
            Socket socket;
            if (transport == TurnServerUrl.Transport.TLS) {
                if (tls == null) {
                    throw new IOException("no SSLContext for turns: " + server + " (call useTls first)");
                }
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(server.getAddress(), server.getPort());
                ssl.startHandshake();
                socket = ssl;
            } else {
                socket = new Socket(server.getAddress(), server.getPort());
            }
            socket.setTcpNoDelay(true);
            TurnStream stream = new TurnStream(socket);
            Thread reader = new Thread(() -> stream.readInto(chunk -> submit((a, now) -> {
                a.handleReceive(now, new Datagram(server, base, chunk));
                return null;
            })), thread.getName() + "-turn-" + server.getPort());
            reader.setDaemon(true);
            reader.start();
            return stream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP or TLS connection to a TURN server: writes from the loop, reads on its own thread. */
    private static final class TurnStream {
        private final Socket socket;

        TurnStream(Socket socket) {
            this.socket = socket;
        }

        void write(byte[] data) throws IOException {
            socket.getOutputStream().write(data);
            socket.getOutputStream().flush();
        }

        void readInto(java.util.function.Consumer<byte[]> sink) {
            byte[] buf = new byte[65_536];
            try {
                int n;
                while ((n = socket.getInputStream().read(buf)) > 0) {
                    sink.accept(java.util.Arrays.copyOf(buf, n));
                }
            } catch (IOException e) {
                LOG.debug("TURN stream closed: {}", e.toString());
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing a TURN stream failed", e);
            }
        }
    }

    // ---- shutdown

    /** Stops the loop thread (closing the agent) and closes the channels. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        if (thread.isAlive()) {
            LOG.warn("{} did not stop within 5 s", thread.getName());
        }
        closeChannels();
    }

    private void closeChannels() {
        streams.values().forEach(TurnStream::close);
        for (DatagramChannel c : channels.values()) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", c, e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed", e);
        }
    }
}
