package org.rtc4j.ice.sim;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.RetransmissionPolicy;
import org.rtc4j.stun.StunClient;
import org.rtc4j.stun.StunClientEvent;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.TransactionId;
import org.rtc4j.stun.Transmit;

/** A test's STUN client on one socket: {@link StunClient} as a {@link SimNode} that keeps its events. */
final class StunClientNode implements SimNode {
    private final InetSocketAddress local;
    private final StunClient client = new StunClient();
    private final Random random;
    final List<StunClientEvent> events = new ArrayList<>();

    StunClientNode(InetSocketAddress local, long seed) {
        this.local = local;
        this.random = new Random(seed);
    }

    /** Sends a Binding request to a server. */
    TransactionId bind(Instant now, InetSocketAddress server) {
        StunMessage request = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .fingerprint().build();
        return client.sendRequest(now, request, local, server, RetransmissionPolicy.UDP_DEFAULT, null);
    }

    /** The mapped address of the response from {@code server}, if one came. */
    Optional<InetSocketAddress> mappedAddressFrom(InetSocketAddress server) {
        for (StunClientEvent e : events) {
            if (e instanceof StunClientEvent.Response r && r.source().equals(server)) {
                return r.response().mappedAddress();
            }
        }
        return Optional.empty();
    }

    StunClient client() {
        return client;
    }

    @Override
    public void handleReceive(Instant now, Datagram datagram) {
        client.handleReceive(now, datagram);
        drain();
    }

    @Override
    public void handleTimeout(Instant now) {
        client.handleTimeout(now);
        drain();
    }

    private void drain() {
        Optional<StunClientEvent> e;
        while ((e = client.pollEvent()).isPresent()) {
            events.add(e.get());
        }
    }

    @Override
    public Optional<Transmit> pollTransmit() {
        return client.pollTransmit();
    }

    @Override
    public Optional<Instant> pollTimeout() {
        return client.pollTimeout();
    }

    @Override
    public String toString() {
        return "StunClientNode(" + local + ")";
    }
}
