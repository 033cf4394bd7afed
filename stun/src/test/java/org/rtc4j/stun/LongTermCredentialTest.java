package org.rtc4j.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The client side of long-term credentials against rtc4j's own server, both RFC 8489 and RFC 5389 style. */
class LongTermCredentialTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.7", 50000);
    private final Random random = new Random(3);

    private StunServer server(List<PasswordAlgorithm> offer) {
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        return new StunServer(null, new LongTermAuthenticator("realm", CredentialStore.of(Map.of("alice", "pw")), secret,
                Duration.ofMinutes(5), offer, false), 8);
    }

    private StunMessage send(StunServer server, Instant now, StunMessage request) throws StunException {
        server.handleReceive(now, new Datagram(CLIENT, null, request.toByteArray()));
        byte[] b = server.pollTransmit().orElseThrow().data();
        return StunMessage.decode(b, 0, b.length);
    }

    private StunMessageBuilder request() {
        return StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random));
    }

    @Test
    void fullRfc8489FlowPicksSha256AndSignsWithIntegritySha256() throws Exception {
        StunServer server = server(List.of(PasswordAlgorithm.SHA_256, PasswordAlgorithm.MD5));
        LongTermCredential credential = new LongTermCredential("alice", "pw");
        assertThatThrownBy(() -> credential.sign(request())).isInstanceOf(IllegalStateException.class);

        assertThat(credential.handleChallenge(send(server, T0, request().build()))).isTrue();
        StunMessage signed = credential.sign(request()).build();
        assertThat(signed.hasMessageIntegritySha256()).isTrue();
        assertThat(signed.attribute(StunAttributeType.PASSWORD_ALGORITHM))
                .contains(new StunAttribute.PasswordAlgorithmChoice(PasswordAlgorithm.SHA_256));

        StunMessage ok = send(server, T0, signed);
        assertThat(ok.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(ok.isIntegrityValid(credential.key().orElseThrow())).isTrue();
    }

    @Test
    void legacyServerGetsMd5AndMessageIntegrity() throws Exception {
        StunServer server = server(List.of());
        LongTermCredential credential = new LongTermCredential("alice", "pw");
        credential.handleChallenge(send(server, T0, request().build()));
        StunMessage signed = credential.sign(request()).build();
        assertThat(signed.hasMessageIntegrity()).isTrue();
        assertThat(signed.contains(StunAttributeType.PASSWORD_ALGORITHM)).isFalse();
        assertThat(send(server, T0, signed).type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
    }

    @Test
    void staleNonceIsRetriedWrongPasswordIsNot() throws Exception {
        StunServer server = server(List.of());
        LongTermCredential credential = new LongTermCredential("alice", "pw");
        credential.handleChallenge(send(server, T0, request().build()));

        Instant later = T0.plus(Duration.ofMinutes(6));
        StunMessage stale = send(server, later, credential.sign(request()).build());
        assertThat(stale.errorCode().orElseThrow().code()).isEqualTo(438);
        assertThat(credential.handleChallenge(stale)).isTrue();
        assertThat(send(server, later, credential.sign(request()).build()).type()).isEqualTo(StunMessageType.BINDING_SUCCESS);

        LongTermCredential wrong = new LongTermCredential("alice", "not-pw");
        assertThat(wrong.handleChallenge(send(server, T0, request().build()))).isTrue();
        StunMessage refused = send(server, T0, wrong.sign(request()).build());
        assertThat(refused.errorCode().orElseThrow().code()).isEqualTo(401);
        assertThat(wrong.handleChallenge(refused)).as("no endless retry with a wrong password").isFalse();
    }

    @Test
    void challengeWithTheAlgorithmListStrippedIsRefused() throws Exception {
        StunServer server = server(List.of(PasswordAlgorithm.SHA_256));
        StunMessage challenge = send(server, T0, request().build());
        // An attacker on the path removes PASSWORD-ALGORITHMS but cannot change the nonce's feature bits.
        StunMessageBuilder stripped = StunMessageBuilder.responseTo(request().build(), StunClass.ERROR_RESPONSE)
                .add(StunAttribute.ErrorCode.of(401))
                .add(StunAttribute.realm(challenge.realm().orElseThrow()))
                .add(StunAttribute.nonce(challenge.nonce().orElseThrow()));
        assertThat(new LongTermCredential("alice", "pw").handleChallenge(stripped.build())).isFalse();
        assertThat(new LongTermCredential("alice", "pw").handleChallenge(challenge)).isTrue();
    }

    @Test
    void otherErrorsAreNotChallenges() {
        StunMessage e = StunMessageBuilder.errorResponseTo(request().build(), 420).build();
        assertThat(new LongTermCredential("alice", "pw").handleChallenge(e)).isFalse();
        assertThat(new LongTermCredential("alice", "pw").handleChallenge(request().build())).isFalse();
    }
}
