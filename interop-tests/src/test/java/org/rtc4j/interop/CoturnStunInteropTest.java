package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rtc4j.app.UdpStunExchange;
import org.rtc4j.app.UdpStunServer;
import org.rtc4j.stun.RetransmissionPolicy;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunClientEvent;
import org.rtc4j.stun.LongTermCredential;
import org.rtc4j.stun.StunKey;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.StunServer;
import org.rtc4j.stun.PasswordAlgorithm;
import org.rtc4j.stun.TransactionId;

/**
 * rtc4j's STUN against coturn, a real and independent implementation: rtc4j's client asks coturn's
 * {@code turnserver} for a reflexive address and authenticates an Allocate with long-term credentials,
 * and coturn's {@code turnutils_stunclient} asks rtc4j's server.
 */
class CoturnStunInteropTest {
    private static final String REALM = Coturn.REALM;
    private static final String USER = Coturn.USER;
    private static final String PASSWORD = Coturn.PASSWORD;
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final RetransmissionPolicy FAST = RetransmissionPolicy.UDP_DEFAULT.withInitialRto(Duration.ofMillis(100));
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Coturn coturn;
    private static InetSocketAddress coturnAddress;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = Coturn.start(false, List.of());
        coturnAddress = coturn.plain;
    }

    @AfterAll
    static void stopCoturn() throws IOException {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void rtc4jClientGetsItsMappedAddressFromCoturn() throws Exception {
        UdpStunExchange.Result result = new UdpStunExchange(Clock.systemUTC(), FAST).probe(ANY_LOOPBACK, coturnAddress);

        StunClientEvent.Response response = (StunClientEvent.Response) result.event();
        assertThat(response.response().type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(response.response().isFingerprintValid()).as("coturn mirrors FINGERPRINT").isTrue();
        assertThat(result.mappedAddress()).contains(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), result.localAddress().getPort()));
        assertThat(response.response().software()).hasValueSatisfying(s -> assertThat(s).containsIgnoringCase("coturn"));
    }

    @Test
    void rtc4jAuthenticatesAnAllocateWithLongTermCredentialsOnCoturn() throws Exception {
        UdpStunExchange exchange = new UdpStunExchange(Clock.systemUTC(), FAST);
        InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), ExternalPeer.freeUdpPort());
        StunMessageType allocate = StunMessageType.of(StunClass.REQUEST, StunMethod.ALLOCATE);

        // 1. Unauthenticated: coturn challenges with 401, REALM and NONCE.
        StunMessage first = StunMessageBuilder.of(allocate, TransactionId.random(RANDOM))
                .add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP)).fingerprint().build();
        StunMessage challenge = ((StunClientEvent.Response) exchange.exchange(local, coturnAddress, first, null).event()).response();
        assertThat(challenge.errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(401));
        assertThat(challenge.realm()).contains(REALM);
        String nonce = challenge.nonce().orElseThrow();

        // 2. Signed with the MD5 long-term key: coturn allocates a relay and signs its answer.
        LongTermCredential credential = new LongTermCredential(USER, PASSWORD);
        assertThat(credential.handleChallenge(challenge)).isTrue();
        StunKey key = credential.key().orElseThrow();
        assertThat(key.bytes()).isEqualTo(StunKey.longTerm(USER, REALM, PASSWORD, PasswordAlgorithm.MD5).bytes());
        StunMessage second = credential.sign(StunMessageBuilder.of(allocate, TransactionId.random(RANDOM))
                .add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP))).fingerprint().build();
        StunMessage allocated = ((StunClientEvent.Response) exchange.exchange(local, coturnAddress, second, key).event()).response();
        assertThat(allocated.messageClass()).as("%s", allocated.errorCode()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(allocated.isIntegrityValid(key)).isTrue();
        assertThat(allocated.address(StunAttributeType.XOR_RELAYED_ADDRESS))
                .hasValueSatisfying(a -> assertThat(a.getAddress()).isEqualTo(InetAddress.getLoopbackAddress()));
        assertThat(allocated.mappedAddress()).contains(local);
        assertThat(allocated.uint32(StunAttributeType.LIFETIME)).isPresent();

        // 3. A wrong password is refused with 401 (coturn's nonces belong to a 5-tuple, so fetch one first).
        InetSocketAddress other = new InetSocketAddress(InetAddress.getLoopbackAddress(), ExternalPeer.freeUdpPort());
        StunMessage otherChallenge = ((StunClientEvent.Response) exchange.exchange(other, coturnAddress,
                StunMessageBuilder.of(allocate, TransactionId.random(RANDOM))
                        .add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP)).build(), null).event()).response();
        StunKey wrong = StunKey.longTerm(USER, REALM, "looking-glass", PasswordAlgorithm.MD5);
        StunMessage forged = StunMessageBuilder.of(allocate, TransactionId.random(RANDOM))
                .add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP))
                .text(StunAttributeType.USERNAME, USER).text(StunAttributeType.REALM, REALM)
                .text(StunAttributeType.NONCE, otherChallenge.nonce().orElseThrow())
                .messageIntegrity(wrong).build();
        StunMessage refused = ((StunClientEvent.Response) exchange.exchange(other, coturnAddress, forged, null).event()).response();
        assertThat(refused.errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(401));
    }

    @Test
    void coturnClientGetsItsMappedAddressFromRtc4j() throws Exception {
        StunServer server = new StunServer("rtc4j interop");
        try (UdpStunServer udp = UdpStunServer.start(server, ANY_LOOPBACK, Clock.systemUTC())) {
            ExternalPeer.Result r = ExternalPeer.run("the Debian package coturn", Duration.ofSeconds(30),
                    "turnutils_stunclient", "-p", String.valueOf(udp.localAddress().getPort()), "127.0.0.1");

            assertThat(r.exitCode()).as(r.output()).isZero();
            Matcher m = Pattern.compile("UDP reflexive addr: 127\\.0\\.0\\.1:(\\d+)").matcher(r.output());
            assertThat(m.find()).as(r.output()).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isPositive();
            assertThat(udp.stats().bindings()).isPositive();
            assertThat(udp.stats().malformed()).isZero();
        }
    }
}
