package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TransportFeedbackRecorderTest {
    @Test
    void reportsEveryArrivalOnceAndLossesAsNotReceived() throws RtpException {
        TransportFeedbackRecorder recorder = new TransportFeedbackRecorder(9, 3, Duration.ofMillis(50), 1024);
        SplittableRandom random = new SplittableRandom(3);
        byte[] buf = new byte[64];
        RtpWriter w = new RtpWriter();
        RtpPacket view = new RtpPacket();
        long t = 1_700_000_000_000_000_000L;
        TreeMap<Integer, Long> arrivals = new TreeMap<>();
        List<Integer> lost = new ArrayList<>();
        List<TransportFeedback> feedback = new ArrayList<>();
        int sent = 0;
        for (int i = 0; i < 3000; i++) {
            t += random.nextLong(2_000_000);
            int seq = (65000 + i) & 0xFFFF; // wraps
            sent++;
            if (random.nextDouble() < 0.05) {
                lost.add(seq);
            } else {
                int n = w.begin(buf, 0, 96, i, i, 0x55).extension(3, seq, 2).payload(new byte[] {1}, 0, 1).finish();
                recorder.handleRtp(Instant.ofEpochSecond(0, t), view.wrap(buf, 0, n));
                arrivals.put(i, t / 1000 / 250 * 250);
            }
            recorder.handleTimeout(Instant.ofEpochSecond(0, t));
            byte[] b;
            while ((b = recorder.pollRtcp().orElse(null)) != null) {
                feedback.add((TransportFeedback) RtcpPacket.decode(b, 0, b.length).get(0));
            }
        }
        assertThat(sent).isEqualTo(3000);
        List<long[]> reported = new ArrayList<>();
        List<Integer> reportedLost = new ArrayList<>();
        int fb = 0;
        for (TransportFeedback f : feedback) {
            assertThat(f.feedbackCount()).isEqualTo(fb++ & 0xFF);
            assertThat(f.mediaSsrc()).isEqualTo(0x55);
            f.forEachPacket((seq, received, at) -> {
                if (received) {
                    reported.add(new long[] {seq, at});
                } else {
                    reportedLost.add(seq);
                }
            });
        }
        // everything up to the last feedback is reported exactly once, in order
        int covered = reported.size();
        assertThat(covered).isGreaterThan(2700);
        List<Long> expectedTimes = new ArrayList<>(arrivals.values()).subList(0, covered);
        for (int i = 0; i < covered; i++) {
            assertThat(reported.get(i)[1]).isEqualTo(expectedTimes.get(i) % (64_000L << 24));
        }
        assertThat(reportedLost).isSubsetOf(lost);
        assertThat(reportedLost.size()).isGreaterThan(lost.size() - 10);
    }
}
