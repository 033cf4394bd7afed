package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Simulated-time tests of a sender and a receiver over a seeded lossy link. */
class ReceiveStreamTest {
    static ReceiveStream.Config videoConfig() {
        return ReceiveStream.Config.video(StreamPair.MEDIA_SSRC, StreamPair.RECEIVER_SSRC, StreamPair.RTX_SSRC, 97, new Vp8Depacketizer());
    }

    @Test
    void nackAndRtxRecoverEveryFrameAtFivePercentLossAndHundredMillisecondRtt() {
        for (long seed = 1; seed <= 3; seed++) {
            StreamPair pair = new StreamPair(seed, SimulatedLink.Conditions.of(50, 5, 0.05, 0), videoConfig());
            long sendFor = 20_000_000_000L;
            pair.run(StreamPair.START + sendFor + 2_000_000_000L, StreamPair.START + sendFor);
            ReceiveStream.Stats stats = pair.receiver.stats();
            assertThat(pair.sentFrames).hasSizeGreaterThanOrEqualTo(600);
            assertThat(pair.received).as("seed %d: %s", seed, stats).hasSameSizeAs(pair.sentFrames.keySet());
            assertThat(stats.framesDropped()).isZero();
            assertThat(pair.keyframesSent).as("no PLI was needed").isEqualTo(1);
            for (EncodedFrame f : pair.received) {
                assertThat(f.data()).isEqualTo(pair.sentFrames.get(f.rtpTimestamp()));
            }
            assertThat(pair.received.get(0).keyframe()).isTrue();
            // frames come out in order, and each at its playout time: capture + one-way delay + target delay
            List<Long> order = new ArrayList<>();
            pair.received.forEach(f -> order.add((f.rtpTimestamp() - 0xFFFF0000L) & 0xFFFFFFFFL));
            assertThat(order).isSorted();
            long maxLatency = Collections.max(pair.latencies);
            assertThat(Duration.ofNanos(maxLatency)).isLessThan(Duration.ofMillis(55).plus(stats.targetDelay()).plusMillis(20));
            assertThat(stats.retransmissionsReceived()).isPositive();
            assertThat(stats.nacksSent()).isPositive();
            // RTT both ways: the receiver through XR RRTR/DLRR, the sender through LSR/DLSR
            assertThat(stats.rtt()).hasValueSatisfying(r -> assertThat(r).isBetween(Duration.ofMillis(100), Duration.ofMillis(115)));
            assertThat(pair.sender.rtt()).hasValueSatisfying(r -> assertThat(r).isBetween(Duration.ofMillis(100), Duration.ofMillis(115)));
            double lossRate = (double) stats.cumulativeLost() / (stats.packetsReceived() + stats.cumulativeLost());
            assertThat(lossRate).isBetween(0.03, 0.07);
            System.out.printf("seed %d: %d frames, %d packets, %d lost, %d recovered by RTX, %d NACKs, target delay %s, max latency %d ms%n",
                    seed, pair.received.size(), stats.packetsReceived(), stats.cumulativeLost(), stats.retransmissionsReceived(),
                    stats.nacksSent(), stats.targetDelay(), maxLatency / 1_000_000);
        }
    }

    @Test
    void withoutNackLossCostsFramesAndAsksForKeyframes() {
        StreamPair pair = new StreamPair(4, SimulatedLink.Conditions.of(50, 5, 0.05, 0), videoConfig().withNack(false, 0, 0));
        pair.run(StreamPair.START + 12_000_000_000L, StreamPair.START + 10_000_000_000L);
        ReceiveStream.Stats stats = pair.receiver.stats();
        assertThat(stats.framesDropped()).isPositive();
        assertThat(stats.plisSent()).isPositive();
        assertThat(pair.keyframesSent).isGreaterThan(1);
        assertThat(pair.received.size()).isLessThan(300);
        for (EncodedFrame f : pair.received) {
            assertThat(f.data()).isEqualTo(pair.sentFrames.get(f.rtpTimestamp()));
        }
    }

    @Test
    void reorderingAndDuplicatesOnAPerfectlyTimedLink() {
        StreamPair pair = new StreamPair(5, SimulatedLink.Conditions.of(20, 30, 0, 0.2), videoConfig());
        pair.run(StreamPair.START + 6_000_000_000L, StreamPair.START + 5_000_000_000L);
        ReceiveStream.Stats stats = pair.receiver.stats();
        assertThat(pair.received).as("%s", stats).hasSameSizeAs(pair.sentFrames.keySet());
        assertThat(stats.duplicates()).isPositive();
        assertThat(stats.framesDropped()).isZero();
        assertThat(stats.jitterSeconds()).isPositive();
        assertThat(stats.targetDelay()).isGreaterThan(Duration.ofMillis(3 * 5));
    }
}
