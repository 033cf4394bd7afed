package org.rtc4j.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.RetransmissionPolicy;
import org.rtc4j.stun.StunClient;
import org.rtc4j.stun.StunClientEvent;
import org.rtc4j.stun.StunKey;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.Transmit;
import org.rtc4j.stun.TransactionId;

/**
 * Runs one STUN transaction of a sans-IO {@link StunClient} on a non-blocking UDP socket with a
 * {@link Selector}, until the client reports a response, a failure or a timeout. {@link #probe}
 * asks a server for this host's server-reflexive address with a Binding request.
 */
public final class UdpStunExchange {
    private final Clock clock;
    private final RetransmissionPolicy policy;

    public UdpStunExchange(Clock clock, RetransmissionPolicy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    /** The outcome: the client's last event, and the local address the request left from. */
    public record Result(StunClientEvent event, InetSocketAddress localAddress) {
        /** The reflexive address, if the server answered with success. */
        public Optional<InetSocketAddress> mappedAddress() {
            return event instanceof StunClientEvent.Response r ? r.response().mappedAddress() : Optional.empty();
        }
    }

    /** Sends one Binding request (with FINGERPRINT) from {@code local} to {@code server} and waits for the outcome. */
    public Result probe(InetSocketAddress local, InetSocketAddress server) throws IOException {
        StunMessage request = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(new SecureRandom()))
                .fingerprint().build();
        return exchange(local, server, request, null);
    }

    /**
     * Sends {@code request} from {@code local} to {@code server} and waits for the outcome.
     *
     * @param responseKey when not null, responses must verify with it (see {@link StunClient})
     */
    public Result exchange(InetSocketAddress local, InetSocketAddress server, StunMessage request, StunKey responseKey)
            throws IOException {
        try (DatagramChannel channel = DatagramChannel.open(); Selector selector = Selector.open()) {
            channel.bind(local);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();

            StunClient client = new StunClient(policy, 1);
            client.sendRequest(clock.instant(), request, null, server, policy, responseKey);
            ByteBuffer in = ByteBuffer.allocate(65_535);
            while (true) {
                for (Optional<Transmit> t = client.pollTransmit(); t.isPresent(); t = client.pollTransmit()) {
                    channel.send(ByteBuffer.wrap(t.get().data()), t.get().destination());
                }
                Optional<StunClientEvent> event = client.pollEvent();
                if (event.isPresent()) {
                    return new Result(event.get(), bound);
                }
                Instant deadline = client.pollTimeout().orElseThrow();
                long waitMs = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
                selector.select(waitMs);
                selector.selectedKeys().clear();
                InetSocketAddress from;
                while ((from = (InetSocketAddress) receive(channel, in)) != null) {
                    client.handleReceive(clock.instant(), new Datagram(from, bound, Arrays.copyOf(in.array(), in.position())));
                }
                client.handleTimeout(clock.instant());
            }
        }
    }

    private static Object receive(DatagramChannel channel, ByteBuffer in) throws IOException {
        in.clear();
        try {
            return channel.receive(in);
        } catch (java.net.PortUnreachableException e) {
            return null; // an ICMP error; the transaction retransmits or times out on its own
        }
    }
}
