package org.rtc4j.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every attribute rtc4j knows survives encode then decode, alone and inside a signed message. */
class AttributeRoundTripTest {
    static Stream<StunAttribute> attributes() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 54321);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 3478);
        return Stream.of(
                StunAttribute.mappedAddress(v4),
                StunAttribute.xorMappedAddress(v4),
                StunAttribute.xorMappedAddress(v6),
                StunAttribute.xorPeerAddress(v6),
                StunAttribute.xorRelayedAddress(v4),
                new StunAttribute.Address(StunAttributeType.ALTERNATE_SERVER, v6),
                new StunAttribute.Address(StunAttributeType.RESPONSE_ORIGIN, v4),
                new StunAttribute.Address(StunAttributeType.OTHER_ADDRESS, v4),
                StunAttribute.username("ufrag:ÜFRAG"),
                StunAttribute.realm("example.org"),
                StunAttribute.nonce("obMatJos2gAAAabc"),
                StunAttribute.software("rtc4j"),
                new StunAttribute.Text(StunAttributeType.ALTERNATE_DOMAIN, "turn.example.org"),
                StunAttribute.priority(0x6e0001ffL),
                StunAttribute.priority(0xFFFF_FFFFL),
                StunAttribute.lifetime(600),
                new StunAttribute.Uint32(StunAttributeType.CONNECTION_ID, 42),
                new StunAttribute.Uint32(StunAttributeType.CHANGE_REQUEST, 6),
                StunAttribute.iceControlling(-1L),
                StunAttribute.iceControlled(0x932ff9b151263b36L),
                StunAttribute.useCandidate(),
                StunAttribute.dontFragment(),
                StunAttribute.ErrorCode.of(487),
                new StunAttribute.ErrorCode(699, ""),
                new StunAttribute.UnknownAttributes(List.of(StunAttributeType.of(0x7777), StunAttributeType.of(0x0042))),
                new StunAttribute.ChannelNumber(0x4001),
                new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP),
                new StunAttribute.AddressFamily(StunAttributeType.REQUESTED_ADDRESS_FAMILY, 2),
                new StunAttribute.AddressFamily(StunAttributeType.ADDITIONAL_ADDRESS_FAMILY, 2),
                new StunAttribute.EvenPort(true),
                new StunAttribute.EvenPort(false),
                new StunAttribute.PasswordAlgorithmChoice(PasswordAlgorithm.SHA_256),
                new StunAttribute.PasswordAlgorithms(List.of(PasswordAlgorithm.SHA_256, PasswordAlgorithm.MD5,
                        new PasswordAlgorithm(0x1234, new byte[] {1, 2, 3}))),
                new StunAttribute.AddressErrorCode(2, 440, "Address Family not Supported"),
                new StunAttribute.Icmp(3, 13, 0x01020304),
                StunAttribute.data(new byte[] {1, 2, 3, 4, 5}),
                new StunAttribute.Opaque(StunAttributeType.USERHASH, new byte[32]),
                new StunAttribute.Opaque(StunAttributeType.RESERVATION_TOKEN, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                new StunAttribute.Opaque(StunAttributeType.GOOG_NETWORK_INFO, new byte[] {0, 1, 0, 10}),
                new StunAttribute.Opaque(StunAttributeType.of(0xC001), new byte[] {9, 9, 9}),
                new StunAttribute.Opaque(StunAttributeType.of(0x7001), new byte[0]));
    }

    @ParameterizedTest
    @MethodSource("attributes")
    void roundTripsInsideASignedMessage(StunAttribute attribute) throws Exception {
        TransactionId id = TransactionId.random(new Random(7));
        StunKey key = StunKey.shortTerm("a-24-character-password");
        byte[] wire = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, id)
                .add(attribute)
                .messageIntegrity(key)
                .fingerprint()
                .encode();

        StunMessage decoded = StunMessage.decode(wire, 0, wire.length);

        assertThat(decoded.attributes()).first().isEqualTo(attribute);
        assertThat(decoded.attribute(attribute.type())).contains(attribute);
        assertThat(decoded.transactionId()).isEqualTo(id);
        assertThat(decoded.isIntegrityValid(key)).isTrue();
        assertThat(decoded.isFingerprintValid()).isTrue();
        assertThat(decoded.toByteArray()).isEqualTo(wire);
    }

    @ParameterizedTest
    @MethodSource("attributes")
    void writerAndBuilderProduceTheSameBytes(StunAttribute attribute) {
        TransactionId id = TransactionId.random(new Random(8));
        byte[] fromBuilder = StunMessageBuilder.of(StunMessageType.BINDING_SUCCESS, id).add(attribute).fingerprint().encode();
        byte[] out = new byte[fromBuilder.length];
        int len = new StunWriter().begin(out, 0, StunMessageType.BINDING_SUCCESS, id).attribute(attribute).fingerprint().finish();
        assertThat(len).isEqualTo(fromBuilder.length);
        assertThat(out).isEqualTo(fromBuilder);
    }
}
