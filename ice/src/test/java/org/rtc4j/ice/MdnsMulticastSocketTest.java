package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/**
 * The resolver and the responder over real UDP sockets and real IPv4 multicast (224.0.0.251 with
 * IP_MULTICAST_LOOP) on the first multicast-capable non-loopback interface. Skipped when there is no
 * such interface or port 5353 cannot be shared. Other mDNS traffic on the link is harmless: both
 * sides ignore what is not theirs, and the names are random.
 */
class MdnsMulticastSocketTest {
    private static final Duration WALL_LIMIT = Duration.ofSeconds(5);

    private record Interface(NetworkInterface nif, Inet4Address address) {
    }

    private static Optional<Interface> multicastInterface() throws SocketException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback() || !nif.supportsMulticast()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address v4) {
                    return Optional.of(new Interface(nif, v4));
                }
            }
        }
        return Optional.empty();
    }

    private static DatagramChannel channel(Interface itf, InetSocketAddress bind, boolean join) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(bind);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, itf.nif());
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 255);
            if (join) {
                ch.join(Mdns.IPV4_GROUP.getAddress(), itf.nif());
            }
            ch.configureBlocking(false);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    @Test
    void resolvesOverMulticastFromPort5353() throws Exception {
        run(true);
    }

    @Test
    void resolvesOverLegacyUnicastFromAnEphemeralPort() throws Exception {
        run(false);
    }

    /** Both machines driven by one selector loop on the wall clock, as peerconnection's loop would. */
    private void run(boolean resolverOn5353) throws Exception {
        Optional<Interface> found = multicastInterface();
        assumeTrue(found.isPresent(), "no up, multicast-capable, non-loopback interface with IPv4");
        Interface itf = found.get();
        DatagramChannel responderChannel;
        DatagramChannel resolverChannel;
        try {
            responderChannel = channel(itf, new InetSocketAddress(Mdns.PORT), true);
        } catch (IOException e) {
            assumeTrue(false, "cannot share port 5353 and join 224.0.0.251 on " + itf.nif().getName() + ": " + e);
            return;
        }
        try (responderChannel;
             DatagramChannel r = channel(itf, resolverOn5353 ? new InetSocketAddress(Mdns.PORT)
                     : new InetSocketAddress(itf.address(), 0), resolverOn5353);
             Selector selector = Selector.open()) {
            resolverChannel = r;
            MdnsResponder responder = new MdnsResponder();
            MdnsResolver resolver = new MdnsResolver();
            String name = responder.register(itf.address(), new SecureRandom());
            responderChannel.register(selector, SelectionKey.OP_READ, MdnsTestPump.of(responder));
            resolverChannel.register(selector, SelectionKey.OP_READ, MdnsTestPump.of(resolver));
            resolver.resolve(Instant.now(), name);

            Instant wallEnd = Instant.now().plus(WALL_LIMIT);
            Optional<MdnsEvent> event = Optional.empty();
            ByteBuffer buf = ByteBuffer.allocate(DnsMessage.MAX_MESSAGE_SIZE);
            while (event.isEmpty() && Instant.now().isBefore(wallEnd)) {
                flush(responderChannel, responder::pollTransmit);
                flush(resolverChannel, resolver::pollTransmit);
                Instant next = wallEnd;
                for (Optional<Instant> d : Arrays.asList(responder.pollTimeout(), resolver.pollTimeout())) {
                    if (d.isPresent() && d.get().isBefore(next)) {
                        next = d.get();
                    }
                }
                long waitMillis = Math.max(1, Duration.between(Instant.now(), next).toMillis());
                selector.select(waitMillis);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    MdnsTestPump.Node node = (MdnsTestPump.Node) key.attachment();
                    for (InetSocketAddress from = (InetSocketAddress) ch.receive(buf.clear()); from != null;
                         from = (InetSocketAddress) ch.receive(buf.clear())) {
                        node.receive(Instant.now(), new Datagram(from, null, Arrays.copyOf(buf.array(), buf.position())));
                    }
                }
                selector.selectedKeys().clear();
                Instant now = Instant.now();
                responder.handleTimeout(now);
                resolver.handleTimeout(now);
                event = resolver.pollEvent();
            }

            assertThat(event).contains(new MdnsEvent.Resolved(name, itf.address()));
            if (resolverOn5353) {
                assertThat(responder.stats().multicastAnswers() + responder.stats().announcements()).isPositive();
            } else {
                assertThat(responder.stats().legacyAnswers()).isPositive();
            }
        }
    }

    private static void flush(DatagramChannel ch, java.util.function.Supplier<Optional<Transmit>> poll) throws IOException {
        for (Optional<Transmit> t = poll.get(); t.isPresent(); t = poll.get()) {
            ch.send(ByteBuffer.wrap(t.get().data()), t.get().destination());
        }
    }
}
