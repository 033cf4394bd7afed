package org.rtc4j.ice.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rtc4j.stun.Transmit;

/** Shorthands for tests that drive a {@link NetworkEmulator} by hand. */
final class NetTestSupport {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private NetTestSupport() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static InetSocketAddress sock(String literal, int port) {
        return new InetSocketAddress(ip(literal), port);
    }

    static Transmit datagram(InetSocketAddress from, InetSocketAddress to, int length) {
        return new Transmit(from, to, new byte[length]);
    }

    /** Runs the network until nothing is in flight; returns every delivery in order. */
    static List<Delivery> drain(NetworkEmulator net) {
        List<Delivery> out = new ArrayList<>();
        while (true) {
            Optional<Delivery> d;
            while ((d = net.pollDelivery()).isPresent()) {
                out.add(d.get());
            }
            Optional<Instant> next = net.pollTimeout();
            if (next.isEmpty()) {
                return out;
            }
            net.handleTimeout(next.get());
        }
    }

    /** Sends one datagram at {@code now} and runs the network dry; returns what arrived. */
    static List<Delivery> exchange(NetworkEmulator net, Instant now, InetSocketAddress from, InetSocketAddress to) {
        net.send(now, datagram(from, to, 10));
        return drain(net);
    }
}
