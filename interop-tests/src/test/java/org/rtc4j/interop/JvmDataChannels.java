package org.rtc4j.interop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelEvent;
import org.rtc4j.datachannel.DataChannelTransport;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.sctp.SctpConfig;

/**
 * rtc4j's data channels on a {@link DtlsSctpPeer}: a {@link DataChannelTransport} (SCTP association,
 * DCEP, channels) fed with the decrypted SCTP packets on the peer's loop thread, its output sent as
 * DTLS records, its timers run by a one-thread scheduler that hands them to the loop. Every event is
 * dispatched and recorded; tests wait on the record. Commands from the test thread go through
 * {@link #call}, so the transport is only ever touched on the loop.
 */
final class JvmDataChannels implements AutoCloseable {
    private final DtlsSctpPeer peer;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sctp-timers");
        t.setDaemon(true);
        return t;
    });
    private final List<DataChannelEvent> events = new java.util.ArrayList<>();
    private final List<DataChannel> incoming = new CopyOnWriteArrayList<>();
    private volatile DataChannelTransport transport;
    /** Set by {@link #close()}: packets that still arrive (the peer's last SACKs) are dropped, no timer is armed. */
    private volatile boolean closed;
    private boolean connected;
    private ScheduledFuture<?> timer;
    private Instant timerAt;

    /** Wires itself to the peer: call before signalling. */
    JvmDataChannels(DtlsSctpPeer peer) {
        this.peer = peer;
        peer.onDtlsConnected(this::start);
        peer.onSctpPacket(packet -> {
            if (closed) {
                return;
            }
            transport.handleReceive(clock.instant(), packet, 0, packet.length);
            flush();
        });
    }

    private void start() {
        DataChannelSdp.Remote remote = peer.remote().orElseThrow();
        SctpConfig config = SctpConfig.DEFAULT.withMessageSizes(256 * 1024, (int) Math.min(Integer.MAX_VALUE, remote.maxMessageSize()));
        DataChannelTransport t = new DataChannelTransport(config, new SecureRandom(),
                peer.dtlsRole().orElseThrow() == DtlsRole.CLIENT);
        t.onDataChannel(incoming::add);
        transport = t;
        t.connect(clock.instant());
        flush();
    }

    /** Runs {@code action} on the loop with the transport (once DTLS is up) and sends what it caused. */
    <T> T call(Function<DataChannelTransport, T> action) {
        Object[] result = new Object[1];
        peer.runOnLoop(() -> {
            result[0] = action.apply(transport);
            flush();
        });
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /** Drains packets and events, then (re)arms the timer; on the loop thread. */
    private void flush() {
        DataChannelTransport t = transport;
        Optional<byte[]> packet;
        Optional<DataChannelEvent> event;
        boolean progress = true;
        while (progress) {
            progress = false;
            while ((packet = t.pollTransmit()).isPresent()) {
                peer.sendSctp(packet.get());
                progress = true;
            }
            while ((event = t.pollEvent()).isPresent()) {
                event.get().dispatch();
                synchronized (events) {
                    events.add(event.get());
                    events.notifyAll();
                }
                progress = true;
            }
        }
        if (!connected && t.connected()) {
            synchronized (events) {
                connected = true;
                events.notifyAll();
            }
        }
        Optional<Instant> next = t.pollTimeout();
        if (closed) {
            return;
        }
        if (next.isPresent() && !next.get().equals(timerAt)) {
            if (timer != null) {
                timer.cancel(false);
            }
            timerAt = next.get();
            long delay = Math.max(0, Duration.between(clock.instant(), timerAt).toNanos());
            try {
                timer = timers.schedule(() -> peer.runOnLoop(() -> {
                    transport.handleTimeout(clock.instant());
                    timerAt = null;
                    flush();
                }), delay, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                timerAt = null; // closed meanwhile
            }
        }
    }

    /** Waits until an event matching {@code condition} was recorded, failing after {@code timeout}. */
    DataChannelEvent await(Predicate<DataChannelEvent> condition, Duration timeout, String what) throws InterruptedException {
        DataChannelEvent[] found = new DataChannelEvent[1];
        awaitAll(all -> {
            for (DataChannelEvent e : all) {
                if (condition.test(e)) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        }, timeout, what);
        return found[0];
    }

    /** Waits until {@code condition} holds of the recorded events (woken by each new event). */
    void awaitAll(Predicate<List<DataChannelEvent>> condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (!condition.test(events)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + what + " within " + timeout + "; " + events.size() + " events, last: "
                            + events.subList(Math.max(0, events.size() - 5), events.size()));
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** Waits until the SCTP association is up. */
    void awaitConnected(Duration timeout) throws InterruptedException {
        awaitAll(all -> connected, timeout, "SCTP association up");
    }

    List<DataChannelEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<DataChannel> incoming() {
        return incoming;
    }

    boolean started() {
        return transport != null;
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
    }
}
