package org.rtc4j.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partial reliability, unordered delivery, stream resets, flow control, shutdown, abort and failure. */
class SctpAssociationFeaturesTest {
    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    @Test
    void onlyOneSideConnects() {
        SctpPair pair = new SctpPair(3, SimulatedLink.Conditions.PERFECT);
        pair.a.connect(pair.now());
        assertThat(pair.runUntil(() -> pair.a.state() == SctpState.ESTABLISHED && pair.b.state() == SctpState.ESTABLISHED,
                Duration.ofSeconds(5))).isTrue();
        pair.b.send(pair.now(), 0, 51, bytes(3, 0), 0, 3, SendOptions.RELIABLE);
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsA).size() == 1, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void setupSurvivesLostInitAndCookie() {
        SctpPair pair = new SctpPair(11, SimulatedLink.Conditions.of(50, 0, 0.5, 0, 0));
        pair.a.connect(pair.now());
        pair.b.connect(pair.now());
        assertThat(pair.runUntil(() -> pair.a.state() == SctpState.ESTABLISHED && pair.b.state() == SctpState.ESTABLISHED,
                Duration.ofMinutes(2))).isTrue();
    }

    @Test
    void messagesOfOneByteAndMaxSize() {
        SctpPair pair = new SctpPair(5, SimulatedLink.Conditions.of(10, 2, 0.01, 0, 0)).connectBoth();
        byte[] big = bytes(256 * 1024, 9);
        pair.a.send(pair.now(), 0, 53, new byte[] {42}, 0, 1, SendOptions.RELIABLE);
        pair.a.send(pair.now(), 0, 53, big, 0, big.length, SendOptions.RELIABLE);
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsB).size() == 2, Duration.ofMinutes(1))).isTrue();
        assertThat(pair.messages(pair.eventsB).get(0).data()).containsExactly(42);
        assertThat(pair.messages(pair.eventsB).get(1).data()).isEqualTo(big);
        assertThatThrownBy(() -> pair.a.send(pair.now(), 0, 53, new byte[256 * 1024 + 1], 0, 256 * 1024 + 1, SendOptions.RELIABLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-message-size");
        assertThatThrownBy(() -> pair.a.send(pair.now(), 0, 53, new byte[0], 0, 0, SendOptions.RELIABLE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unorderedMessagesAllArriveOverLoss() {
        SctpPair pair = new SctpPair(21, SimulatedLink.Conditions.of(30, 30, 0.1, 0.05, 0)).connectBoth();
        SendOptions unordered = new SendOptions(true, -1, -1);
        for (int i = 0; i < 200; i++) {
            pair.a.send(pair.now(), 4, 53, bytes(100 + i, i), 0, 100 + i, unordered);
        }
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsB).size() == 200, Duration.ofMinutes(2))).isTrue();
        assertThat(pair.messages(pair.eventsB)).allMatch(SctpEvent.Message::unordered);
        assertThat(pair.messages(pair.eventsB).stream().map(m -> m.data().length).distinct().count()).isEqualTo(200);
    }

    @Test
    void partialReliabilityGivesUpAndLaterMessagesFlow() {
        SctpPair pair = new SctpPair(33, SimulatedLink.Conditions.of(20, 0, 0, 0, 0)).connectBoth();
        SendOptions noRetransmits = new SendOptions(false, 0, -1);
        pair.link.setConditions(SimulatedLink.Conditions.of(20, 0, 0.3, 0, 0));
        for (int i = 0; i < 100; i++) {
            pair.a.send(pair.now(), 2, 53, bytes(3000, i), 0, 3000, noRetransmits);
        }
        pair.runFor(Duration.ofSeconds(10));
        pair.link.setConditions(SimulatedLink.Conditions.of(20, 0, 0, 0, 0));
        pair.a.send(pair.now(), 2, 51, bytes(10, 77), 0, 10, SendOptions.RELIABLE);
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsB).stream().anyMatch(m -> m.ppid() == 51),
                Duration.ofSeconds(30))).isTrue();
        int delivered = pair.messages(pair.eventsB).size() - 1;
        assertThat(delivered).isBetween(20, 99);
        assertThat(pair.a.stats().abandonedMessages()).isGreaterThan(0);
        assertThat(pair.a.stats().retransmissions()).isZero();
        // What arrived, arrived in order and intact.
        int last = -1;
        for (SctpEvent.Message m : pair.messages(pair.eventsB)) {
            if (m.ppid() == 53) {
                int i = ((m.data()[0] & 0xFF)) % 256;
                assertThat(m.data()).hasSize(3000);
                assertThat(i).isNotEqualTo(last);
                last = i;
            }
        }
    }

    @Test
    void lifetimeLimitedMessagesExpire() {
        SctpPair pair = new SctpPair(35, SimulatedLink.Conditions.of(50, 0, 0, 0, 0)).connectBoth();
        pair.link.setBlocked(true);
        SendOptions shortLived = new SendOptions(true, -1, 100);
        for (int i = 0; i < 50; i++) {
            pair.a.send(pair.now(), 0, 53, bytes(1000, i), 0, 1000, shortLived);
        }
        pair.runFor(Duration.ofSeconds(3));
        pair.link.setBlocked(false);
        pair.a.send(pair.now(), 0, 51, bytes(5, 1), 0, 5, SendOptions.RELIABLE);
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsB).stream().anyMatch(m -> m.ppid() == 51),
                Duration.ofSeconds(60))).isTrue();
        assertThat(pair.messages(pair.eventsB)).hasSize(1);
        assertThat(pair.a.stats().abandonedMessages()).isEqualTo(50);
    }

    @Test
    void streamResetClosesBothDirectionsAndRestartsSequenceNumbers() {
        SctpPair pair = new SctpPair(41, SimulatedLink.Conditions.of(10, 0, 0, 0, 0)).connectBoth();
        pair.a.send(pair.now(), 6, 51, bytes(10, 1), 0, 10, SendOptions.RELIABLE);
        pair.a.send(pair.now(), 6, 51, bytes(10, 2), 0, 10, SendOptions.RELIABLE);
        pair.a.resetStreams(pair.now(), 6);
        assertThatThrownBy(() -> pair.a.send(pair.now(), 6, 51, bytes(1, 0), 0, 1, SendOptions.RELIABLE))
                .isInstanceOf(IllegalStateException.class);
        assertThat(pair.runUntil(() -> !SctpPair.of(pair.eventsA, SctpEvent.OutgoingStreamsReset.class).isEmpty(),
                Duration.ofSeconds(5))).isTrue();
        List<SctpEvent.IncomingStreamsReset> incoming = SctpPair.of(pair.eventsB, SctpEvent.IncomingStreamsReset.class);
        assertThat(incoming).hasSize(1);
        assertThat(incoming.get(0).streams()).containsExactly(6);
        // Both messages were delivered before the reset took effect.
        assertThat(pair.messages(pair.eventsB)).hasSize(2);
        // The peer closes its side too; then the stream is reusable from SSN 0.
        pair.b.resetStreams(pair.now(), 6);
        assertThat(pair.runUntil(() -> !SctpPair.of(pair.eventsB, SctpEvent.OutgoingStreamsReset.class).isEmpty(),
                Duration.ofSeconds(5))).isTrue();
        pair.a.send(pair.now(), 6, 51, bytes(4, 3), 0, 4, SendOptions.RELIABLE);
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsB).size() == 3, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void streamResetWaitsForDataUnderLoss() {
        SctpPair pair = new SctpPair(43, SimulatedLink.Conditions.of(30, 10, 0.2, 0, 0)).connectBoth();
        for (int i = 0; i < 50; i++) {
            pair.a.send(pair.now(), 8, 53, bytes(2000, i), 0, 2000, SendOptions.RELIABLE);
        }
        pair.a.resetStreams(pair.now(), 8);
        assertThat(pair.runUntil(() -> !SctpPair.of(pair.eventsA, SctpEvent.OutgoingStreamsReset.class).isEmpty(),
                Duration.ofMinutes(2))).isTrue();
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsB).size() == 50, Duration.ofMinutes(1))).isTrue();
        assertThat(SctpPair.of(pair.eventsB, SctpEvent.IncomingStreamsReset.class)).hasSize(1);
        int resetIndex = pair.eventsB.indexOf(SctpPair.of(pair.eventsB, SctpEvent.IncomingStreamsReset.class).get(0));
        int lastMessage = pair.eventsB.lastIndexOf(pair.messages(pair.eventsB).get(49));
        assertThat(resetIndex).as("the reset comes after the stream's data").isGreaterThan(lastMessage);
    }

    @Test
    void aReceiverThatDoesNotDrainHoldsTheSenderBack() {
        SctpConfig small = SctpConfig.DEFAULT.withMessageSizes(64 * 1024, 64 * 1024).withReceiveWindow(128 * 1024);
        SctpPair pair = new SctpPair(51, small, small, SimulatedLink.Conditions.of(5, 0, 0, 0, 0)).connectBoth();
        pair.drainB = false;
        for (int i = 0; i < 100; i++) {
            pair.a.send(pair.now(), 0, 53, bytes(10_000, i), 0, 10_000, SendOptions.RELIABLE);
        }
        pair.runFor(Duration.ofSeconds(10));
        assertThat(pair.a.bufferedAmount(0)).as("the window stopped the sender").isGreaterThan(500_000);
        pair.drainB = true;
        assertThat(pair.runUntil(() -> pair.messages(pair.eventsB).size() == 100, Duration.ofMinutes(1))).isTrue();
        assertThat(pair.a.bufferedAmount(0)).isZero();
    }

    @Test
    void bufferedAmountLowFiresWhenTheQueueDrains() {
        SctpPair pair = new SctpPair(53, SimulatedLink.Conditions.of(10, 0, 0, 0, 0)).connectBoth();
        pair.a.setBufferedAmountLowThreshold(3, 16 * 1024);
        for (int i = 0; i < 20; i++) {
            pair.a.send(pair.now(), 3, 53, bytes(16 * 1024, i), 0, 16 * 1024, SendOptions.RELIABLE);
        }
        assertThat(pair.a.bufferedAmount(3)).isEqualTo(20 * 16 * 1024);
        assertThat(pair.runUntil(() -> !SctpPair.of(pair.eventsA, SctpEvent.BufferedAmountLow.class).isEmpty(),
                Duration.ofSeconds(10))).isTrue();
        assertThat(pair.a.bufferedAmount(3)).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void gracefulShutdownDeliversEverythingFirst() {
        SctpPair pair = new SctpPair(61, SimulatedLink.Conditions.of(20, 5, 0.05, 0, 0)).connectBoth();
        for (int i = 0; i < 30; i++) {
            pair.a.send(pair.now(), 1, 53, bytes(5000, i), 0, 5000, SendOptions.RELIABLE);
        }
        pair.a.shutdown(pair.now());
        assertThat(pair.runUntil(() -> pair.a.state() == SctpState.CLOSED && pair.b.state() == SctpState.CLOSED,
                Duration.ofMinutes(1))).isTrue();
        assertThat(pair.messages(pair.eventsB)).hasSize(30);
        assertThat(SctpPair.of(pair.eventsA, SctpEvent.Closed.class)).singleElement()
                .extracting(SctpEvent.Closed::kind).isEqualTo(SctpEvent.CloseKind.SHUTDOWN);
        assertThat(SctpPair.of(pair.eventsB, SctpEvent.Closed.class)).singleElement()
                .extracting(SctpEvent.Closed::kind).isEqualTo(SctpEvent.CloseKind.SHUTDOWN);
    }

    @Test
    void abortReachesThePeerWithItsReason() {
        SctpPair pair = new SctpPair(63, SimulatedLink.Conditions.of(5, 0, 0, 0, 0)).connectBoth();
        pair.a.abort(pair.now(), "bye");
        assertThat(pair.runUntil(() -> pair.b.state() == SctpState.CLOSED, Duration.ofSeconds(5))).isTrue();
        SctpEvent.Closed closed = SctpPair.of(pair.eventsB, SctpEvent.Closed.class).get(0);
        assertThat(closed.kind()).isEqualTo(SctpEvent.CloseKind.ABORTED_BY_PEER);
        assertThat(closed.reason()).contains("bye");
    }

    @Test
    void aSilentPeerFailsTheAssociation() {
        SctpPair pair = new SctpPair(71, SimulatedLink.Conditions.of(5, 0, 0, 0, 0)).connectBoth();
        pair.link.setBlocked(true);
        pair.a.send(pair.now(), 0, 53, bytes(100, 0), 0, 100, SendOptions.RELIABLE);
        assertThat(pair.runUntil(() -> pair.a.state() == SctpState.CLOSED, Duration.ofMinutes(5))).isTrue();
        assertThat(SctpPair.of(pair.eventsA, SctpEvent.Closed.class).get(0).kind()).isEqualTo(SctpEvent.CloseKind.FAILED);
        // An idle silent peer is found by heartbeats.
        assertThat(pair.runUntil(() -> pair.b.state() == SctpState.CLOSED, Duration.ofHours(1))).isTrue();
        assertThat(SctpPair.of(pair.eventsB, SctpEvent.Closed.class).get(0).kind()).isEqualTo(SctpEvent.CloseKind.FAILED);
    }

    @Test
    void setupFailsWhenNobodyAnswers() {
        SctpPair pair = new SctpPair(73, SimulatedLink.Conditions.PERFECT);
        pair.link.setBlocked(true);
        pair.a.connect(pair.now());
        assertThat(pair.runUntil(() -> pair.a.state() == SctpState.CLOSED, Duration.ofMinutes(10))).isTrue();
        assertThat(SctpPair.of(pair.eventsA, SctpEvent.Closed.class).get(0).reason()).contains("INIT");
    }

    @Test
    void sameSeedSameRun() {
        long[] first = run(99);
        long[] second = run(99);
        assertThat(second).isEqualTo(first);
    }

    private static long[] run(long seed) {
        SctpPair pair = new SctpPair(seed, SimulatedLink.Conditions.of(40, 20, 0.05, 0.01, 0)).connectBoth();
        for (int i = 0; i < 50; i++) {
            pair.a.send(pair.now(), 0, 53, bytes(3000, i), 0, 3000, SendOptions.RELIABLE);
        }
        pair.runUntil(() -> pair.messages(pair.eventsB).size() == 50, Duration.ofMinutes(1));
        SctpStats s = pair.a.stats();
        return new long[] {SctpPair.nanos(pair.now()), s.packetsSent(), s.retransmissions(), pair.link.lost()};
    }
}
