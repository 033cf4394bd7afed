package org.rtc4j.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile datagrams at every stage of an association: during the handshake, truncations and
 * tampered copies of a real record, records with a bad epoch or length, replays, and records after
 * the close. Each is dropped and counted, {@code handleReceive} never throws, and the association
 * keeps working for genuine traffic afterwards.
 */
class DtlsBadInputTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static DtlsCertificate clientCert;
    private static DtlsCertificate serverCert;

    @BeforeAll
    static void certificates() {
        clientCert = DtlsCertificate.generate();
        serverCert = DtlsCertificate.generate();
    }

    /**
     * Datagrams that are not a sequence of whole DTLS records, or epoch-0 records that are not what
     * epoch 0 carries: dropped before the record layer.
     */
    static final List<byte[]> MALFORMED = List.of(
            new byte[0],
            new byte[] {0x16},
            new byte[] {0x16, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0},               // 12 of 13 header bytes
            record(22, 0, 0, 40, 10),                                                              // length beyond the datagram
            concat(record(22, 1, 0, 4, 4), new byte[] {0x16, (byte) 0xfe}),                       // a whole record, then a partial one
            concat(record(23, 1, 5, 8, 8), record(23, 1, 6, 8, 3)),                                // the second record truncated
            record(19, 1, 0, 4, 4),                                                                // content type below 20
            record(26, 1, 0, 4, 4),                                                                // content type above 25
            withVersion(record(22, 0, 0, 4, 4), 0x03),                                            // a TLS, not DTLS, version
            record(22, 0, 3, 10, 10),                                                              // epoch 0: a handshake header cut short
            withFragment(record(22, 0, 3, 24, 24), 11, 100, 90, 12),                               // epoch 0: fragment beyond its message
            withFragment(record(22, 0, 3, 24, 24), 20, 100, 0, 12),                                // epoch 0: Finished is never plaintext
            record(23, 0, 3, 30, 30),                                                              // epoch 0: application data
            withFragment(record(22, 0, 1000, 24, 24), 11, 100, 0, 12),                             // epoch 0: sequence number far ahead
            new byte[] {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, (byte) 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}); // STUN

    /** Sets the 12-byte handshake fragment header at the start of the record body. */
    static byte[] withFragment(byte[] r, int msgType, int msgLength, int fragmentOffset, int fragmentLength) {
        r[13] = (byte) msgType;
        putU24(r, 14, msgLength);
        r[17] = 0;
        r[18] = 5; // message_seq
        putU24(r, 19, fragmentOffset);
        putU24(r, 22, fragmentLength);
        return r;
    }

    private static void putU24(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 16);
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) v;
    }

    /**
     * A record header and body: {@code type}, version DTLS 1.2, {@code epoch}, sequence number
     * {@code seq}, a length field of {@code declared} and {@code actual} body bytes.
     */
    static byte[] record(int type, int epoch, long seq, int declared, int actual) {
        byte[] r = new byte[13 + actual];
        r[0] = (byte) type;
        r[1] = (byte) 0xfe;
        r[2] = (byte) 0xfd;
        r[3] = (byte) (epoch >>> 8);
        r[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            r[10 - i] = (byte) (seq >>> (8 * i));
        }
        r[11] = (byte) (declared >>> 8);
        r[12] = (byte) declared;
        for (int i = 13; i < r.length; i++) {
            r[i] = (byte) (i * 31 + type);
        }
        return r;
    }

    private static byte[] withVersion(byte[] r, int major) {
        r[1] = (byte) major;
        return r;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Well-formed records that reach the record layer, which must discard them: application data
     * that does not authenticate, and records in epochs that do not exist.
     */
    static List<byte[]> bogusRecords() {
        return List.of(record(23, 1, 100, 30, 30), record(23, 7, 1, 40, 40), record(22, 2, 1, 50, 50), record(20, 3, 1, 1, 1));
    }

    private static DtlsPair connectedPair(DtlsPair pair) throws InterruptedException {
        assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT))
                .as("handshake completes; client events %s, server events %s, client %s, server %s",
                        pair.clientEvents, pair.serverEvents, pair.client.stats(), pair.server.stats()).isTrue();
        return pair;
    }

    /** Both directions still carry application data, and neither side failed. */
    private static void stillWorks(DtlsPair pair, String tag) throws InterruptedException {
        byte[] ping = ("ping " + tag).getBytes(StandardCharsets.UTF_8);
        byte[] pong = ("pong " + tag).getBytes(StandardCharsets.UTF_8);
        pair.client.send(ping);
        pair.server.send(pong);
        assertThat(pair.pumpUntil(p -> received(p.serverEvents, ping) && received(p.clientEvents, pong), WAIT))
                .as("data both ways after %s", tag).isTrue();
        assertThat(DtlsPair.find(pair.clientEvents, DtlsEvent.Failed.class)).isEmpty();
        assertThat(DtlsPair.find(pair.serverEvents, DtlsEvent.Failed.class)).isEmpty();
    }

    private static boolean received(List<DtlsEvent> events, byte[] data) {
        return events.stream().anyMatch(e -> e instanceof DtlsEvent.ApplicationData d && Arrays.equals(d.data(), data));
    }

    @Test
    void garbageInterleavedWithEveryHandshakeFlight() throws Exception {
        try (DtlsPair pair = DtlsPair.of(clientCert, serverCert)) {
            int[] rounds = {0};
            long[] flights = {-1};
            pair.onRound = p -> {
                long sent = p.client.stats().datagramsSent() + p.server.stats().datagramsSent();
                if (sent == flights[0] || DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents)) {
                    return; // garbage once after each round that carried datagrams, not a flood
                }
                flights[0] = sent;
                rounds[0]++;
                for (byte[] g : MALFORMED) {
                    p.client.handleReceive(Instant.now(), g.clone());
                    p.server.handleReceive(Instant.now(), g.clone());
                }
                for (byte[] g : bogusRecords()) {
                    p.client.handleReceive(Instant.now(), g);
                    p.server.handleReceive(Instant.now(), g.clone());
                }
            };
            pair.start();
            connectedPair(pair);
            pair.onRound = p -> { };
            assertThat(rounds[0]).isPositive();
            assertThat(pair.client.stats().droppedMalformed()).isEqualTo((long) rounds[0] * MALFORMED.size());
            assertThat(pair.server.stats().droppedMalformed()).isEqualTo((long) rounds[0] * MALFORMED.size());
            stillWorks(pair, "garbage during the handshake");
        }
    }

    @Test
    void truncatedTamperedAndReplayedRecordsAfterTheHandshake() throws Exception {
        try (DtlsPair pair = DtlsPair.of(clientCert, serverCert)) {
            pair.start();
            connectedPair(pair);
            pair.client.send("genuine".getBytes(StandardCharsets.UTF_8));
            byte[] real = pair.client.pollTransmit().orElseThrow();
            assertThat(pair.client.pollTransmit()).isEmpty();
            DtlsStats before = pair.server.stats();

            for (int len = 0; len < real.length; len++) {
                pair.server.handleReceive(Instant.now(), Arrays.copyOf(real, len));
            }
            assertThat(pair.server.stats().droppedMalformed() - before.droppedMalformed()).isEqualTo(real.length);

            long discarded = 0;
            for (int i = 13; i < real.length; i++) { // every byte of the encrypted body, flipped
                byte[] t = real.clone();
                t[i] ^= 0x01;
                pair.server.handleReceive(Instant.now(), t);
                discarded++;
            }
            for (int i : new int[] {3, 4}) { // the epoch
                byte[] t = real.clone();
                t[i] ^= 0x02;
                pair.server.handleReceive(Instant.now(), t);
                discarded++;
            }
            byte[] shorter = Arrays.copyOf(real, real.length - 1); // a consistent length field, one byte short
            shorter[12]--;
            pair.server.handleReceive(Instant.now(), shorter);
            discarded++;
            assertThat(pair.server.stats().recordsDiscarded() - before.recordsDiscarded()).isEqualTo(discarded);
            assertThat(pair.server.stats().applicationRecordsReceived()).isEqualTo(before.applicationRecordsReceived());

            pair.server.handleReceive(Instant.now(), real.clone());
            assertThat(pair.server.stats().applicationRecordsReceived()).isEqualTo(before.applicationRecordsReceived() + 1);
            pair.server.handleReceive(Instant.now(), real.clone()); // a replay
            assertThat(pair.server.stats().applicationRecordsReceived()).isEqualTo(before.applicationRecordsReceived() + 1);
            assertThat(pair.server.stats().recordsDiscarded() - before.recordsDiscarded()).isEqualTo(discarded + 1);

            for (byte[] g : bogusRecords()) {
                pair.server.handleReceive(Instant.now(), g);
            }
            assertThat(pair.server.stats().recordsDiscarded() - before.recordsDiscarded())
                    .isEqualTo(discarded + 1 + bogusRecords().size());
            pair.pumpOnce();
            assertThat(pair.serverEvents.stream().filter(e -> e instanceof DtlsEvent.ApplicationData).count()).isEqualTo(1);
            stillWorks(pair, "hostile records");
        }
    }

    @Test
    void recordsAfterTheCloseAreDroppedAndCounted() throws Exception {
        try (DtlsPair pair = DtlsPair.of(clientCert, serverCert)) {
            pair.start();
            connectedPair(pair);
            pair.client.send("late".getBytes(StandardCharsets.UTF_8));
            byte[] late = pair.client.pollTransmit().orElseThrow();
            pair.server.close();
            Optional<byte[]> closeNotify = pair.server.pollTransmit();
            assertThat(closeNotify).isPresent();
            long before = pair.server.stats().droppedClosed();
            pair.server.handleReceive(Instant.now(), late);
            for (byte[] g : bogusRecords()) {
                pair.server.handleReceive(Instant.now(), g);
            }
            assertThat(pair.server.stats().droppedClosed() - before).isEqualTo(1 + bogusRecords().size());
            assertThat(pair.server.stats().applicationRecordsReceived()).isZero();
            assertThat(pair.server.pollTimeout()).isEmpty();
            // the client learns of the close and then drops records too
            pair.client.handleReceive(Instant.now(), closeNotify.get());
            assertThat(pair.pumpUntil(p -> DtlsPair.find(p.clientEvents, DtlsEvent.Closed.class).isPresent(), WAIT)).isTrue();
            pair.client.handleReceive(Instant.now(), record(23, 1, 9, 20, 20));
            assertThat(pair.client.stats().droppedClosed()).isEqualTo(1);
        }
    }
}
