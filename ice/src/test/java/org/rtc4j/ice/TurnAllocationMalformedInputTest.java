package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtc4j.ice.TurnScriptedServer.PEER;
import static org.rtc4j.ice.TurnScriptedServer.T0;
import static org.rtc4j.ice.TurnScriptedServer.drainEvents;
import static org.rtc4j.ice.TurnScriptedServer.drainRequests;
import static org.rtc4j.ice.TurnScriptedServer.drainTransmits;
import static org.rtc4j.ice.TurnScriptedServer.onlyRequest;
import static org.rtc4j.ice.TurnScriptedServer.receive;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.TransactionId;

/**
 * Hostile and broken input from the network: every piece is dropped and counted, nothing is thrown,
 * and the allocation keeps working afterwards.
 */
class TurnAllocationMalformedInputTest {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private final TurnScriptedServer server = new TurnScriptedServer();
    private final TurnAllocation allocation = TurnScriptedServer.udpAllocation();

    /** Allocated with a confirmed channel 0x4000 to {@link TurnScriptedServer#PEER}. */
    private void allocateAndBind() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.bindChannel(T0, PEER);
        for (StunMessage r : drainRequests(allocation)) {
            receive(allocation, T0, server.success(r));
        }
        drainEvents(allocation);
    }

    /** The allocation still delivers data and relays after whatever the test threw at it. */
    private void assertStillWorks() {
        receive(allocation, T0, TurnScriptedServer.channelData(0x4000, new byte[] {42}, false));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Data(PEER, new byte[] {42}));
        assertThat(allocation.send(T0, PEER, new byte[] {1}, 0, 1)).isTrue();
        drainTransmits(allocation);
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.ALLOCATED);
    }

    @Test
    void garbageIsDroppedAndCounted() {
        allocateAndBind();
        Random random = new Random(1);
        long before = allocation.stats().droppedInput();
        int fed = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(120)];
            random.nextBytes(junk);
            // Half of them look like STUN or ChannelData at the first byte, to get past the classifier.
            if (junk.length > 0 && i % 2 == 0) {
                junk[0] = (byte) (i % 4 == 0 ? random.nextInt(4) : 0x40 | random.nextInt(16));
            }
            allocation.handleReceive(T0, junk, 0, junk.length);
            fed++;
        }
        assertThat(allocation.stats().droppedInput() - before).as("each one counted once").isEqualTo(fed);
        assertThat(drainEvents(allocation)).isEmpty();
        assertStillWorks();
    }

    @Test
    void truncatedChannelDataIsMalformed() {
        allocateAndBind();
        byte[] frame = TurnScriptedServer.channelData(0x4000, new byte[100], false);
        allocation.handleReceive(T0, frame, 0, 50);
        allocation.handleReceive(T0, frame, 0, 3);
        assertThat(allocation.stats().malformed()).isEqualTo(2);
        assertThat(drainEvents(allocation)).isEmpty();
        assertStillWorks();
    }

    @Test
    void channelDataOnAnUnknownChannelIsDropped() {
        allocateAndBind();
        receive(allocation, T0, TurnScriptedServer.channelData(0x4001, new byte[] {1}, false));
        receive(allocation, T0, TurnScriptedServer.channelData(0x4FFF, new byte[] {1}, false));
        assertThat(allocation.stats().droppedUnknownChannel()).isEqualTo(2);
        assertThat(drainEvents(allocation)).isEmpty();
        assertStillWorks();
    }

    @Test
    void dataFromAPeerWithoutPermissionIsDropped() {
        allocateAndBind();
        InetSocketAddress stranger = TurnScriptedServer.address("203.0.113.200", 5000);
        receive(allocation, T0, server.dataIndication(stranger, new byte[] {1, 2}));
        assertThat(allocation.stats().droppedNoPermission()).isEqualTo(1);
        assertThat(drainEvents(allocation)).isEmpty();
        assertStillWorks();
    }

    @Test
    void dataIndicationsWithoutPeerOrDataAreMalformed() {
        allocateAndBind();
        StunMessageType data = StunMessageType.of(StunClass.INDICATION, StunMethod.DATA);
        receive(allocation, T0, StunMessageBuilder.of(data, TransactionId.random(new Random(2)))
                .bytes(StunAttributeType.DATA, new byte[] {1}).encode());
        receive(allocation, T0, StunMessageBuilder.of(data, TransactionId.random(new Random(3)))
                .address(StunAttributeType.XOR_PEER_ADDRESS, PEER).encode());
        byte[] badFingerprint = StunMessageBuilder.of(data, TransactionId.random(new Random(4)))
                .address(StunAttributeType.XOR_PEER_ADDRESS, PEER).bytes(StunAttributeType.DATA, new byte[] {1}).fingerprint().encode();
        badFingerprint[badFingerprint.length - 1] ^= 1;
        receive(allocation, T0, badFingerprint);
        assertThat(allocation.stats().malformed()).isEqualTo(3);
        assertThat(drainEvents(allocation)).isEmpty();
        assertStillWorks();
    }

    @Test
    void aForgedSuccessFailsIntegrityAndIsDropped() {
        allocation.start(T0);
        receive(allocation, T0, server.challenge(onlyRequest(allocation)));
        StunMessage signed = onlyRequest(allocation);

        receive(allocation, T0, server.forgedSuccess(signed));
        byte[] unsigned = StunMessageBuilder.responseTo(signed, StunClass.SUCCESS_RESPONSE)
                .address(StunAttributeType.XOR_RELAYED_ADDRESS, TurnScriptedServer.address("192.0.2.66", 1)).encode();
        receive(allocation, T0, unsigned);
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.ALLOCATING);
        assertThat(allocation.stats().responsesRejected()).isEqualTo(2);
        assertThat(drainEvents(allocation)).isEmpty();

        // The genuine answer still completes the transaction.
        receive(allocation, T0, server.allocated(signed, TEN_MINUTES));
        assertThat(allocation.relayedAddress()).contains(TurnScriptedServer.RELAYED);
    }

    @Test
    void responsesToNothingAndRequestsFromTheServerAreDropped() {
        allocateAndBind();
        StunMessage madeUp = StunMessageBuilder.of(StunMessageType.of(StunClass.REQUEST, StunMethod.REFRESH),
                TransactionId.random(new Random(9))).build();
        receive(allocation, T0, server.success(madeUp));
        receive(allocation, T0, madeUp.toByteArray());
        receive(allocation, T0, StunMessageBuilder.of(StunMessageType.of(StunClass.INDICATION, StunMethod.SEND),
                TransactionId.random(new Random(10))).encode());
        assertThat(allocation.stats().responsesUnmatched()).isEqualTo(1);
        assertThat(allocation.stats().droppedUnexpected()).isEqualTo(2);
        assertStillWorks();
    }

    @Test
    void dataBeforeTheAllocationIsDropped() {
        receive(allocation, T0, TurnScriptedServer.channelData(0x4000, new byte[] {1}, false));
        receive(allocation, T0, server.dataIndication(PEER, new byte[] {1}));
        assertThat(allocation.stats().droppedUnexpected()).isEqualTo(2);
        assertThat(drainEvents(allocation)).isEmpty();
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.NEW);
    }

    @Test
    void theEventQueueBoundDropsDataNotControl() {
        TurnAllocation a = new TurnAllocation(TurnScriptedServer.SERVER, TurnServerUrl.Transport.UDP, "alice", "wonderland",
                new Random(1), TurnConfig.DEFAULT.withQueueLimits(4, 64));
        server.allocate(a, T0, TEN_MINUTES);
        a.createPermission(T0, PEER.getAddress());
        StunMessage create = onlyRequest(a);
        for (int i = 0; i < 10; i++) {
            receive(a, T0, server.dataIndication(PEER, new byte[] {(byte) i}));
        }
        receive(a, T0, server.success(create));
        List<TurnEvent> events = drainEvents(a);
        assertThat(events).hasSize(5).last().isEqualTo(new TurnEvent.PermissionCreated(PEER.getAddress()));
        assertThat(a.stats().droppedQueueFull()).isEqualTo(6);
    }

    @Test
    void mutatedValidMessagesNeverThrow() {
        allocateAndBind();
        List<byte[]> seeds = List.of(server.dataIndication(PEER, new byte[] {1, 2, 3, 4, 5}),
                TurnScriptedServer.channelData(0x4000, new byte[] {1, 2, 3}, false),
                server.refreshed(StunMessageBuilder.of(StunMessageType.of(StunClass.REQUEST, StunMethod.REFRESH),
                        TransactionId.random(new Random(5))).build(), TEN_MINUTES));
        Random random = new Random(11);
        for (int i = 0; i < 5000; i++) {
            byte[] seed = seeds.get(i % seeds.size());
            byte[] m = Arrays.copyOf(seed, random.nextInt(4) == 0 ? random.nextInt(seed.length + 8) : seed.length);
            for (int flips = 1 + random.nextInt(3); flips > 0 && m.length > 0; flips--) {
                m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
            }
            allocation.handleReceive(T0, m, 0, m.length);
        }
        drainEvents(allocation);
        assertStillWorks();
    }

    @Test
    void garbageOverTcpIsBoundedByTheReassemblyBuffer() {
        TurnAllocation a = new TurnAllocation(TurnScriptedServer.SERVER, TurnServerUrl.Transport.TCP, "alice", "wonderland",
                new Random(1));
        server.allocate(a, T0, TEN_MINUTES);
        // A header that declares the largest STUN message, then a trickle that never completes it.
        byte[] header = Arrays.copyOf(server.dataIndication(PEER, new byte[0]), StunMessage.HEADER_LENGTH);
        header[2] = (byte) 0xFF;
        header[3] = (byte) 0xFC;
        a.handleReceive(T0, header, 0, header.length);
        byte[] chunk = new byte[1000];
        for (int i = 0; i < 65; i++) {
            a.handleReceive(T0, chunk, 0, chunk.length);
        }
        assertThat(a.state()).isEqualTo(TurnAllocation.State.ALLOCATED);
        // 20 + 65000 bytes buffered, 532 still missing; the rest completes one malformed message.
        a.handleReceive(T0, chunk, 0, 532);
        assertThat(a.stats().malformed()).isEqualTo(1);
        assertThat(drainEvents(a)).isEmpty();
    }
}
