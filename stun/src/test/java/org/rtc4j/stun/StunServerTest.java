package org.rtc4j.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StunServerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.7", 50000);
    private static final InetSocketAddress CLIENT6 = new InetSocketAddress("2001:db8::7", 50001);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 3478);
    private static final String REALM = "rtc4j.test";
    private final Random random = new Random(1);

    private StunMessageBuilder binding() {
        return StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random));
    }

    private static StunMessage exchange(StunServer server, Instant now, InetSocketAddress from, byte[] request) throws StunException {
        server.handleReceive(now, new Datagram(from, LOCAL, request));
        Transmit t = server.pollTransmit().orElseThrow(() -> new AssertionError("no response"));
        assertThat(t.destination()).isEqualTo(from);
        assertThat(t.source()).isEqualTo(LOCAL);
        assertThat(server.pollTransmit()).isEmpty();
        return StunMessage.decode(t.data(), 0, t.data().length);
    }

    @Test
    void bindingGetsTheReflexiveAddressBack() throws Exception {
        StunServer server = new StunServer("rtc4j test");
        for (InetSocketAddress from : List.of(CLIENT, CLIENT6)) {
            StunMessage request = binding().build();
            StunMessage response = exchange(server, T0, from, request.toByteArray());
            assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(response.transactionId()).isEqualTo(request.transactionId());
            assertThat(response.mappedAddress()).contains(from);
            assertThat(response.software()).contains("rtc4j test");
            assertThat(response.hasFingerprint()).isFalse();
        }
        assertThat(server.stats().bindings()).isEqualTo(2);
    }

    @Test
    void fingerprintIsMirrored() throws Exception {
        StunMessage response = exchange(new StunServer(null), T0, CLIENT, binding().fingerprint().encode());
        assertThat(response.isFingerprintValid()).isTrue();
    }

    @Test
    void unknownComprehensionRequiredAttributesGet420() throws Exception {
        byte[] request = binding().bytes(StunAttributeType.of(0x7001), new byte[] {1})
                .bytes(StunAttributeType.of(0xC0DE), new byte[] {2}) // optional: ignored
                .encode();
        StunMessage response = exchange(new StunServer(null), T0, CLIENT, request);
        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(response.errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(420));
        assertThat(response.attribute(StunAttributeType.UNKNOWN_ATTRIBUTES))
                .contains(new StunAttribute.UnknownAttributes(List.of(StunAttributeType.of(0x7001))));
    }

    @Test
    void otherMethodsGet400() throws Exception {
        byte[] allocate = StunMessageBuilder.of(StunMessageType.of(StunClass.REQUEST, StunMethod.ALLOCATE),
                TransactionId.random(random)).encode();
        StunMessage response = exchange(new StunServer(null), T0, CLIENT, allocate);
        assertThat(response.type().method()).isEqualTo(StunMethod.ALLOCATE);
        assertThat(response.errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void malformedIndicationsAndBadFingerprintsAreDroppedAndCounted() {
        StunServer server = new StunServer(null);
        byte[] badFingerprint = binding().fingerprint().encode();
        badFingerprint[badFingerprint.length - 1] ^= 1;
        for (byte[] junk : List.of(new byte[0], new byte[] {0, 1}, "GET / HTTP/1.1".getBytes(), badFingerprint,
                StunMessageBuilder.of(StunMessageType.BINDING_INDICATION, TransactionId.random(random)).encode())) {
            server.handleReceive(T0, new Datagram(CLIENT, LOCAL, junk));
        }
        assertThat(server.pollTransmit()).isEmpty();
        assertThat(server.stats().malformed()).isEqualTo(4);
        assertThat(server.stats().ignored()).isEqualTo(1);
        // and the server still works
        server.handleReceive(T0, new Datagram(CLIENT, LOCAL, binding().encode()));
        assertThat(server.pollTransmit()).isPresent();
    }

    @Test
    void aFloodCannotGrowTheQueuePastItsBound() {
        StunServer server = new StunServer(null, null, 4);
        for (int i = 0; i < 10; i++) {
            server.handleReceive(T0, new Datagram(CLIENT, LOCAL, binding().encode()));
        }
        int n = 0;
        while (server.pollTransmit().isPresent()) {
            n++;
        }
        assertThat(n).isEqualTo(4);
        assertThat(server.stats().overflow()).isEqualTo(6);
    }

    private LongTermAuthenticator authenticator(List<PasswordAlgorithm> algorithms) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new LongTermAuthenticator(REALM, CredentialStore.of(Map.of("alice", "wonderland")), secret,
                Duration.ofMinutes(10), algorithms, true);
    }

    @Test
    void longTermCredentialsLegacyMd5Flow() throws Exception {
        StunServer server = new StunServer(null, authenticator(List.of()), 16);

        StunMessage challenge = exchange(server, T0, CLIENT, binding().encode());
        assertThat(challenge.errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(401));
        assertThat(challenge.realm()).contains(REALM);
        String nonce = challenge.nonce().orElseThrow();
        assertThat(nonce).doesNotStartWith(LongTermAuthenticator.NONCE_COOKIE);
        assertThat(challenge.contains(StunAttributeType.PASSWORD_ALGORITHMS)).isFalse();

        StunKey key = StunKey.longTerm("alice", REALM, "wonderland", PasswordAlgorithm.MD5);
        StunMessage ok = exchange(server, T0.plusSeconds(1), CLIENT, binding()
                .text(StunAttributeType.USERNAME, "alice").text(StunAttributeType.REALM, REALM)
                .text(StunAttributeType.NONCE, nonce).messageIntegrity(key).encode());
        assertThat(ok.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(ok.mappedAddress()).contains(CLIENT);
        assertThat(ok.isIntegrityValid(key)).isTrue();
    }

    @Test
    void wrongPasswordUnknownUserAndMissingAttributes() throws Exception {
        StunServer server = new StunServer(null, authenticator(List.of()), 16);
        String nonce = exchange(server, T0, CLIENT, binding().encode()).nonce().orElseThrow();

        StunKey wrong = StunKey.longTerm("alice", REALM, "looking-glass", PasswordAlgorithm.MD5);
        StunMessage r1 = exchange(server, T0, CLIENT, binding().text(StunAttributeType.USERNAME, "alice")
                .text(StunAttributeType.REALM, REALM).text(StunAttributeType.NONCE, nonce).messageIntegrity(wrong).encode());
        assertThat(r1.errorCode().orElseThrow().code()).isEqualTo(401);
        assertThat(r1.hasMessageIntegrity()).isFalse();

        StunKey bob = StunKey.longTerm("bob", REALM, "wonderland", PasswordAlgorithm.MD5);
        StunMessage r2 = exchange(server, T0, CLIENT, binding().text(StunAttributeType.USERNAME, "bob")
                .text(StunAttributeType.REALM, REALM).text(StunAttributeType.NONCE, nonce).messageIntegrity(bob).encode());
        assertThat(r2.errorCode().orElseThrow().code()).isEqualTo(401);

        StunMessage r3 = exchange(server, T0, CLIENT, binding().text(StunAttributeType.USERNAME, "alice")
                .messageIntegrity(wrong).encode());
        assertThat(r3.errorCode().orElseThrow().code()).isEqualTo(400);
    }

    @Test
    void staleAndForgedNoncesGet438() throws Exception {
        LongTermAuthenticator auth = authenticator(List.of());
        StunServer server = new StunServer(null, auth, 16);
        String nonce = exchange(server, T0, CLIENT, binding().encode()).nonce().orElseThrow();
        StunKey key = StunKey.longTerm("alice", REALM, "wonderland", PasswordAlgorithm.MD5);

        StunMessage stale = exchange(server, T0.plus(Duration.ofMinutes(11)), CLIENT, binding()
                .text(StunAttributeType.USERNAME, "alice").text(StunAttributeType.REALM, REALM)
                .text(StunAttributeType.NONCE, nonce).messageIntegrity(key).encode());
        assertThat(stale.errorCode().orElseThrow().code()).isEqualTo(438);
        assertThat(auth.isNonceValid(T0.plus(Duration.ofMinutes(11)), stale.nonce().orElseThrow())).isTrue();

        String forged = nonce.substring(0, nonce.length() - 2) + (nonce.endsWith("AA") ? "BB" : "AA");
        StunMessage r = exchange(server, T0, CLIENT, binding().text(StunAttributeType.USERNAME, "alice")
                .text(StunAttributeType.REALM, REALM).text(StunAttributeType.NONCE, forged).messageIntegrity(key).encode());
        assertThat(r.errorCode().orElseThrow().code()).isEqualTo(438);
        assertThat(auth.isNonceValid(T0, "not base64 at all!")).isFalse();
    }

    @Test
    void rfc8489FlowWithSha256UserHashAndIntegritySha256() throws Exception {
        List<PasswordAlgorithm> offer = List.of(PasswordAlgorithm.SHA_256, PasswordAlgorithm.MD5);
        StunServer server = new StunServer(null, authenticator(offer), 16);

        StunMessage challenge = exchange(server, T0, CLIENT, binding().encode());
        String nonce = challenge.nonce().orElseThrow();
        assertThat(nonce).startsWith(LongTermAuthenticator.NONCE_COOKIE);
        // security features: bit 0 (password algorithms) and bit 1 (username anonymity), MSB first
        assertThat(nonce.substring(9, 13)).isEqualTo("wAAA");
        assertThat(challenge.attribute(StunAttributeType.PASSWORD_ALGORITHMS))
                .contains(new StunAttribute.PasswordAlgorithms(offer));

        StunKey key = StunKey.longTerm("alice", REALM, "wonderland", PasswordAlgorithm.SHA_256);
        StunMessage ok = exchange(server, T0, CLIENT, binding()
                .bytes(StunAttributeType.USERHASH, StunKey.userHash("alice", REALM))
                .text(StunAttributeType.REALM, REALM).text(StunAttributeType.NONCE, nonce)
                .add(new StunAttribute.PasswordAlgorithms(offer))
                .add(new StunAttribute.PasswordAlgorithmChoice(PasswordAlgorithm.SHA_256))
                .messageIntegritySha256(key).encode());
        assertThat(ok.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(ok.hasMessageIntegritySha256()).isTrue();
        assertThat(ok.isIntegrityValid(key)).isTrue();
    }

    @Test
    void bidDownAttemptsGet400() throws Exception {
        List<PasswordAlgorithm> offer = List.of(PasswordAlgorithm.SHA_256, PasswordAlgorithm.MD5);
        StunServer server = new StunServer(null, authenticator(offer), 16);
        String nonce = exchange(server, T0, CLIENT, binding().encode()).nonce().orElseThrow();
        StunKey md5 = StunKey.longTerm("alice", REALM, "wonderland", PasswordAlgorithm.MD5);

        // An attacker stripped SHA-256 from the list the client echoes.
        StunMessage r = exchange(server, T0, CLIENT, binding().text(StunAttributeType.USERNAME, "alice")
                .text(StunAttributeType.REALM, REALM).text(StunAttributeType.NONCE, nonce)
                .add(new StunAttribute.PasswordAlgorithms(List.of(PasswordAlgorithm.MD5)))
                .add(new StunAttribute.PasswordAlgorithmChoice(PasswordAlgorithm.MD5))
                .messageIntegrity(md5).encode());
        assertThat(r.errorCode().orElseThrow().code()).isEqualTo(400);

        // A client that speaks RFC 5389 only (no algorithm attributes) still gets in with MD5.
        StunMessage legacy = exchange(server, T0, CLIENT, binding().text(StunAttributeType.USERNAME, "alice")
                .text(StunAttributeType.REALM, REALM).text(StunAttributeType.NONCE, nonce).messageIntegrity(md5).encode());
        assertThat(legacy.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
    }
}
