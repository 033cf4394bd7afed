package org.rtc4j.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtc4j.srtp.SrtpProfile;

/** Handshakes that must fail with a clear reason, and handshakes with RSA certificates. */
class DtlsFailureAndRsaTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static DtlsCertificate ecdsa1;
    private static DtlsCertificate ecdsa2;
    private static DtlsCertificate rsa1;
    private static DtlsCertificate rsa2;

    @BeforeAll
    static void certificates() {
        ecdsa1 = DtlsCertificate.generate();
        ecdsa2 = DtlsCertificate.generate();
        rsa1 = DtlsCertificate.generateRsa(Instant.now(), new SecureRandom());
        rsa2 = DtlsCertificate.generateRsa(Instant.now(), new SecureRandom());
    }

    @Test
    void noCommonSrtpProfileFailsBothSidesWithTheReason() throws Exception {
        DtlsConfig clientConfig = DtlsConfig.DEFAULT.withSrtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_32));
        DtlsConfig serverConfig = DtlsConfig.DEFAULT.withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM));
        DtlsPair pair = new DtlsPair(ecdsa1, ecdsa2.fingerprint(), clientConfig, ecdsa2, ecdsa1.fingerprint(), serverConfig);
        try (pair) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.ended(p.clientEvents) && DtlsPair.ended(p.serverEvents), WAIT))
                    .as("client %s server %s", pair.clientEvents, pair.serverEvents).isTrue();
            String serverReason = DtlsPair.find(pair.serverEvents, DtlsEvent.Failed.class).orElseThrow().reason();
            assertThat(serverReason).contains("no common SRTP profile").contains("AES_CM_128_HMAC_SHA1_32")
                    .contains("AEAD_AES_128_GCM");
            String clientReason = DtlsPair.find(pair.clientEvents, DtlsEvent.Failed.class).orElseThrow().reason();
            assertThat(clientReason).contains("handshake_failure");
            assertThat(DtlsPair.connected(pair.clientEvents)).isFalse();
            assertThat(DtlsPair.connected(pair.serverEvents)).isFalse();
            assertThat(pair.client.isConnected()).isFalse();
            assertThat(pair.server.isConnected()).isFalse();
            assertThat(pair.server.pollTimeout()).isEmpty();
        }
    }

    @Test
    void serverThatNeverHearsAClientTimesOutOnTheDriversClock() throws Exception {
        DtlsPair pair = DtlsPair.of(ecdsa1, ecdsa2);
        try (pair) {
            Instant t0 = Instant.now();
            pair.server.start(t0);
            Instant deadline = pair.server.pollTimeout().orElseThrow();
            assertThat(deadline).isEqualTo(t0.plus(DtlsConfig.DEFAULT.handshakeTimeout()));
            pair.server.handleTimeout(deadline.minusMillis(1));
            assertThat(pair.server.pollEvent()).isEmpty();
            pair.server.handleTimeout(deadline);
            DtlsEvent event = pair.server.pollEvent().orElseThrow();
            assertThat(event).isInstanceOfSatisfying(DtlsEvent.Failed.class,
                    f -> assertThat(f.reason()).isEqualTo("handshake timed out after PT15S"));
            assertThat(pair.server.pollTimeout()).isEmpty();
            // nothing more follows, and late datagrams are dropped
            pair.server.handleTimeout(deadline.plusSeconds(60));
            assertThat(pair.server.pollEvent()).isEmpty();
            pair.server.handleReceive(Instant.now(), new byte[] {22, (byte) 0xfe, (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            assertThat(pair.server.stats().droppedClosed()).isEqualTo(1);
        }
    }

    @Test
    void generatesRsa2048() throws Exception {
        assertThat(rsa1.isRsa()).isTrue();
        assertThat(ecdsa1.isRsa()).isFalse();
        assertThat(((RSAPublicKey) rsa1.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(rsa1.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        rsa1.certificate().verify(rsa1.certificate().getPublicKey());
        rsa1.certificate().checkValidity();
        assertThat(rsa1.fingerprint()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void rsaCertificatesOnBothSidesNegotiateEcdheRsa() throws Exception {
        DtlsEvent.Connected c = connect(rsa1, rsa2);
        assertThat(c.cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    }

    @Test
    void rsaServerWithEcdsaClient() throws Exception {
        assertThat(connect(ecdsa1, rsa1).cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    }

    @Test
    void ecdsaServerWithRsaClient() throws Exception {
        assertThat(connect(rsa1, ecdsa1).cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
    }

    /** Connects, checks both ends agree, returns the client's Connected event. */
    private static DtlsEvent.Connected connect(DtlsCertificate clientCert, DtlsCertificate serverCert) throws Exception {
        try (DtlsPair pair = DtlsPair.of(clientCert, serverCert)) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT))
                    .as("client %s server %s", pair.clientEvents, pair.serverEvents).isTrue();
            DtlsEvent.Connected c = DtlsPair.find(pair.clientEvents, DtlsEvent.Connected.class).orElseThrow();
            DtlsEvent.Connected s = DtlsPair.find(pair.serverEvents, DtlsEvent.Connected.class).orElseThrow();
            assertThat(c.keyingMaterial()).isEqualTo(s.keyingMaterial());
            assertThat(c.cipherSuite()).isEqualTo(s.cipherSuite());
            assertThat(c.remoteFingerprint()).isEqualTo(serverCert.fingerprint());
            assertThat(s.remoteFingerprint()).isEqualTo(clientCert.fingerprint());
            return c;
        }
    }
}
