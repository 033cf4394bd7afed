package org.rtc4j.ice.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtc4j.ice.sim.NetTestSupport.T0;
import static org.rtc4j.ice.sim.NetTestSupport.ip;
import static org.rtc4j.ice.sim.NetTestSupport.sock;

import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.LongTermCredential;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunErrorCodes;
import org.rtc4j.stun.StunException;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.TransactionId;
import org.rtc4j.stun.Transmit;

/** SimTurnServer driven by hand, datagram by datagram, as a sans-IO layer is. */
class SimTurnServerProtocolTest {
    private static final InetSocketAddress LISTEN = sock("198.51.100.10", 3478);
    private static final InetSocketAddress CLIENT = sock("198.51.100.30", 5000);

    private final SimTurnServer turn = SimTurnServer.builder(LISTEN, ip("198.51.100.11")).user("alice", "wonderland").build();
    private final Random random = new Random(9);

    private StunMessageBuilder request(StunMethod method) {
        return StunMessageBuilder.of(StunMessageType.of(StunClass.REQUEST, method), TransactionId.random(random));
    }

    private StunMessage exchange(StunMessage request) throws StunException {
        turn.handleReceive(T0, new Datagram(CLIENT, LISTEN, request.toByteArray()));
        Transmit t = turn.pollTransmit().orElseThrow();
        assertThat(t.source()).isEqualTo(LISTEN);
        assertThat(t.destination()).isEqualTo(CLIENT);
        assertThat(turn.pollTransmit()).isEmpty();
        return StunMessage.decode(t.data(), 0, t.data().length);
    }

    private static int error(StunMessage response) {
        return response.errorCode().map(StunAttribute.ErrorCode::code).orElse(0);
    }

    @Test
    void aRetransmittedAllocateGetsTheSameAnswer() throws Exception {
        LongTermCredential credential = new LongTermCredential("alice", "wonderland");
        StunMessage challenge = exchange(request(StunMethod.ALLOCATE).add(new StunAttribute.RequestedTransport(17)).build());
        assertThat(error(challenge)).isEqualTo(StunErrorCodes.UNAUTHENTICATED);
        assertThat(credential.handleChallenge(challenge)).isTrue();

        StunMessage allocate = credential.sign(request(StunMethod.ALLOCATE).add(new StunAttribute.RequestedTransport(17)))
                .fingerprint().build();
        StunMessage first = exchange(allocate);
        StunMessage again = exchange(allocate);

        assertThat(first.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(first.isIntegrityValid(credential.key().orElseThrow())).isTrue();
        assertThat(first.hasFingerprint()).isTrue(); // mirrored, as the request had one
        assertThat(again.address(StunAttributeType.XOR_RELAYED_ADDRESS)).isEqualTo(first.address(StunAttributeType.XOR_RELAYED_ADDRESS))
                .contains(sock("198.51.100.11", 49152));
        assertThat(first.mappedAddress()).contains(CLIENT);
        assertThat(first.uint32(StunAttributeType.LIFETIME)).hasValue(600);
        assertThat(turn.allocationCount()).isEqualTo(1);
        assertThat(turn.pollTimeout()).contains(T0.plus(SimTurnServer.DEFAULT_LIFETIME));
    }

    @Test
    void bindingNeedsNoCredentials() throws Exception {
        StunMessage response = exchange(request(StunMethod.BINDING).build());
        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(response.mappedAddress()).contains(CLIENT);
    }

    @Test
    void unknownMethodsAndAttributesAreRefused() throws Exception {
        assertThat(error(exchange(request(StunMethod.of(0x0B)).build()))).isEqualTo(StunErrorCodes.BAD_REQUEST);
        StunMessage unknown = exchange(request(StunMethod.ALLOCATE)
                .add(new StunAttribute.Opaque(StunAttributeType.of(0x7777), new byte[4])).build());
        assertThat(error(unknown)).isEqualTo(StunErrorCodes.UNKNOWN_ATTRIBUTE);
        assertThat(unknown.attribute(StunAttributeType.UNKNOWN_ATTRIBUTES))
                .contains(new StunAttribute.UnknownAttributes(java.util.List.of(StunAttributeType.of(0x7777))));
    }

    @Test
    void garbageAndStrayDatagramsAreDroppedAndCounted() {
        turn.handleReceive(T0, new Datagram(CLIENT, LISTEN, new byte[] {(byte) 0x80, 1, 2, 3}));
        turn.handleReceive(T0, new Datagram(CLIENT, LISTEN, new byte[] {0x40, 0x00, 0x00, 0x10}));
        turn.handleReceive(T0, new Datagram(CLIENT, sock("198.51.100.11", 50000), new byte[] {1}));
        turn.handleReceive(T0, new Datagram(CLIENT, LISTEN, new byte[] {0x40, 0x00, 0x00, 0x01, 9}));
        assertThat(turn.pollTransmit()).isEmpty();
        TurnServerStats s = turn.stats();
        assertThat(s.malformed()).isEqualTo(2);
        assertThat(s.ignored()).isEqualTo(1);
        assertThat(s.droppedNoAllocation()).isEqualTo(1);
    }
}
