package org.rtc4j.pc;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.rtc4j.ice.TurnServerUrl;
import org.rtc4j.ice.TurnStreamReassembler;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.StunException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP and TLS connections of one peer connection to its TURN servers (RFC 8656 §3.1, RFC 6062
 * framing), non-blocking on the {@link EventLoop}: one {@link SocketChannel} per server address, wrapped
 * in a JDK {@link SSLEngine} for {@code turns:}.
 *
 * <p>What the ICE agent sends to such a server ({@link #send}) is a piece of the byte stream; it is
 * queued until the connection (and the TLS handshake) is up, at most {@link #MAX_PENDING_BYTES} per
 * connection, beyond which it is dropped like a lost datagram. What the server sends is cut back into
 * whole STUN messages and ChannelData frames by a {@link TurnStreamReassembler} and handed to the sink
 * as {@code Datagram(server, localSource, frame)}, {@code localSource} being the source address of the
 * agent's first transmit to that server; so the RFC 7983 demultiplexing above never sees a piece of a
 * frame. A stream that cannot be framed (neither STUN nor ChannelData, a frame longer than the buffer),
 * a refused connection, a failed handshake, a connect or handshake slower than {@link #CONNECT_TIMEOUT}
 * or a close by the server ends the connection: it is logged and its queued data dropped; the agent's own
 * TURN timers notice and give up or retry, and the next transmit to that server opens a new connection.
 *
 * <p>TLS trusts the given {@link SSLContext}, else the JDK's default trust store, and checks the
 * server's name (or IP address) against its certificate (RFC 6125, as HTTPS does).
 *
 * <p>Everything runs on the loop thread; nothing blocks (the TLS engine's delegated tasks are CPU work
 * and run inline). Frames are handed to the sink outside of the connection's own I/O, so the sink may
 * call {@link #send} again.
 */
final class TurnStreamConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnStreamConnections.class);
    /** The most bytes queued for one server (before it is connected, or while its socket is full). */
    static final int MAX_PENDING_BYTES = 256 * 1024;
    /** How long connecting, and the TLS handshake, may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The most reads of one socket per readiness, so one busy server cannot starve the loop. */
    private static final int READS_PER_WAKEUP = 16;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final EventLoop loop;
    private final SSLContext tls;
    private final Map<InetSocketAddress, String> serverNames;
    private final Consumer<Datagram> sink;
    private final Map<InetSocketAddress, Connection> connections = new LinkedHashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(65_536);
    private final ArrayDeque<Datagram> received = new ArrayDeque<>();
    private boolean delivering;
    private boolean closed;
    private long framesDropped;

    /**
     * @param tls         the context for {@code turns:} servers; null means the JDK default
     * @param serverNames the host name of each TLS server address, for SNI and the certificate check
     *                    (an address not in it is checked as an IP address)
     * @param sink        gets each whole frame from a server, on the loop thread
     */
    TurnStreamConnections(EventLoop loop, SSLContext tls, Map<InetSocketAddress, String> serverNames,
                          Consumer<Datagram> sink) {
        this.loop = loop;
        this.tls = tls;
        this.serverNames = Map.copyOf(serverNames);
        this.sink = sink;
    }

    /**
     * Sends the next piece of the stream to {@code server}, connecting first if needed. On the loop.
     *
     * @param source    the agent's local address for this server (frames come back addressed to it)
     * @param data      the bytes; kept until written, the caller must not change them
     */
    void send(InetSocketAddress source, InetSocketAddress server, TurnServerUrl.Transport transport, byte[] data) {
        if (closed) {
            return;
        }
        Connection c = connections.get(server);
        if (c == null) {
            c = open(source, server, transport);
            if (c == null) {
                return;
            }
        }
        c.enqueue(data);
        c.pump();
        if (!received.isEmpty()) {
            loop.execute(this::deliver); // later: the caller is in the middle of draining the agent
        }
    }

    /** How many servers have a connection (open or opening). On the loop. */
    int size() {
        return connections.size();
    }

    /** Frames dropped so far (queue bound, stream out of sync). On the loop. */
    long dropped() {
        return framesDropped;
    }

    /** Closes every connection. On the loop; idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Connection c : List.copyOf(connections.values())) {
            c.close();
        }
        received.clear();
    }

    private Connection open(InetSocketAddress source, InetSocketAddress server, TurnServerUrl.Transport transport) {
        SocketChannel channel = null;
        Connection opened = null;
        try {
            SSLEngine engine = transport == TurnServerUrl.Transport.TLS ? engine(server) : null;
            channel = SocketChannel.open(server.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (source != null && source.getAddress() != null
                    && (source.getAddress() instanceof Inet6Address) == (server.getAddress() instanceof Inet6Address)) {
                channel.bind(new InetSocketAddress(source.getAddress(), 0)); // the interface the agent chose
            }
            Connection c = new Connection(server, source, transport, channel, engine);
            opened = c;
            boolean connected = channel.connect(server);
            c.key = loop.register(channel, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c::onReady);
            connections.put(server, c);
            c.timeout = loop.schedule(loop.now().plus(CONNECT_TIMEOUT), () -> {
                if (!c.open && !c.closed) {
                    c.fail("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", null);
                }
            });
            LOG.debug("TURN {} connection to {} from {}: connecting", transport, server, source);
            if (connected) {
                c.connected();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot open a TURN {} connection to {}: {}", transport, server, e.toString());
            if (opened != null) {
                opened.close();
            } else if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
            return null;
        }
    }

    private SSLEngine engine(InetSocketAddress server) throws IOException {
        SSLContext context = tls;
        if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no default TLS context", e);
            }
        }
        String name = serverNames.getOrDefault(server, server.getAddress().getHostAddress());
        SSLEngine engine = context.createSSLEngine(name, server.getPort());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 8656 §3.1 defers to RFC 6125
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Hands the frames read so far to the sink, unless already doing so further up the stack. */
    private void deliver() {
        if (delivering || closed) {
            return;
        }
        delivering = true;
        try {
            for (Datagram d = received.poll(); d != null; d = received.poll()) {
                try {
                    sink.accept(d);
                } catch (RuntimeException e) {
                    LOG.warn("handling a frame from TURN server {} failed", d.source(), e);
                }
            }
        } finally {
            delivering = false;
        }
    }

    /** One connection to one TURN server. */
    private final class Connection {
        private final InetSocketAddress server;
        private final InetSocketAddress local;
        private final TurnServerUrl.Transport transport;
        private final SocketChannel channel;
        private final SSLEngine engine;
        private final TurnStreamReassembler reassembler = new TurnStreamReassembler();
        /** Plain bytes for the server, each buffer one transmit, in order. */
        private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        private int pendingBytes;
        /** TLS records: what the engine produced and the socket has not taken (write mode), what came in (write mode), decrypted. */
        private final ByteBuffer netOut;
        private final ByteBuffer netIn;
        private final ByteBuffer appIn;
        private SelectionKey key;
        private EventLoop.Timer timeout;
        private boolean connected;
        private boolean open;
        private boolean closed;

        Connection(InetSocketAddress server, InetSocketAddress local, TurnServerUrl.Transport transport,
                   SocketChannel channel, SSLEngine engine) {
            this.server = server;
            this.local = local;
            this.transport = transport;
            this.channel = channel;
            this.engine = engine;
            this.netOut = engine == null ? null : ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            this.netIn = engine == null ? null : ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            this.appIn = engine == null ? null : ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        void enqueue(byte[] data) {
            if (pendingBytes + data.length > MAX_PENDING_BYTES) {
                framesDropped++;
                LOG.debug("TURN {} connection to {}: {} bytes queued, dropping {} more", transport, server, pendingBytes,
                        data.length);
                return;
            }
            pending.add(ByteBuffer.wrap(data));
            pendingBytes += data.length;
        }

        void onReady(SelectionKey k) {
            try {
                if (k.isValid() && k.isConnectable()) {
                    if (!channel.finishConnect()) {
                        return;
                    }
                    connected();
                }
                if (k.isValid() && k.isReadable()) {
                    read();
                }
                if (!closed) {
                    pump();
                }
            } catch (IOException | RuntimeException e) {
                fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
            }
            deliver();
        }

        void connected() throws IOException {
            connected = true;
            LOG.debug("TURN {} connection to {}: connected from {}", transport, server, channel.getLocalAddress());
            if (engine == null) {
                opened();
            } else {
                engine.beginHandshake();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void opened() {
            open = true;
            if (timeout != null) {
                timeout.cancel();
            }
        }

        private void read() throws IOException {
            for (int i = 0; i < READS_PER_WAKEUP && !closed; i++) {
                int n;
                if (engine == null) {
                    readBuffer.clear();
                    n = channel.read(readBuffer);
                    if (n > 0) {
                        frame(readBuffer.array(), 0, n);
                    }
                } else {
                    if (!netIn.hasRemaining()) {
                        return; // pump unwraps first
                    }
                    n = channel.read(netIn);
                    if (n > 0) {
                        unwrap();
                    }
                }
                if (n < 0) {
                    fail("closed by the server", null);
                    return;
                }
                if (n == 0) {
                    return;
                }
            }
        }

        /** Cuts {@code len} bytes of the stream into frames for the sink; a stream out of sync ends the connection. */
        private void frame(byte[] b, int off, int len) {
            int pos = off;
            int end = off + len;
            while (pos < end && !closed) {
                pos += reassembler.offer(b, pos, end - pos);
                try {
                    int length;
                    while ((length = reassembler.nextFrameLength()) > 0) {
                        int at = reassembler.frameOffset();
                        received.add(new Datagram(server, local, Arrays.copyOfRange(reassembler.buffer(), at, at + length)));
                        reassembler.consume(length);
                    }
                } catch (StunException e) {
                    framesDropped++;
                    reassembler.clear();
                    fail("the stream from the server is out of sync: " + e.getMessage(), null);
                }
            }
        }

        /** Writes, encrypts and decrypts as far as the socket and the engine allow; then says what to wait for. */
        void pump() {
            if (closed || !connected) {
                return;
            }
            try {
                if (engine == null) {
                    writePlain();
                } else {
                    pumpTls();
                }
                if (!closed) {
                    boolean more = engine == null ? !pending.isEmpty() : netOut.position() > 0;
                    key.interestOps(more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                }
            } catch (IOException | RuntimeException e) {
                fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
            }
        }

        private void writePlain() throws IOException {
            for (ByteBuffer head = pending.peek(); head != null; head = pending.peek()) {
                channel.write(head);
                if (head.hasRemaining()) {
                    return; // the socket is full: wait for OP_WRITE
                }
                pending.poll();
                pendingBytes -= head.limit();
            }
        }

        private void pumpTls() throws IOException {
            boolean progress = true;
            while (progress && !closed) {
                progress = unwrap();
                SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                        task.run();
                    }
                    progress = true;
                    continue;
                }
                boolean handshaking = hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                        && hs != SSLEngineResult.HandshakeStatus.FINISHED;
                if (!handshaking && !open) {
                    opened();
                    LOG.debug("TURN TLS connection to {}: {} {}", server, engine.getSession().getProtocol(),
                            engine.getSession().getCipherSuite());
                }
                if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP || !handshaking && !pending.isEmpty()) {
                    progress |= wrap(handshaking ? EMPTY : pending.peek());
                }
                progress |= writeNet();
            }
        }

        /** Decrypts what {@link #netIn} holds and frames it; whether anything moved. */
        private boolean unwrap() throws IOException {
            boolean progress = false;
            while (!closed) {
                netIn.flip();
                SSLEngineResult r;
                try {
                    r = engine.unwrap(netIn, appIn);
                } finally {
                    netIn.compact();
                }
                if (appIn.position() > 0) {
                    appIn.flip();
                    frame(appIn.array(), appIn.arrayOffset(), appIn.remaining());
                    appIn.clear();
                }
                switch (r.getStatus()) {
                    case CLOSED -> {
                        fail("the server closed TLS", null);
                        return true;
                    }
                    case BUFFER_UNDERFLOW -> {
                        return progress; // wait for more of the record
                    }
                    case BUFFER_OVERFLOW -> {
                        // appIn was emptied above; try again
                    }
                    case OK -> {
                        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                            return progress;
                        }
                    }
                }
                progress = true;
            }
            return progress;
        }

        /** Encrypts {@code src} (or handshake data) into {@link #netOut}; whether anything moved. */
        private boolean wrap(ByteBuffer src) throws IOException {
            SSLEngineResult r = engine.wrap(src, netOut);
            if (src != EMPTY && !src.hasRemaining()) {
                pending.poll();
                pendingBytes -= src.limit();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                fail("TLS closed", null);
                return false;
            }
            // BUFFER_OVERFLOW: netOut is full; writeNet makes room or we wait for OP_WRITE
            return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        }

        /** Writes what {@link #netOut} holds; whether it made room. */
        private boolean writeNet() throws IOException {
            if (netOut.position() == 0) {
                return false;
            }
            netOut.flip();
            int n;
            try {
                n = channel.write(netOut);
            } finally {
                netOut.compact();
            }
            return n > 0;
        }

        /** Ends the connection after a failure: logged, queued data dropped, the key cancelled. */
        void fail(String why, Throwable cause) {
            if (closed) {
                return;
            }
            if (cause != null) {
                LOG.debug("TURN {} connection to {} failed", transport, server, cause);
            }
            LOG.warn("TURN {} connection to {} failed: {} ({} queued bytes dropped)", transport, server, why, pendingBytes);
            close();
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            pendingBytes = 0;
            if (timeout != null) {
                timeout.cancel();
            }
            if (engine != null) {
                engine.closeOutbound();
                try {
                    engine.closeInbound();
                } catch (SSLException ignored) {
                    // the server did not say goodbye; we are leaving anyway
                }
            }
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            connections.remove(server, this);
        }
    }
}
