package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtc4j.ice.TurnAllocation;
import org.rtc4j.ice.TurnEvent;
import org.rtc4j.ice.TurnServerUrl.Transport;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.TransactionId;

/**
 * rtc4j's TURN client ({@link TurnAllocation}) against coturn, a real and independent TURN server: it
 * allocates over UDP, TCP and TLS, installs a permission for a plain UDP socket that plays the peer,
 * sends data both ways through the relay by Send/Data indications and by a bound channel, refreshes
 * everything (coturn's answers, with time skipped ahead on the allocation's side), and closes.
 *
 * <p>The sans-IO allocation is driven by a small loop on the real clock over a real
 * {@link DatagramChannel}, {@link SocketChannel} or {@link SSLSocket}.
 */
class CoturnTurnInteropTest {
    private static final String USER = Coturn.USER;
    private static final String PASSWORD = Coturn.PASSWORD;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Coturn coturn;
    private static InetSocketAddress plainAddress;
    private static InetSocketAddress tlsAddress;
    private static SSLContext trustingCoturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = Coturn.start(true, List.of());
        plainAddress = coturn.plain;
        tlsAddress = coturn.tls;
        trustingCoturn = coturn.trust;
    }

    @AfterAll
    static void stopCoturn() throws IOException {
        if (coturn != null) {
            coturn.close();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void relaysOverUdp() throws Exception {
        try (ServerLink link = new UdpLink(plainAddress)) {
            relayBothWaysThenClose(Transport.UDP, link);
        }
    }

    @Test
    void relaysOverTcp() throws Exception {
        try (ServerLink link = new TcpLink(plainAddress)) {
            relayBothWaysThenClose(Transport.TCP, link);
        }
    }

    @Test
    void relaysOverTls() throws Exception {
        try (ServerLink link = new TlsLink(tlsAddress, trustingCoturn)) {
            relayBothWaysThenClose(Transport.TLS, link);
        }
    }

    @Test
    void aWrongPasswordFailsWith401() throws Exception {
        try (ServerLink link = new UdpLink(plainAddress)) {
            Driver d = new Driver(new TurnAllocation(plainAddress, Transport.UDP, USER, "looking-glass", RANDOM), link);
            d.allocation.start(d.now());
            TurnEvent.Failed failed = d.await(TurnEvent.Failed.class);
            assertThat(failed.errorCode()).as(failed.reason()).isEqualTo(401);
            assertThat(d.allocation.state()).isEqualTo(TurnAllocation.State.FAILED);
        }
    }

    @Test
    void aStaleNonceOnRefreshIsAnsweredWithCoturnsNewNonce() throws Exception {
        // A second coturn whose nonces go stale after one second.
        try (Coturn staleCoturn = Coturn.start(false, List.of("--stale-nonce=1"))) {
            InetSocketAddress address = staleCoturn.plain;
            try (ServerLink link = new UdpLink(address)) {
                Driver d = new Driver(new TurnAllocation(address, Transport.UDP, USER, PASSWORD, RANDOM), link);
                d.allocation.start(d.now());
                d.await(TurnEvent.Allocated.class);
                long challengesBefore = d.allocation.stats().challenges();

                // Let the nonce age on the real clock, then skip the allocation's clock to its refresh.
                Instant aged = Instant.now().plusMillis(2500);
                while (Instant.now().isBefore(aged)) {
                    d.step();
                }
                d.skip(Duration.ofSeconds(541));
                d.await(TurnEvent.Refreshed.class);
                assertThat(d.allocation.stats().challenges()).as(staleCoturn.output()).isGreaterThan(challengesBefore);
                assertThat(d.allocation.state()).isEqualTo(TurnAllocation.State.ALLOCATED);
                d.allocation.close(d.now());
                d.await(TurnEvent.Closed.class);
            }
        }
    }

    /** Allocate, permission, Send/Data indications, channel, ChannelData, refresh everything, close. */
    private void relayBothWaysThenClose(Transport transport, ServerLink link) throws Exception {
        try (DatagramChannel peer = DatagramChannel.open()) {
            Driver d = new Driver(new TurnAllocation(link.server(), transport, USER, PASSWORD, RANDOM), link);
            peer.bind(new InetSocketAddress(LOOPBACK, 0)).configureBlocking(false);
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalAddress();
            TurnAllocation a = d.allocation;

            a.start(d.now());
            TurnEvent.Allocated allocated = d.await(TurnEvent.Allocated.class);
            assertThat(allocated.relayed().getAddress()).isEqualTo(LOOPBACK);
            assertThat(allocated.mapped()).isEqualTo(link.localAddress());
            assertThat(allocated.lifetime()).isPositive();
            InetSocketAddress relayed = allocated.relayed();

            // Send and Data indications, once the permission is in place.
            a.createPermission(d.now(), LOOPBACK);
            assertThat(d.await(TurnEvent.PermissionCreated.class).peer()).isEqualTo(LOOPBACK);
            byte[] viaSend = bytes("through a Send indication over " + transport);
            assertThat(a.send(d.now(), peerAddress, viaSend, 0, viaSend.length)).isTrue();
            assertThat(d.awaitAtPeer(peer, relayed)).isEqualTo(viaSend);
            byte[] viaData = bytes("back in a Data indication over " + transport);
            peer.send(ByteBuffer.wrap(viaData), relayed);
            assertThat(d.await(TurnEvent.Data.class)).isEqualTo(new TurnEvent.Data(peerAddress, viaData));
            assertThat(a.stats().sendIndicationsOut()).isEqualTo(1);
            assertThat(a.stats().dataIndicationsIn()).isEqualTo(1);

            // ChannelData, once the channel is bound.
            a.bindChannel(d.now(), peerAddress);
            assertThat(d.await(TurnEvent.ChannelBound.class)).isEqualTo(new TurnEvent.ChannelBound(peerAddress, 0x4000));
            byte[] viaChannel = bytes("through channel 0x4000 over " + transport + ", odd length!");
            assertThat(a.send(d.now(), peerAddress, viaChannel, 0, viaChannel.length)).isTrue();
            assertThat(d.awaitAtPeer(peer, relayed)).isEqualTo(viaChannel);
            byte[] back = bytes("back through the channel over " + transport);
            peer.send(ByteBuffer.wrap(back), relayed);
            assertThat(d.await(TurnEvent.Data.class)).isEqualTo(new TurnEvent.Data(peerAddress, back));
            assertThat(a.stats().channelDataOut()).isEqualTo(1);
            assertThat(a.stats().channelDataIn()).isEqualTo(1);

            // Nine minutes later on the allocation's clock: the allocation, permission and channel are
            // all refreshed by coturn, and data still flows.
            d.skip(Duration.ofSeconds(541));
            TurnEvent.Refreshed refreshed = d.await(TurnEvent.Refreshed.class);
            assertThat(refreshed.lifetime()).isPositive();
            d.settle(Duration.ofMillis(300));
            assertThat(d.events).noneMatch(e -> e instanceof TurnEvent.PermissionFailed || e instanceof TurnEvent.ChannelBindFailed);
            peer.send(ByteBuffer.wrap(back), relayed);
            assertThat(d.await(TurnEvent.Data.class)).isEqualTo(new TurnEvent.Data(peerAddress, back));
            assertThat(a.stats().requestsSent() - a.stats().retransmissions())
                    .as("Allocate twice (401 first), CreatePermission, ChannelBind, then Refresh and both refreshed")
                    .isEqualTo(7);

            a.close(d.now());
            d.await(TurnEvent.Closed.class);
            assertThat(a.state()).isEqualTo(TurnAllocation.State.CLOSED);
            assertThat(a.stats().droppedInput()).as("%s", a.stats()).isZero();
            assertThat(a.stats().retransmissions()).as("loopback loses nothing").isZero();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the driver

    /**
     * Drives a sans-IO {@link TurnAllocation} on the real clock: mutate, then drain transmits to the
     * server and events to a list, and wait on the connection no longer than the allocation's next
     * deadline. {@link #skip} moves the allocation's clock ahead of the real one to reach refreshes.
     */
    private static final class Driver {
        final TurnAllocation allocation;
        final ServerLink link;
        final List<TurnEvent> events = new ArrayList<>();
        private final byte[] buffer = new byte[70_000];
        private Duration skew = Duration.ZERO;

        Driver(TurnAllocation allocation, ServerLink link) {
            this.allocation = allocation;
            this.link = link;
        }

        Instant now() {
            return Instant.now().plus(skew);
        }

        void skip(Duration d) throws IOException {
            skew = skew.plus(d);
            allocation.handleTimeout(now());
            drain();
        }

        /** One turn of the loop: wait for server bytes up to the next deadline (at most 10 ms). */
        void step() throws IOException {
            drain();
            long waitMillis = 10;
            Optional<Instant> deadline = allocation.pollTimeout();
            if (deadline.isPresent()) {
                waitMillis = Math.max(1, Math.min(waitMillis, Duration.between(now(), deadline.get()).toMillis()));
            }
            int n = link.read(buffer, (int) waitMillis);
            if (n > 0) {
                allocation.handleReceive(now(), buffer, 0, n);
            }
            if (deadline.isPresent() && !now().isBefore(deadline.get())) {
                allocation.handleTimeout(now());
            }
            drain();
        }

        private void drain() throws IOException {
            for (Optional<byte[]> t = allocation.pollTransmit(); t.isPresent(); t = allocation.pollTransmit()) {
                link.write(t.get());
            }
            for (Optional<TurnEvent> e = allocation.pollEvent(); e.isPresent(); e = allocation.pollEvent()) {
                events.add(e.get());
            }
        }

        /** Steps until an event of the type arrives, failing at once on an unexpected failure. */
        <T extends TurnEvent> T await(Class<T> type) throws IOException {
            Instant deadline = Instant.now().plus(PATIENCE);
            while (Instant.now().isBefore(deadline)) {
                for (Iterator<TurnEvent> it = events.iterator(); it.hasNext(); ) {
                    TurnEvent e = it.next();
                    if (type.isInstance(e)) {
                        it.remove();
                        return type.cast(e);
                    }
                    if (e instanceof TurnEvent.Failed || e instanceof TurnEvent.PermissionFailed
                            || e instanceof TurnEvent.ChannelBindFailed) {
                        throw new AssertionError("waiting for " + type.getSimpleName() + ", got " + e + "\n" + coturn.output());
                    }
                }
                step();
            }
            throw new AssertionError("no " + type.getSimpleName() + " within " + PATIENCE + "; events " + events
                    + ", stats " + allocation.stats() + "\n" + coturn.output());
        }

        /** Steps until the peer socket receives a datagram from {@code from}; returns its payload. */
        byte[] awaitAtPeer(DatagramChannel peer, InetSocketAddress from) throws IOException {
            ByteBuffer in = ByteBuffer.allocate(70_000);
            Instant deadline = Instant.now().plus(PATIENCE);
            while (Instant.now().isBefore(deadline)) {
                step();
                in.clear();
                Object source = peer.receive(in);
                if (source != null) {
                    assertThat(source).as("relayed from the allocation's address").isEqualTo(from);
                    return Arrays.copyOf(in.array(), in.position());
                }
            }
            throw new AssertionError("the peer received nothing within " + PATIENCE + "\n" + coturn.output());
        }

        /** Keeps stepping for a while, so late answers arrive. */
        void settle(Duration d) throws IOException {
            Instant until = Instant.now().plus(d);
            while (Instant.now().isBefore(until)) {
                step();
            }
        }
    }

    // ------------------------------------------------------------------ connections to coturn

    /** The driver's connection to the TURN server: whole datagrams on UDP, stream pieces on TCP/TLS. */
    private interface ServerLink extends AutoCloseable {
        InetSocketAddress server();

        InetSocketAddress localAddress() throws IOException;

        void write(byte[] bytes) throws IOException;

        /** Waits at most {@code millis} for bytes; returns how many were read, 0 if none came. */
        int read(byte[] into, int millis) throws IOException;

        @Override
        void close() throws IOException;
    }

    private static final class UdpLink implements ServerLink {
        private final InetSocketAddress server;
        private final DatagramChannel channel;
        private final Selector selector;

        UdpLink(InetSocketAddress server) throws IOException {
            this.server = server;
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(LOOPBACK, 0)).connect(server).configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        }

        @Override
        public InetSocketAddress server() {
            return server;
        }

        @Override
        public InetSocketAddress localAddress() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            channel.write(ByteBuffer.wrap(bytes));
        }

        @Override
        public int read(byte[] into, int millis) throws IOException {
            selector.select(millis);
            selector.selectedKeys().clear();
            int n = channel.read(ByteBuffer.wrap(into));
            return Math.max(n, 0);
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }

    private static final class TcpLink implements ServerLink {
        private final InetSocketAddress server;
        private final SocketChannel channel;
        private final Selector selector;

        TcpLink(InetSocketAddress server) throws IOException {
            this.server = server;
            channel = SocketChannel.open(server);
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        }

        @Override
        public InetSocketAddress server() {
            return server;
        }

        @Override
        public InetSocketAddress localAddress() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                if (channel.write(b) == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public int read(byte[] into, int millis) throws IOException {
            selector.select(millis);
            selector.selectedKeys().clear();
            int n = channel.read(ByteBuffer.wrap(into));
            if (n < 0) {
                throw new IOException("coturn closed the TCP connection");
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }

    /** TLS through the JDK's {@link SSLSocket}: the allocation sees only the decrypted stream. */
    private static final class TlsLink implements ServerLink {
        private final InetSocketAddress server;
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;

        TlsLink(InetSocketAddress server, SSLContext context) throws IOException {
            this.server = server;
            socket = (SSLSocket) context.getSocketFactory().createSocket(server.getAddress(), server.getPort());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate names IP 127.0.0.1
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        @Override
        public InetSocketAddress server() {
            return server;
        }

        @Override
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public int read(byte[] into, int millis) throws IOException {
            socket.setSoTimeout(millis);
            try {
                int n = in.read(into);
                if (n < 0) {
                    throw new IOException("coturn closed the TLS connection");
                }
                return n;
            } catch (SocketTimeoutException e) {
                return 0;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

}
