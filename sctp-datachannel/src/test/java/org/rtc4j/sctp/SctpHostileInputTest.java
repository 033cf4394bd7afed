package org.rtc4j.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed packets injected into an established association: each is dropped and
 * counted, nothing throws, and the association keeps delivering afterwards.
 */
class SctpHostileInputTest {
    private final SctpPair pair = new SctpPair(17, SimulatedLink.Conditions.of(5, 0, 0, 0, 0)).connectBoth();
    private final Crc32c crc = new Crc32c();

    /** A packet to B with B's own tag, as the peer would send it; the chunk list is the test's. */
    private byte[] toB(SctpChunk... chunks) {
        long tag = peerTagOf(pair.a);
        return new SctpPacket(5000, 5000, tag, List.of(chunks)).encode();
    }

    /** The TSN of the last DATA chunk {@link #peerTagOf} saw. */
    private long lastTsn;

    /** The tag the sender puts on its packets (the receiver's local tag), read from its next packet. */
    private long peerTagOf(SctpAssociation sender) {
        sender.send(pair.now(), 0, 51, new byte[] {1}, 0, 1, SendOptions.RELIABLE);
        byte[] p = sender.pollTransmit().orElseThrow();
        (sender == pair.a ? pair.b : pair.a).handleReceive(pair.now(), p, 0, p.length);
        try {
            for (SctpChunk c : SctpPacket.decode(p).chunks()) {
                if (c instanceof DataChunk d) {
                    lastTsn = d.tsn();
                }
            }
        } catch (SctpException e) {
            throw new AssertionError(e);
        }
        return SctpPacket.verificationTag(p, 0);
    }

    private void inject(byte[] packet) {
        pair.b.handleReceive(pair.now(), packet, 0, packet.length);
    }

    private void assertStillWorks() {
        int before = pair.messages(pair.eventsB).size();
        pair.a.send(pair.now(), 1, 51, "still here".getBytes(), 0, 10, SendOptions.RELIABLE);
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsB).stream().anyMatch(m -> m.streamId() == 1),
                Duration.ofSeconds(10))).as("delivers after the hostile input").isTrue();
        assertThat(pair.messages(pair.eventsB).size()).isGreaterThan(before);
        assertThat(pair.b.state()).isEqualTo(SctpState.ESTABLISHED);
    }

    @Test
    void garbageAndTruncatedPackets() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(0, 300)];
            random.nextBytes(junk);
            inject(junk);
        }
        byte[] good = toB(new DataChunk(3, 12345, 0, 0, 51, new byte[] {1, 2, 3}));
        for (int len = 0; len < good.length; len++) {
            pair.b.handleReceive(pair.now(), Arrays.copyOf(good, len), 0, len);
        }
        assertThat(pair.b.stats().droppedMalformed() + pair.b.stats().droppedChecksum()).isGreaterThan(1500);
        assertStillWorks();
    }

    @Test
    void badChecksumIsDropped() {
        SctpPair strict = new SctpPair(19, SctpConfig.DEFAULT.withZeroChecksum(false), SctpConfig.DEFAULT.withZeroChecksum(false),
                SimulatedLink.Conditions.PERFECT).connectBoth();
        strict.a.send(strict.now(), 0, 51, new byte[] {9}, 0, 1, SendOptions.RELIABLE);
        byte[] p = strict.a.pollTransmit().orElseThrow();
        p[p.length - 1] ^= 1;
        strict.b.handleReceive(strict.now(), p, 0, p.length);
        assertThat(strict.b.stats().droppedChecksum()).isEqualTo(1);
        assertThat(strict.b.pollEvent()).isEmpty();
    }

    @Test
    void zeroChecksumIsRefusedWhenNotOffered() {
        SctpPair strict = new SctpPair(23, SctpConfig.DEFAULT.withZeroChecksum(false), SctpConfig.DEFAULT,
                SimulatedLink.Conditions.PERFECT).connectBoth();
        assertThat(strict.b.zeroChecksumInUse()).isFalse();
        strict.b.send(strict.now(), 0, 51, new byte[] {9}, 0, 1, SendOptions.RELIABLE);
        byte[] p = strict.b.pollTransmit().orElseThrow();
        assertThat(Crc32c.readField(p, 0)).isNotZero();
        Crc32c.writeField(p, 0, 0);
        strict.a.handleReceive(strict.now(), p, 0, p.length);
        assertThat(strict.a.stats().droppedChecksum()).isEqualTo(1);
    }

    @Test
    void wrongVerificationTagIsDropped() {
        long tag = peerTagOf(pair.a);
        byte[] p = new SctpPacket(5000, 5000, tag ^ 1, List.of(new DataChunk(3, 1, 0, 0, 51, new byte[] {1}))).encode();
        long before = pair.b.stats().droppedTag();
        inject(p);
        assertThat(pair.b.stats().droppedTag()).isEqualTo(before + 1);
        // An ABORT with the wrong tag does not end the association.
        inject(new SctpPacket(5000, 5000, tag ^ 1, List.of(new ParameterChunk(SctpChunk.ABORT, 0, List.of()))).encode());
        inject(new SctpPacket(5000, 5000, tag, List.of(new ParameterChunk(SctpChunk.ABORT, 1, List.of()))).encode());
        assertStillWorks();
    }

    @Test
    void tsnsFarOutsideTheWindowAreNotKept() {
        long tag = peerTagOf(pair.a);
        for (int i = 0; i < 100; i++) {
            long far = (0x40000000L * (i % 4) + 1_000_000 + i) & 0xFFFFFFFFL;
            inject(new SctpPacket(5000, 5000, tag, List.of(new DataChunk(3, far, 0, i, 51, new byte[1000]))).encode());
        }
        assertThat(pair.b.stats().droppedOutOfWindow() + pair.b.stats().duplicateTsns()).isGreaterThanOrEqualTo(100);
        assertStillWorks();
    }

    @Test
    void aFloodAboveAGapCannotExceedTheWindow() {
        long tag = peerTagOf(pair.a);
        pair.drain();
        // Fill TSNs above a hole the sender never sends: at most the window in bytes is kept.
        for (int i = 0; i < 3000; i++) {
            inject(toBWithTag(tag, new DataChunk(2, (lastTsn + 3 + i) & 0xFFFFFFFFL, 0, 7, 51, new byte[1100])));
        }
        assertThat(pair.b.stats().droppedOutOfWindow()).as("about 2100 of 3000 do not fit 1 MiB").isGreaterThan(2000);
        assertStillWorks();
    }

    private byte[] toBWithTag(long tag, SctpChunk chunk) {
        return new SctpPacket(5000, 5000, tag, List.of(chunk)).encode();
    }

    @Test
    void dataOnAStreamThatDoesNotExistIsDropped() {
        SctpConfig few = SctpConfig.DEFAULT;
        assertThat(few.inboundStreams()).isEqualTo(65535);
        long tag = peerTagOf(pair.a);
        long before = pair.b.stats().droppedMalformed();
        inject(toBWithTag(tag, new DataChunk(3, 0, 65535, 0, 51, new byte[] {1})));
        assertThat(pair.b.stats().droppedMalformed()).isEqualTo(before + 1);
        assertStillWorks();
    }

    @Test
    void forgedSackAckingUnsentDataIsIgnored() {
        long tag = peerTagOf(pair.a);
        // To A: a SACK for TSNs A never sent.
        long aTag = peerTagOf(pair.b);
        byte[] sack = new SctpPacket(5000, 5000, aTag, List.of(new SackChunk(0, 0xFFFFFFF0L, 1 << 20,
                List.of(new SackChunk.GapAckBlock(2, 65535)), List.of(1L, 2L)))).encode();
        pair.a.handleReceive(pair.now(), sack, 0, sack.length);
        assertThat(pair.a.stats().droppedMalformed()).isGreaterThan(0);
        assertThat(tag).isNotZero();
        assertStillWorks();
    }

    @Test
    void tamperedAndStaleCookiesCreateNothing() {
        SctpAssociation server = new SctpAssociation(SctpConfig.DEFAULT, new SplittableRandom(3));
        SctpAssociation client = new SctpAssociation(SctpConfig.DEFAULT, new SplittableRandom(4));
        client.connect(pair.now());
        byte[] init = client.pollTransmit().orElseThrow();
        server.handleReceive(pair.now(), init, 0, init.length);
        byte[] initAck = server.pollTransmit().orElseThrow();
        client.handleReceive(pair.now(), initAck, 0, initAck.length);
        byte[] cookieEcho = client.pollTransmit().orElseThrow();
        byte[] tampered = cookieEcho.clone();
        tampered[30] ^= 1;
        new Crc32c().stamp(tampered, 0, tampered.length);
        server.handleReceive(pair.now(), tampered, 0, tampered.length);
        assertThat(server.state()).isEqualTo(SctpState.CLOSED);
        server.handleReceive(pair.now().plus(Duration.ofMinutes(2)), cookieEcho, 0, cookieEcho.length);
        assertThat(server.state()).as("stale cookie").isEqualTo(SctpState.CLOSED);
        assertThat(server.stats().droppedTag()).isEqualTo(2);
    }

    @Test
    void initWithZeroTagOrExtraChunksIsDropped() {
        InitChunk zeroTag = new InitChunk(SctpChunk.INIT, 0, 0, 100000, 10, 10, 1, List.of());
        inject(new SctpPacket(5000, 5000, 0, List.of(zeroTag)).encode());
        InitChunk init = new InitChunk(SctpChunk.INIT, 0, 77, 100000, 10, 10, 1, List.of());
        inject(new SctpPacket(5000, 5000, 0, List.of(init, RawChunk.empty(SctpChunk.COOKIE_ACK, 0))).encode());
        inject(new SctpPacket(5000, 5000, 5, List.of(init)).encode());
        assertThat(pair.b.stats().droppedMalformed() + pair.b.stats().droppedTag()).isGreaterThanOrEqualTo(3);
        assertStillWorks();
    }

    @Test
    void wrongPortsAreDropped() {
        long tag = peerTagOf(pair.a);
        byte[] p = new SctpPacket(5001, 5000, tag, List.of(new DataChunk(3, 1, 0, 0, 51, new byte[] {1}))).encode();
        long before = pair.b.stats().droppedTag();
        inject(p);
        assertThat(pair.b.stats().droppedTag()).isEqualTo(before + 1);
    }

    @Test
    void unknownChunkTypesFollowTheirHighBits() {
        long tag = peerTagOf(pair.a);
        // 0x40-type: stop processing; 0xC0-type: skip and go on.
        inject(toBWithTagChunks(tag, new RawChunk(0x7F, 0, new byte[] {1, 2}), RawChunk.empty(SctpChunk.COOKIE_ACK, 0)));
        inject(toBWithTagChunks(tag, new RawChunk(0xFE, 0, new byte[] {1, 2}), RawChunk.empty(SctpChunk.PAD, 0)));
        assertStillWorks();
    }

    private byte[] toBWithTagChunks(long tag, SctpChunk... chunks) {
        return new SctpPacket(5000, 5000, tag, List.of(chunks)).encode();
    }

    @Test
    void timeGoingBackwardsIsIgnored() {
        pair.a.handleTimeout(pair.now().minus(Duration.ofHours(1)));
        pair.a.send(pair.now().minus(Duration.ofHours(1)), 0, 51, new byte[] {1}, 0, 1, SendOptions.RELIABLE);
        assertStillWorks();
    }
}
