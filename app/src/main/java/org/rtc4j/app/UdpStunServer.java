package org.rtc4j.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.StunServer;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sans-IO {@link StunServer} on a UDP socket: one thread receives a datagram, hands it to the
 * server with the current time, and sends whatever the server queued. Closing stops the thread.
 */
public final class UdpStunServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpStunServer.class);
    private static final int MAX_DATAGRAM = 65_535;

    private final StunServer server;
    private final DatagramChannel channel;
    private final Clock clock;
    private final Thread thread;

    private UdpStunServer(StunServer server, DatagramChannel channel, Clock clock) {
        this.server = server;
        this.channel = channel;
        this.clock = clock;
        this.thread = new Thread(this::loop, "rtc4j-stun-server");
        this.thread.setDaemon(true);
    }

    /** Binds {@code address} (port 0 for any free port) and starts serving. */
    public static UdpStunServer start(StunServer server, InetSocketAddress address, Clock clock) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(address);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot bind UDP " + address + ": " + e.getMessage(), e);
        }
        UdpStunServer s = new UdpStunServer(server, channel, clock);
        s.thread.start();
        return s;
    }

    /** The bound address. */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** The server's counters. */
    public StunServer.Stats stats() {
        synchronized (server) {
            return server.stats();
        }
    }

    private void loop() {
        ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM);
        InetSocketAddress local;
        try {
            local = localAddress();
        } catch (IOException e) {
            return;
        }
        while (channel.isOpen()) {
            try {
                in.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(in);
                in.flip();
                byte[] data = Arrays.copyOf(in.array(), in.limit());
                synchronized (server) {
                    server.handleReceive(clock.instant(), new Datagram(from, local, data));
                    for (Optional<Transmit> t = server.pollTransmit(); t.isPresent(); t = server.pollTransmit()) {
                        channel.send(ByteBuffer.wrap(t.get().data()), t.get().destination());
                    }
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // An ICMP error surfaced by the OS for one client must not stop the server.
                LOG.debug("UDP error, continuing: {}", e.getMessage());
            } catch (RuntimeException e) {
                // A bug triggered by one datagram must not stop the server for everyone else.
                LOG.error("dropping a datagram that broke the STUN server", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
