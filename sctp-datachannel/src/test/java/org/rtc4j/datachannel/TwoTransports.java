package org.rtc4j.datachannel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.rtc4j.sctp.SctpConfig;

/**
 * Two {@link DataChannelTransport}s wired back to back in memory on simulated time: the DTLS client
 * and the DTLS server. {@link #runUntil} moves every packet one side polls into the other's
 * {@code handleReceive}, dispatches and records every event, and when nothing moves advances the fake
 * clock to the earliest {@code pollTimeout} of the two. Deterministic: seeded randomness, no real time.
 */
final class TwoTransports {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);
    private static final int MAX_STEPS = 10_000_000;

    final DataChannelTransport client;
    final DataChannelTransport server;
    /** Every event each side polled, in order, after it was dispatched. */
    final List<DataChannelEvent> clientEvents = new ArrayList<>();
    final List<DataChannelEvent> serverEvents = new ArrayList<>();
    /** The channels each side was told the peer opened (onDataChannel). */
    final List<DataChannel> clientIncoming = new ArrayList<>();
    final List<DataChannel> serverIncoming = new ArrayList<>();
    private final byte[] packet;
    private Instant now = START;

    /** Two transports over real associations, with the client's and the server's settings. */
    static TwoTransports overSctp(SctpConfig clientConfig, SctpConfig serverConfig) {
        return new TwoTransports(new DataChannelTransport(clientConfig, new SplittableRandom(1), true),
                new DataChannelTransport(serverConfig, new SplittableRandom(2), false),
                Math.max(clientConfig.maxPacketSize(), serverConfig.maxPacketSize()));
    }

    TwoTransports(DataChannelTransport client, DataChannelTransport server, int maxPacketSize) {
        this.client = client;
        this.server = server;
        this.packet = new byte[maxPacketSize];
        client.onDataChannel(clientIncoming::add);
        server.onDataChannel(serverIncoming::add);
    }

    Instant now() {
        return now;
    }

    /** Both sides connect; returns when both associations are up. */
    TwoTransports connect() {
        client.connect(now);
        server.connect(now);
        runUntil(() -> client.connected() && server.connected());
        return this;
    }

    /** Runs until {@code done} holds, failing after a minute of simulated time. */
    void runUntil(BooleanSupplier done) {
        runUntil(done, DEFAULT_LIMIT);
    }

    /** Runs until {@code done} holds, failing when it does not within {@code limit} of simulated time. */
    void runUntil(BooleanSupplier done, Duration limit) {
        Instant deadline = now.plus(limit);
        for (int step = 0; step < MAX_STEPS; step++) {
            if (done.getAsBoolean()) {
                return;
            }
            if (exchange()) {
                continue;
            }
            if (done.getAsBoolean()) {
                return;
            }
            Optional<Instant> next = earliest(client.pollTimeout(), server.pollTimeout());
            if (next.isEmpty() || next.get().isAfter(deadline)) {
                throw new AssertionError("condition not reached within " + limit + " of simulated time");
            }
            if (next.get().isAfter(now)) {
                now = next.get();
            }
            client.handleTimeout(now);
            server.handleTimeout(now);
        }
        throw new AssertionError("condition not reached within " + MAX_STEPS + " steps");
    }

    /** Runs for {@code duration} of simulated time, whatever happens. */
    void runFor(Duration duration) {
        Instant end = now.plus(duration);
        for (int step = 0; step < MAX_STEPS; step++) {
            if (exchange()) {
                continue;
            }
            Optional<Instant> next = earliest(client.pollTimeout(), server.pollTimeout());
            if (next.isEmpty() || next.get().isAfter(end)) {
                now = end;
                client.handleTimeout(now);
                server.handleTimeout(now);
                while (exchange()) {
                    // drain what the last timers sent
                }
                return;
            }
            if (next.get().isAfter(now)) {
                now = next.get();
            }
            client.handleTimeout(now);
            server.handleTimeout(now);
        }
        throw new AssertionError("simulation did not settle within " + MAX_STEPS + " steps");
    }

    /** Moves all queued packets both ways and dispatches all events. @return whether anything happened */
    private boolean exchange() {
        boolean moved = move(client, server) | move(server, client);
        return drainEvents() | moved;
    }

    private boolean move(DataChannelTransport from, DataChannelTransport to) {
        boolean moved = false;
        for (int n = from.pollTransmit(packet, 0); n >= 0; n = from.pollTransmit(packet, 0)) {
            to.handleReceive(now, packet, 0, n);
            moved = true;
        }
        return moved;
    }

    private boolean drainEvents() {
        boolean any = false;
        for (Optional<DataChannelEvent> e = client.pollEvent(); e.isPresent(); e = client.pollEvent()) {
            e.get().dispatch();
            clientEvents.add(e.get());
            any = true;
        }
        for (Optional<DataChannelEvent> e = server.pollEvent(); e.isPresent(); e = server.pollEvent()) {
            e.get().dispatch();
            serverEvents.add(e.get());
            any = true;
        }
        return any;
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }

    /** The events of one kind on one side, in order. */
    static <T extends DataChannelEvent> List<T> of(List<DataChannelEvent> events, Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (DataChannelEvent e : events) {
            if (kind.isInstance(e)) {
                out.add(kind.cast(e));
            }
        }
        return out;
    }

    /** The messages one side received on {@code channel}, in order. */
    static List<DataChannelMessage> messages(List<DataChannelEvent> events, int channelId) {
        List<DataChannelMessage> out = new ArrayList<>();
        for (DataChannelEvent.Message m : of(events, DataChannelEvent.Message.class)) {
            if (m.channel().id() == channelId) {
                out.add(m.message());
            }
        }
        return out;
    }
}
