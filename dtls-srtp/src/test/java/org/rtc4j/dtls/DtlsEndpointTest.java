package org.rtc4j.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtc4j.srtp.SrtpProfile;

class DtlsEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static DtlsCertificate clientCert;
    private static DtlsCertificate serverCert;

    @BeforeAll
    static void certificates() {
        clientCert = DtlsCertificate.generate();
        serverCert = DtlsCertificate.generate();
    }

    private static DtlsPair connectedPair() throws InterruptedException {
        DtlsPair pair = DtlsPair.of(clientCert, serverCert);
        pair.start();
        assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT))
                .as("handshake completes; client events %s, server events %s", pair.clientEvents, pair.serverEvents).isTrue();
        return pair;
    }

    @Test
    void handshakeExportsIdenticalKeyingMaterial() throws Exception {
        try (DtlsPair pair = connectedPair()) {
            DtlsEvent.Connected c = DtlsPair.find(pair.clientEvents, DtlsEvent.Connected.class).orElseThrow();
            DtlsEvent.Connected s = DtlsPair.find(pair.serverEvents, DtlsEvent.Connected.class).orElseThrow();
            assertThat(c.keyingMaterial()).isEqualTo(s.keyingMaterial());
            assertThat(c.keyingMaterial().profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
            assertThat(c.keyingMaterial().exported()).hasSize(56);
            assertThat(c.keyingMaterial().clientMasterKey()).hasSize(16).isNotEqualTo(c.keyingMaterial().serverMasterKey());
            assertThat(c.keyingMaterial().clientMasterSalt()).hasSize(12);
            assertThat(c.keyingMaterial().localMasterKey(DtlsRole.CLIENT)).isEqualTo(s.keyingMaterial().remoteMasterKey(DtlsRole.SERVER));
            assertThat(c.cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
            assertThat(c.remoteFingerprint()).isEqualTo(serverCert.fingerprint());
            assertThat(s.remoteFingerprint()).isEqualTo(clientCert.fingerprint());
            assertThat(pair.client.isConnected()).isTrue();
            assertThat(pair.server.isConnected()).isTrue();
            assertThat(pair.client.pollTimeout()).isEmpty();
        }
    }

    @Test
    void aHandshakeTakesThirteenDatagramsWhenNothingIsLost() throws Exception {
        // Bouncy Castle retransmits on its own clock: a loaded machine can make a run retransmit, so
        // at least one of ten must show the lossless count (1 + 5 + 5 + 2 records, one per datagram).
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 10 && fewest > 13; i++) {
            try (DtlsPair pair = connectedPair()) {
                fewest = Math.min(fewest, pair.client.stats().datagramsSent() + pair.server.stats().datagramsSent());
            }
        }
        assertThat(fewest).isEqualTo(13);
    }

    @Test
    void serverPicksFirstCommonProfileOfItsOwnPreference() throws Exception {
        DtlsConfig clientConfig = DtlsConfig.DEFAULT.withSrtpProfiles(
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_32, SrtpProfile.AES_CM_128_HMAC_SHA1_80));
        DtlsPair pair = new DtlsPair(clientCert, serverCert.fingerprint(), serverCert, clientCert.fingerprint(), DtlsConfig.DEFAULT);
        try (pair; DtlsPair other = new DtlsPair(clientCert, serverCert.fingerprint(), serverCert, clientCert.fingerprint(), clientConfig)) {
            other.start();
            assertThat(other.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT)).isTrue();
            DtlsEvent.Connected c = DtlsPair.find(other.clientEvents, DtlsEvent.Connected.class).orElseThrow();
            // both sides use clientConfig here; the server prefers _32 as listed first
            assertThat(c.keyingMaterial().profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
            assertThat(c.keyingMaterial().exported()).hasSize(60);
        }
    }

    @Test
    void applicationDataBothWays() throws Exception {
        try (DtlsPair pair = connectedPair()) {
            pair.client.send("hello server".getBytes(StandardCharsets.UTF_8));
            pair.server.send("hello client".getBytes(StandardCharsets.UTF_8));
            byte[] big = new byte[1000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            pair.client.send(big);
            assertThat(pair.pumpUntil(p -> p.serverEvents.stream().filter(e -> e instanceof DtlsEvent.ApplicationData).count() == 2
                    && p.clientEvents.stream().anyMatch(e -> e instanceof DtlsEvent.ApplicationData), WAIT)).isTrue();
            List<byte[]> atServer = pair.serverEvents.stream().filter(e -> e instanceof DtlsEvent.ApplicationData)
                    .map(e -> ((DtlsEvent.ApplicationData) e).data()).toList();
            assertThat(new String(atServer.get(0), StandardCharsets.UTF_8)).isEqualTo("hello server");
            assertThat(atServer.get(1)).isEqualTo(big);
            DtlsEvent.ApplicationData atClient = DtlsPair.find(pair.clientEvents, DtlsEvent.ApplicationData.class).orElseThrow();
            assertThat(new String(atClient.data(), StandardCharsets.UTF_8)).isEqualTo("hello client");
            assertThat(pair.server.stats().applicationRecordsReceived()).isEqualTo(2);
        }
    }

    @Test
    void sendBeforeConnectedIsMisuse() {
        DtlsPair pair = DtlsPair.of(clientCert, serverCert);
        try (pair) {
            assertThatThrownBy(() -> pair.client.send(new byte[1])).isInstanceOf(IllegalStateException.class).hasMessageContaining("CONNECTED");
            assertThatThrownBy(() -> pair.client.send(new byte[1])).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void tooLargeApplicationDataIsMisuse() throws Exception {
        try (DtlsPair pair = connectedPair()) {
            assertThatThrownBy(() -> pair.client.send(new byte[1300])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most");
            assertThat(pair.client.isConnected()).isTrue();
        }
    }

    @Test
    void wrongFingerprintFailsCleanly() throws Exception {
        DtlsCertificate stranger = DtlsCertificate.generate();
        DtlsPair pair = new DtlsPair(clientCert, stranger.fingerprint(), serverCert, clientCert.fingerprint(), DtlsConfig.DEFAULT);
        try (pair) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.ended(p.clientEvents) && DtlsPair.ended(p.serverEvents), WAIT))
                    .as("client %s server %s", pair.clientEvents, pair.serverEvents).isTrue();
            DtlsEvent.Failed failed = DtlsPair.find(pair.clientEvents, DtlsEvent.Failed.class).orElseThrow();
            assertThat(failed.reason()).contains("fingerprint mismatch").contains(stranger.fingerprint()).contains(serverCert.fingerprint());
            assertThat(DtlsPair.find(pair.serverEvents, DtlsEvent.Failed.class).orElseThrow().reason()).contains("bad_certificate");
            assertThat(DtlsPair.connected(pair.clientEvents)).isFalse();
            assertThat(DtlsPair.connected(pair.serverEvents)).isFalse();
            assertThat(pair.client.isConnected()).isFalse();
        }
    }

    @Test
    void serverRejectsWrongClientFingerprint() throws Exception {
        DtlsCertificate stranger = DtlsCertificate.generate();
        DtlsPair pair = new DtlsPair(clientCert, serverCert.fingerprint(), serverCert, stranger.fingerprint(), DtlsConfig.DEFAULT);
        try (pair) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.ended(p.serverEvents) && DtlsPair.ended(p.clientEvents), WAIT))
                    .as("client %s server %s", pair.clientEvents, pair.serverEvents).isTrue();
            assertThat(DtlsPair.find(pair.serverEvents, DtlsEvent.Failed.class).orElseThrow().reason()).contains("fingerprint mismatch");
            assertThat(DtlsPair.connected(pair.serverEvents)).isFalse();
        }
    }

    @Test
    void garbageBeforeAndAfterHandshakeIsDroppedAndCounted() throws Exception {
        byte[][] garbage = {
            new byte[0],
            {0x16},                                                     // truncated header
            {0x16, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 1, 2}, // length beyond the datagram
            {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, (byte) 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, // a STUN header
            {(byte) 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0},       // an RTP header
        };
        DtlsPair pair = DtlsPair.of(clientCert, serverCert);
        try (pair) {
            for (byte[] g : garbage) {
                pair.server.handleReceive(Instant.now(), g.clone());
            }
            pair.start();
            for (byte[] g : garbage) {
                pair.client.handleReceive(Instant.now(), g.clone());
            }
            assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT)).isTrue();
            assertThat(pair.server.stats().droppedMalformed()).isEqualTo(garbage.length);
            assertThat(pair.client.stats().droppedMalformed()).isEqualTo(garbage.length);

            for (byte[] g : garbage) {
                pair.server.handleReceive(Instant.now(), g.clone());
            }
            // well-formed header, random body: the record layer discards it (bad MAC / unknown epoch)
            byte[] forged = new byte[13 + 40];
            forged[0] = 23;
            forged[1] = (byte) 0xfe;
            forged[2] = (byte) 0xfd;
            forged[4] = 1;
            forged[12] = 40;
            for (int i = 13; i < forged.length; i++) {
                forged[i] = (byte) (i * 7);
            }
            pair.server.handleReceive(Instant.now(), forged);
            byte[] badEpoch = forged.clone();
            badEpoch[4] = 7;
            pair.server.handleReceive(Instant.now(), badEpoch);
            assertThat(pair.server.stats().droppedMalformed()).isEqualTo(2L * garbage.length);
            assertThat(pair.server.stats().recordsDiscarded()).isEqualTo(2);
            assertThat(pair.server.isConnected()).isTrue();

            pair.client.send("still alive".getBytes(StandardCharsets.UTF_8));
            assertThat(pair.pumpUntil(p -> DtlsPair.find(p.serverEvents, DtlsEvent.ApplicationData.class).isPresent(), WAIT)).isTrue();
            assertThat(DtlsPair.find(pair.serverEvents, DtlsEvent.Failed.class)).isEmpty();
        }
    }

    @Test
    void closeNotifyReachesThePeer() throws Exception {
        try (DtlsPair pair = connectedPair()) {
            pair.client.close();
            assertThat(pair.pumpUntil(p -> DtlsPair.find(p.serverEvents, DtlsEvent.Closed.class).isPresent(), WAIT))
                    .as("server events %s", pair.serverEvents).isTrue();
            assertThat(DtlsPair.find(pair.serverEvents, DtlsEvent.Closed.class).orElseThrow().byPeer()).isTrue();
            assertThat(DtlsPair.find(pair.clientEvents, DtlsEvent.Closed.class).orElseThrow().byPeer()).isFalse();
            assertThat(pair.server.isConnected()).isFalse();
            assertThat(DtlsPair.find(pair.serverEvents, DtlsEvent.Failed.class)).isEmpty();
            pair.server.handleReceive(Instant.now(), new byte[] {23, (byte) 0xfe, (byte) 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 0});
            assertThat(pair.server.stats().droppedClosed()).isEqualTo(1);
        }
    }

    @Test
    void closeNotifyFromServer() throws Exception {
        try (DtlsPair pair = connectedPair()) {
            pair.server.close();
            assertThat(pair.pumpUntil(p -> DtlsPair.find(p.clientEvents, DtlsEvent.Closed.class).isPresent(), WAIT)).isTrue();
            assertThat(DtlsPair.find(pair.clientEvents, DtlsEvent.Closed.class).orElseThrow().byPeer()).isTrue();
        }
    }

    @Test
    void handshakeTimesOutWhenThePeerIsSilent() throws Exception {
        DtlsConfig quick = DtlsConfig.DEFAULT.withHandshakeTimeout(Duration.ofMillis(600));
        DtlsPair pair = new DtlsPair(clientCert, serverCert.fingerprint(), serverCert, clientCert.fingerprint(), quick);
        try (pair) {
            pair.deliver = false;
            pair.client.start(Instant.now());
            assertThat(pair.client.pollTimeout()).isPresent();
            assertThat(pair.pumpUntil(p -> DtlsPair.ended(p.clientEvents), WAIT)).isTrue();
            assertThat(DtlsPair.find(pair.clientEvents, DtlsEvent.Failed.class).orElseThrow().reason()).contains("timed out");
            // the ClientHello was retransmitted with the short initial timer (100, 200, ...ms)
            assertThat(pair.client.stats().datagramsSent()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void handleTimeoutEnforcesTheDeadlineOnTheCallersClock() throws Exception {
        DtlsPair pair = DtlsPair.of(clientCert, serverCert);
        try (pair) {
            Instant t0 = Instant.now();
            pair.client.start(t0);
            pair.client.handleTimeout(t0.plus(Duration.ofSeconds(16)));
            DtlsEvent event = pair.client.pollEvent().orElseThrow();
            assertThat(event).isInstanceOf(DtlsEvent.Failed.class);
            assertThat(((DtlsEvent.Failed) event).reason()).contains("timed out");
        }
    }

    @Test
    void smallMtuFragmentsTheHandshake() throws Exception {
        DtlsConfig small = DtlsConfig.DEFAULT.withMtu(300);
        DtlsPair pair = new DtlsPair(clientCert, serverCert.fingerprint(), serverCert, clientCert.fingerprint(), small);
        try (pair) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT)).isTrue();
            assertThat(pair.largestDatagram).isLessThanOrEqualTo(300);
        }
    }

    @Test
    void lostFlightsAreRetransmitted() throws Exception {
        for (int lost = 0; lost < 4; lost++) {
            DtlsPair pair = DtlsPair.of(clientCert, serverCert);
            try (pair) {
                // lose the first datagrams of the handshake: ClientHello, then parts of the server's flight
                pair.dropNext = lost + 1;
                pair.start();
                assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT))
                        .as("%d lost; client %s server %s", lost + 1, pair.clientEvents, pair.serverEvents).isTrue();
            }
        }
    }

    @Test
    void dataSentTheMomentTheServerConnectsArrives() throws Exception {
        DtlsPair pair = DtlsPair.of(clientCert, serverCert);
        try (pair) {
            boolean[] sent = {false};
            pair.onRound = p -> {
                if (!sent[0] && p.server.isConnected()) {
                    sent[0] = true;
                    p.server.send(new byte[] {1, 2, 3});
                }
            };
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.find(p.clientEvents, DtlsEvent.ApplicationData.class).isPresent(), WAIT))
                    .as("client %s", pair.clientEvents).isTrue();
        }
    }

    @Test
    void badRemoteFingerprintArgumentIsMisuse() {
        assertThatThrownBy(() -> DtlsEndpoint.create(DtlsRole.CLIENT, clientCert, "md5 AB", DtlsConfig.DEFAULT, Runnable::run, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha-256");
    }
}
