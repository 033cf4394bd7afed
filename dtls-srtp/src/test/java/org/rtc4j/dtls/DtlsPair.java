package org.rtc4j.dtls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client and a server connected by a pump: what one transmits the other receives. The test thread
 * is the driver; the handshake threads wake it through a semaphore, so waiting is on events, never
 * on blind sleeps.
 */
final class DtlsPair implements AutoCloseable {
    final ExecutorService executor = DtlsEndpoint.newHandshakeExecutor();
    final Semaphore wakeups = new Semaphore(0);
    final DtlsEndpoint client;
    final DtlsEndpoint server;
    final List<DtlsEvent> clientEvents = new ArrayList<>();
    final List<DtlsEvent> serverEvents = new ArrayList<>();
    /** When false the pump drops everything in flight (a network outage). */
    boolean deliver = true;
    /** How many of the next datagrams, either way, the pump loses. */
    int dropNext;
    /** The largest datagram either side sent. */
    int largestDatagram;
    /** The randoms of the first ClientHello and ServerHello the pump carried, for checking key derivations. */
    byte[] clientRandom;
    byte[] serverRandom;
    /** Called after each pump round, e.g. to act as soon as one side connected. */
    java.util.function.Consumer<DtlsPair> onRound = p -> { };

    DtlsPair(DtlsCertificate clientCert, String clientExpects, DtlsCertificate serverCert, String serverExpects, DtlsConfig config) {
        this(clientCert, clientExpects, config, serverCert, serverExpects, config);
    }

    DtlsPair(DtlsCertificate clientCert, String clientExpects, DtlsConfig clientConfig,
             DtlsCertificate serverCert, String serverExpects, DtlsConfig serverConfig) {
        client = DtlsEndpoint.create(DtlsRole.CLIENT, clientCert, clientExpects, clientConfig, executor, wakeups::release);
        server = DtlsEndpoint.create(DtlsRole.SERVER, serverCert, serverExpects, serverConfig, executor, wakeups::release);
    }

    static DtlsPair of(DtlsCertificate clientCert, DtlsCertificate serverCert) {
        return new DtlsPair(clientCert, serverCert.fingerprint(), serverCert, clientCert.fingerprint(), DtlsConfig.DEFAULT);
    }

    void start() {
        server.start(Instant.now());
        client.start(Instant.now());
    }

    /** Moves datagrams and events until nothing is left; true if anything moved. */
    boolean pumpOnce() {
        boolean moved = false;
        Optional<byte[]> t;
        while ((t = client.pollTransmit()).isPresent()) {
            moved = true;
            if (deliverNext(t.get())) {
                server.handleReceive(Instant.now(), t.get());
            }
        }
        while ((t = server.pollTransmit()).isPresent()) {
            moved = true;
            if (deliverNext(t.get())) {
                client.handleReceive(Instant.now(), t.get());
            }
        }
        Optional<DtlsEvent> e;
        while ((e = client.pollEvent()).isPresent()) {
            moved = true;
            clientEvents.add(e.get());
        }
        while ((e = server.pollEvent()).isPresent()) {
            moved = true;
            serverEvents.add(e.get());
        }
        client.handleTimeout(Instant.now());
        server.handleTimeout(Instant.now());
        onRound.accept(this);
        return moved;
    }

    private boolean deliverNext(byte[] datagram) {
        largestDatagram = Math.max(largestDatagram, datagram.length);
        sniffRandoms(datagram);
        if (dropNext > 0) {
            dropNext--;
            return false;
        }
        return deliver;
    }

    /** Pumps until the condition holds, waiting on the handshake threads' wakeups; false on timeout. */
    boolean pumpUntil(Predicate<DtlsPair> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            while (pumpOnce()) {
                // drain to quiescence
            }
            if (done.test(this)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wakeups.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
        }
    }

    /** Reads the random of a ClientHello or ServerHello in plaintext (epoch 0) records, first fragment. */
    private void sniffRandoms(byte[] d) {
        int off = 0;
        while (off + 13 <= d.length) {
            int length = ((d[off + 11] & 0xff) << 8) | (d[off + 12] & 0xff);
            boolean epoch0 = d[off + 3] == 0 && d[off + 4] == 0;
            int body = off + 13;
            if (d[off] == 22 && epoch0 && length >= 12 + 34 && body + 12 + 34 <= d.length) {
                int type = d[body] & 0xff;
                boolean firstFragment = d[body + 6] == 0 && d[body + 7] == 0 && d[body + 8] == 0;
                byte[] random = java.util.Arrays.copyOfRange(d, body + 12 + 2, body + 12 + 34);
                if (firstFragment && type == 1) {
                    clientRandom = random; // the ClientHello after HelloVerifyRequest keeps the random (RFC 6347 §4.2.1)
                } else if (firstFragment && type == 2 && serverRandom == null) {
                    serverRandom = random;
                }
            }
            off += 13 + length;
        }
    }

    static <T extends DtlsEvent> Optional<T> find(List<DtlsEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    static boolean connected(List<DtlsEvent> events) {
        return find(events, DtlsEvent.Connected.class).isPresent();
    }

    static boolean ended(List<DtlsEvent> events) {
        return find(events, DtlsEvent.Failed.class).isPresent() || find(events, DtlsEvent.Closed.class).isPresent();
    }

    @Override
    public void close() {
        client.close();
        server.close();
        executor.shutdownNow();
    }
}
