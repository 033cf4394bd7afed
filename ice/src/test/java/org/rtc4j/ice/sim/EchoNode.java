package org.rtc4j.ice.sim;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/**
 * A test peer that records what it receives and answers each datagram with {@code "echo:"} and the
 * payload, from the socket it arrived on; it can also send on its own.
 */
final class EchoNode implements SimNode {
    private final String name;
    private final boolean echo;
    private final ArrayDeque<Transmit> out = new ArrayDeque<>();
    final List<Datagram> received = new ArrayList<>();

    EchoNode(String name, boolean echo) {
        this.name = name;
        this.echo = echo;
    }

    void send(InetSocketAddress from, InetSocketAddress to, String text) {
        out.add(new Transmit(from, to, text.getBytes(StandardCharsets.UTF_8)));
    }

    List<String> texts() {
        return received.stream().map(d -> new String(d.data(), StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void handleReceive(Instant now, Datagram datagram) {
        received.add(datagram);
        if (echo) {
            byte[] prefix = "echo:".getBytes(StandardCharsets.UTF_8);
            byte[] reply = new byte[prefix.length + datagram.data().length];
            System.arraycopy(prefix, 0, reply, 0, prefix.length);
            System.arraycopy(datagram.data(), 0, reply, prefix.length, datagram.data().length);
            out.add(new Transmit(datagram.destination(), datagram.source(), reply));
        }
    }

    @Override
    public void handleTimeout(Instant now) {
    }

    @Override
    public Optional<Transmit> pollTransmit() {
        return Optional.ofNullable(out.poll());
    }

    @Override
    public Optional<Instant> pollTimeout() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "EchoNode(" + name + ")";
    }
}
