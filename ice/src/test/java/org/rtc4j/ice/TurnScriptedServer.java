package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rtc4j.stun.ChannelData;
import org.rtc4j.stun.PasswordAlgorithm;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunException;
import org.rtc4j.stun.StunKey;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.TransactionId;

/**
 * A tiny TURN server for unit tests, scripted by the test: it decodes what a {@link TurnAllocation}
 * sends with {@link StunMessage} and writes the answers the test asks for with {@link StunMessageBuilder},
 * signed with the RFC 5389 (MD5) long-term key as coturn does. Also drains the allocation under test.
 */
final class TurnScriptedServer {
    static final String USER = "alice";
    static final String PASSWORD = "wonderland";
    static final String REALM = "rtc4j.test";
    static final InetSocketAddress SERVER = address("192.0.2.1", 3478);
    static final InetSocketAddress RELAYED = address("192.0.2.1", 50000);
    static final InetSocketAddress MAPPED = address("198.51.100.7", 40000);
    static final InetSocketAddress PEER = address("203.0.113.5", 6000);
    static final InetSocketAddress OTHER_PEER = address("203.0.113.9", 7000);
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    final StunKey key = StunKey.longTerm(USER, REALM, PASSWORD, PasswordAlgorithm.MD5);
    String nonce = "nonce-1";
    private final java.util.Random random = new java.util.Random(7);

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static TurnAllocation udpAllocation() {
        return new TurnAllocation(SERVER, TurnServerUrl.Transport.UDP, USER, PASSWORD, new java.util.Random(1));
    }

    // ------------------------------------------------------------ reading the client

    /** Decodes a STUN message the client sent; fails the test if it is not one. */
    static StunMessage decode(byte[] bytes) {
        try {
            return StunMessage.decode(bytes, 0, bytes.length);
        } catch (StunException e) {
            throw new AssertionError("the client sent something that is not STUN: " + e.getMessage(), e);
        }
    }

    /** Every transmit waiting in the allocation. */
    static List<byte[]> drainTransmits(TurnAllocation a) {
        List<byte[]> out = new ArrayList<>();
        for (Optional<byte[]> t = a.pollTransmit(); t.isPresent(); t = a.pollTransmit()) {
            out.add(t.get());
        }
        return out;
    }

    /** Every request waiting in the allocation, decoded. */
    static List<StunMessage> drainRequests(TurnAllocation a) {
        return drainTransmits(a).stream().map(TurnScriptedServer::decode).toList();
    }

    /** The one request waiting in the allocation. */
    static StunMessage onlyRequest(TurnAllocation a) {
        List<StunMessage> r = drainRequests(a);
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    /** Every event waiting in the allocation. */
    static List<TurnEvent> drainEvents(TurnAllocation a) {
        List<TurnEvent> out = new ArrayList<>();
        for (Optional<TurnEvent> e = a.pollEvent(); e.isPresent(); e = a.pollEvent()) {
            out.add(e.get());
        }
        return out;
    }

    /** Asserts that a request is signed as the long-term mechanism requires, with this server's nonce. */
    void assertSigned(StunMessage request) {
        assertThat(request.username()).contains(USER);
        assertThat(request.realm()).contains(REALM);
        assertThat(request.nonce()).contains(nonce);
        assertThat(request.isIntegrityValid(key)).as("MESSAGE-INTEGRITY with the MD5 key").isTrue();
        assertThat(request.isFingerprintValid()).isTrue();
    }

    // ------------------------------------------------------------ answers

    /** 401 with REALM and NONCE, unsigned, as the first answer to an Allocate. */
    byte[] challenge(StunMessage request) {
        return StunMessageBuilder.errorResponseTo(request, 401).text(StunAttributeType.REALM, REALM)
                .text(StunAttributeType.NONCE, nonce).fingerprint().encode();
    }

    /** 438 with a new nonce, unsigned. */
    byte[] staleNonce(StunMessage request, String newNonce) {
        nonce = newNonce;
        return StunMessageBuilder.errorResponseTo(request, 438).text(StunAttributeType.REALM, REALM)
                .text(StunAttributeType.NONCE, nonce).fingerprint().encode();
    }

    /** A signed error response. */
    byte[] error(StunMessage request, int code) {
        return StunMessageBuilder.errorResponseTo(request, code).messageIntegrity(key).fingerprint().encode();
    }

    /** A signed Allocate success. */
    byte[] allocated(StunMessage request, Duration lifetime) {
        return StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE)
                .address(StunAttributeType.XOR_RELAYED_ADDRESS, RELAYED)
                .uint32(StunAttributeType.LIFETIME, lifetime.toSeconds())
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, MAPPED)
                .messageIntegrity(key).fingerprint().encode();
    }

    /** A signed Refresh success. */
    byte[] refreshed(StunMessage request, Duration lifetime) {
        return StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE)
                .uint32(StunAttributeType.LIFETIME, lifetime.toSeconds()).messageIntegrity(key).fingerprint().encode();
    }

    /** A signed success without attributes (CreatePermission, ChannelBind). */
    byte[] success(StunMessage request) {
        return StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE).messageIntegrity(key).fingerprint().encode();
    }

    /** A success signed with the wrong key, as a forger without the password would make it. */
    byte[] forgedSuccess(StunMessage request) {
        StunKey wrong = StunKey.longTerm(USER, REALM, "looking-glass", PasswordAlgorithm.MD5);
        return StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE)
                .address(StunAttributeType.XOR_RELAYED_ADDRESS, address("192.0.2.66", 1))
                .uint32(StunAttributeType.LIFETIME, 600).messageIntegrity(wrong).fingerprint().encode();
    }

    /** A Data indication from a peer. */
    byte[] dataIndication(InetSocketAddress peer, byte[] data) {
        return StunMessageBuilder.of(StunMessageType.of(StunClass.INDICATION, StunMethod.DATA), TransactionId.random(random))
                .address(StunAttributeType.XOR_PEER_ADDRESS, peer).bytes(StunAttributeType.DATA, data).encode();
    }

    /** A ChannelData message, padded as a stream needs or not. */
    static byte[] channelData(int channel, byte[] data, boolean padded) {
        return new ChannelData(channel, data).encode(padded);
    }

    // ------------------------------------------------------------ whole exchanges

    /** Drives start, the 401 challenge and a signed Allocate to ALLOCATED; drains the events. */
    void allocate(TurnAllocation a, Instant now, Duration lifetime) {
        a.start(now);
        StunMessage first = onlyRequest(a);
        a.handleReceive(now, challenge(first), 0, challenge(first).length);
        StunMessage signed = onlyRequest(a);
        assertSigned(signed);
        byte[] ok = allocated(signed, lifetime);
        a.handleReceive(now, ok, 0, ok.length);
        assertThat(a.state()).isEqualTo(TurnAllocation.State.ALLOCATED);
        drainEvents(a);
    }

    /** Feeds a whole message to the allocation. */
    static void receive(TurnAllocation a, Instant now, byte[] bytes) {
        a.handleReceive(now, bytes, 0, bytes.length);
    }

    /** The method and class of a request, for short assertions. */
    static StunMessageType type(StunMethod method) {
        return StunMessageType.of(StunClass.REQUEST, method);
    }

    /** The CHANNEL-NUMBER of a ChannelBind. */
    static int channelNumber(StunMessage request) {
        return ((StunAttribute.ChannelNumber) request.attribute(StunAttributeType.CHANNEL_NUMBER).orElseThrow()).channel();
    }
}
