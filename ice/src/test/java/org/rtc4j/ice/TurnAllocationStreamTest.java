package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtc4j.ice.TurnScriptedServer.MAPPED;
import static org.rtc4j.ice.TurnScriptedServer.PEER;
import static org.rtc4j.ice.TurnScriptedServer.RELAYED;
import static org.rtc4j.ice.TurnScriptedServer.T0;
import static org.rtc4j.ice.TurnScriptedServer.drainEvents;
import static org.rtc4j.ice.TurnScriptedServer.drainRequests;
import static org.rtc4j.ice.TurnScriptedServer.drainTransmits;
import static org.rtc4j.ice.TurnScriptedServer.onlyRequest;
import static org.rtc4j.ice.TurnScriptedServer.receive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMethod;

/** {@link TurnAllocation} over TCP and TLS: the server's byte stream arrives cut anywhere. */
class TurnAllocationStreamTest {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private final TurnScriptedServer server = new TurnScriptedServer();

    private static TurnAllocation tcpAllocation() {
        return new TurnAllocation(TurnScriptedServer.SERVER, TurnServerUrl.Transport.TCP, "alice", "wonderland", new Random(1));
    }

    /** Allocates, with permission and channel for {@link TurnScriptedServer#PEER}, answers fed whole. */
    private TurnAllocation boundOverTcp() {
        TurnAllocation a = tcpAllocation();
        server.allocate(a, T0, TEN_MINUTES);
        a.bindChannel(T0, PEER);
        for (StunMessage r : drainRequests(a)) {
            receive(a, T0, server.success(r));
        }
        drainEvents(a);
        return a;
    }

    @Test
    void channelDataIsPaddedToFourBytesOnTcpAndTls() {
        TurnAllocation a = boundOverTcp();
        byte[] five = "hello".getBytes(StandardCharsets.US_ASCII);
        assertThat(a.send(T0, PEER, five, 0, five.length)).isTrue();
        byte[] frame = a.pollTransmit().orElseThrow();
        assertThat(frame).hasSize(4 + 8).isEqualTo(TurnScriptedServer.channelData(0x4000, five, true));
        assertThat(frame[2] << 8 | frame[3]).as("the length leaves the padding out").isEqualTo(5);
    }

    @Test
    void theWholeConversationSurvivesAnySplitOfTheStream() {
        // Record what a server says over a whole session: the challenge, the allocation, the
        // permission and binding, then data both ways of framing.
        TurnAllocation recorder = tcpAllocation();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        recorder.start(T0);
        recorder.bindChannel(T0, PEER);
        StunMessage first = onlyRequest(recorder);
        byte[] challenge = server.challenge(first);
        stream.writeBytes(challenge);
        receive(recorder, T0, challenge);
        byte[] allocated = server.allocated(onlyRequest(recorder), TEN_MINUTES);
        stream.writeBytes(allocated);
        receive(recorder, T0, allocated);
        for (StunMessage r : drainRequests(recorder)) {
            byte[] ok = server.success(r);
            stream.writeBytes(ok);
            receive(recorder, T0, ok);
        }
        for (int i = 0; i < 20; i++) {
            byte[] data = new byte[i * 7 % 13];
            java.util.Arrays.fill(data, (byte) i);
            stream.writeBytes(i % 2 == 0 ? server.dataIndication(PEER, data) : TurnScriptedServer.channelData(0x4000, data, true));
        }
        byte[] all = stream.toByteArray();

        List<TurnEvent> expected = replay(all, new int[] {all.length});
        assertThat(expected).hasSize(3 + 20);
        assertThat(expected.get(0)).isEqualTo(new TurnEvent.Allocated(RELAYED, MAPPED, TEN_MINUTES));

        // One byte at a time, then random cuts, then everything at once: the same events each time.
        int[] bytewise = new int[all.length];
        java.util.Arrays.fill(bytewise, 1);
        assertThat(replay(all, bytewise)).isEqualTo(expected);
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            List<Integer> cuts = new ArrayList<>();
            for (int left = all.length; left > 0; ) {
                int n = Math.min(left, 1 + random.nextInt(run % 2 == 0 ? 8 : 200));
                cuts.add(n);
                left -= n;
            }
            assertThat(replay(all, cuts.stream().mapToInt(Integer::intValue).toArray())).isEqualTo(expected);
        }
    }

    /**
     * Plays a recorded server stream to a fresh allocation in chunks of the given sizes: the recording
     * holds the answers, and the same random and the same calls make the same requests. The channel is
     * asked for before the allocation exists, so its requests go out the moment the Allocate succeeds,
     * before the frames that answer them are read.
     */
    private List<TurnEvent> replay(byte[] stream, int[] chunks) {
        TurnAllocation a = tcpAllocation();
        a.start(T0);
        a.bindChannel(T0, PEER);
        int pos = 0;
        for (int n : chunks) {
            a.handleReceive(T0, stream, pos, n);
            pos += n;
        }
        drainTransmits(a);
        assertThat(a.stats().droppedInput()).isZero();
        return drainEvents(a);
    }

    @Test
    void aRequestOverTcpIsSentOnceAndTimesOutAfterTi() {
        TurnAllocation a = tcpAllocation();
        a.start(T0);
        assertThat(drainTransmits(a)).hasSize(1);
        assertThat(a.pollTimeout()).contains(T0.plusMillis(39_500));
        a.handleTimeout(T0.plusMillis(39_499));
        assertThat(drainTransmits(a)).isEmpty();
        a.handleTimeout(T0.plusMillis(39_500));
        assertThat(drainTransmits(a)).as("no retransmission on a reliable transport").isEmpty();
        assertThat(drainEvents(a)).containsExactly(new TurnEvent.Failed("Allocate timed out", 0));
    }

    @Test
    void aStreamThatIsNeitherStunNorChannelDataFailsTheAllocation() {
        TurnAllocation a = boundOverTcp();
        // A TLS alert record, as a server that speaks TLS on this port would send.
        byte[] tls = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
        a.handleReceive(T0, tls, 0, tls.length);

        assertThat(a.state()).isEqualTo(TurnAllocation.State.FAILED);
        assertThat(drainEvents(a)).singleElement().isInstanceOfSatisfying(TurnEvent.Failed.class,
                f -> assertThat(f.reason()).contains("out of sync"));
        assertThat(a.stats().malformed()).isEqualTo(1);
        // Nothing else is read from a stream that cannot be framed again.
        byte[] more = TurnScriptedServer.channelData(0x4000, new byte[] {1}, true);
        a.handleReceive(T0, more, 0, more.length);
        assertThat(drainEvents(a)).isEmpty();
    }

    @Test
    void theLargestFramesFitTheReassemblyBuffer() {
        TurnAllocation a = boundOverTcp();
        byte[] big = new byte[0xFFFF];
        new Random(3).nextBytes(big);
        byte[] frame = TurnScriptedServer.channelData(0x4000, big, true);
        byte[] twice = new byte[frame.length * 2];
        System.arraycopy(frame, 0, twice, 0, frame.length);
        System.arraycopy(frame, 0, twice, frame.length, frame.length);
        a.handleReceive(T0, twice, 0, twice.length);

        assertThat(drainEvents(a)).containsExactly(new TurnEvent.Data(PEER, big), new TurnEvent.Data(PEER, big));
        assertThat(TurnStreamReassembler.CAPACITY).isEqualTo(StunMessage.MAX_LENGTH);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aStunLengthPastTheBufferBoundFailsTheStreamInsteadOfStalling() {
        TurnAllocation a = boundOverTcp();
        // A STUN header declaring 0xFFFF bytes: 65555 in all, 3 more than the reassembly buffer holds.
        byte[] hostile = new byte[TurnStreamReassembler.CAPACITY + 64];
        hostile[0] = 0x01;
        hostile[2] = (byte) 0xFF;
        hostile[3] = (byte) 0xFF;
        for (int off = 0; off < hostile.length; off += 1000) {
            a.handleReceive(T0, hostile, off, Math.min(1000, hostile.length - off));
        }
        assertThat(a.state()).isEqualTo(TurnAllocation.State.FAILED);
        assertThat(a.stats().malformed()).isEqualTo(1);
    }

    @Test
    void aFrameCutShortWaitsForTheRest() {
        TurnAllocation a = boundOverTcp();
        byte[] frame = TurnScriptedServer.channelData(0x4000, new byte[] {1, 2, 3}, true);
        a.handleReceive(T0, frame, 0, 3);
        a.handleReceive(T0, frame, 3, 4);
        assertThat(drainEvents(a)).isEmpty();
        a.handleReceive(T0, frame, 7, 1);
        assertThat(drainEvents(a)).containsExactly(new TurnEvent.Data(PEER, new byte[] {1, 2, 3}));
        assertThat(onlyRequestOrNone(a)).isNull();
    }

    private static StunMessage onlyRequestOrNone(TurnAllocation a) {
        List<StunMessage> r = drainRequests(a);
        return r.isEmpty() ? null : r.get(0);
    }

    @Test
    void tlsFramesLikeTcp() {
        TurnAllocation a = new TurnAllocation(TurnScriptedServer.SERVER, TurnServerUrl.Transport.TLS, "alice", "wonderland",
                new Random(1));
        server.allocate(a, T0, TEN_MINUTES);
        a.createPermission(T0, PEER.getAddress());
        StunMessage create = onlyRequest(a);
        assertThat(create.method()).isEqualTo(StunMethod.CREATE_PERMISSION);
        byte[] ok = server.success(create);
        byte[] data = server.dataIndication(PEER, new byte[] {9});
        byte[] both = new byte[ok.length + data.length];
        System.arraycopy(ok, 0, both, 0, ok.length);
        System.arraycopy(data, 0, both, ok.length, data.length);
        a.handleReceive(T0, both, 0, both.length);
        assertThat(drainEvents(a)).containsExactly(new TurnEvent.PermissionCreated(PEER.getAddress()),
                new TurnEvent.Data(PEER, new byte[] {9}));
    }
}
