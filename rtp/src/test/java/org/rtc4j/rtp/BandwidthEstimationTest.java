package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The estimator, the pacer and the feedback recorder on simulated time against a bottleneck: a FIFO
 * link of a given capacity with a 300 ms drop-tail queue and 25 ms of propagation each way. The
 * sender's media follows the target at 30 fps; feedback every 50 ms.
 */
class BandwidthEstimationTest {
    static final long START = 1_700_000_000_000_000_000L;

    static final class Bottleneck {
        record InFlight(long at, int seq, int size) {
        }

        long capacity;
        long busyUntil;
        double loss;
        long jitterNanos;
        final java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        final ArrayDeque<InFlight> forward = new ArrayDeque<>();
        final ArrayDeque<long[]> feedback = new ArrayDeque<>();
        final List<byte[]> feedbackBytes = new ArrayList<>();
        long dropped;

        void send(long now, int seq, int size) {
            long start = Math.max(now, busyUntil);
            if (start - now > 300_000_000L) {
                dropped++;
                return;
            }
            busyUntil = start + size * 8L * 1_000_000_000L / capacity;
            if (loss > 0 && random.nextDouble() < loss) {
                return; // lost after the bottleneck: it took its share of capacity
            }
            long jitter = jitterNanos == 0 ? 0 : random.nextLong(jitterNanos + 1);
            InFlight p = new InFlight(busyUntil + 25_000_000L + jitter, seq, size);
            // keep delivery order by time (jitter may reorder)
            java.util.List<InFlight> all = new java.util.ArrayList<>(forward);
            all.add(p);
            all.sort(java.util.Comparator.comparingLong(InFlight::at));
            forward.clear();
            forward.addAll(all);
        }
    }

    static final class Run {
        final BandwidthEstimator estimator = new BandwidthEstimator(300_000, 50_000, 10_000_000);
        final Pacer pacer = new Pacer(4096, 750_000, 1200);
        final TransportFeedbackRecorder recorder = new TransportFeedbackRecorder(1, 5, Duration.ofMillis(50), 4096);
        final Bottleneck link = new Bottleneck();
        final List<long[]> targets = new ArrayList<>();
        final byte[] buf = new byte[64];
        final RtpWriter writer = new RtpWriter();
        final RtpPacket view = new RtpPacket();
        long now = START;
        long nextFrame = START;
        int transportSeq = 40000;
        int rtpSeq;

        Run(long capacity) {
            link.capacity = capacity;
            estimator.setRtt(Duration.ofMillis(50));
        }

        void runUntil(long end) {
            while (now < end) {
                long next = Math.min(end, nextFrame);
                next = Math.min(next, pacer.pollTimeout().map(Ntp::nanos).orElse(Long.MAX_VALUE));
                next = Math.min(next, link.forward.isEmpty() ? Long.MAX_VALUE : link.forward.peek().at());
                next = Math.min(next, link.feedback.isEmpty() ? Long.MAX_VALUE : link.feedback.peek()[0]);
                next = Math.min(next, recorder.pollTimeout().map(Ntp::nanos).orElse(Long.MAX_VALUE));
                now = Math.max(now, next);
                Instant t = Instant.ofEpochSecond(0, now);
                if (nextFrame <= now) {
                    long bytes = estimator.targetBitrate() / 8 / 30;
                    while (bytes > 0) {
                        int size = (int) Math.min(1200, bytes);
                        pacer.enqueue(t, size, size);
                        bytes -= size;
                    }
                    nextFrame += 1_000_000_000L / 30;
                    estimator.pollProbe().ifPresent(pacer::startProbe);
                }
                long h;
                while ((h = pacer.next(t)) != Pacer.NONE) {
                    int size = h == Pacer.PADDING ? pacer.paddingSize() : (int) h;
                    int probe = h == Pacer.PADDING ? pacer.probeClusterId() : -1;
                    int seq = transportSeq++ & 0xFFFF;
                    estimator.onPacketSent(t, seq, size, probe);
                    link.send(now, seq, size);
                }
                while (!link.forward.isEmpty() && link.forward.peek().at() <= now) {
                    Bottleneck.InFlight p = link.forward.poll();
                    int n = writer.begin(buf, 0, 96, rtpSeq++, 0, 0x77).extension(5, p.seq(), 2).finish();
                    try {
                        recorder.handleRtp(Instant.ofEpochSecond(0, p.at()), view.wrap(buf, 0, n));
                    } catch (RtpException e) {
                        throw new AssertionError(e);
                    }
                }
                recorder.handleTimeout(t);
                byte[] fb;
                while ((fb = recorder.pollRtcp().orElse(null)) != null) {
                    link.feedback.add(new long[] {now + 25_000_000L, link.feedbackBytes.size()});
                    link.feedbackBytes.add(fb);
                }
                while (!link.feedback.isEmpty() && link.feedback.peek()[0] <= now) {
                    byte[] b = link.feedbackBytes.get((int) link.feedback.poll()[1]);
                    try {
                        estimator.handleFeedback(t, (TransportFeedback) RtcpPacket.decode(b, 0, b.length).get(0));
                    } catch (RtpException e) {
                        throw new AssertionError(e);
                    }
                    pacer.setRate(estimator.targetBitrate() * 5 / 2);
                    targets.add(new long[] {now - START, estimator.targetBitrate()});
                }
            }
        }

        long median(long fromMillis, long toMillis) {
            List<Long> v = new ArrayList<>();
            for (long[] t : targets) {
                if (t[0] >= fromMillis * 1_000_000 && t[0] < toMillis * 1_000_000) {
                    v.add(t[1]);
                }
            }
            Collections.sort(v);
            return v.get(v.size() / 2);
        }

        long firstReaching(long bitrate) {
            for (long[] t : targets) {
                if (t[1] >= bitrate) {
                    return t[0];
                }
            }
            return Long.MAX_VALUE;
        }
    }

    @Test
    void convergesToTheBottleneckReachesOneMegabitFastAndBacksOffWhenItHalves() {
        Run run = new Run(1_500_000);
        run.runUntil(START + 30_000_000_000L);
        long reached = run.firstReaching(1_000_000);
        long steady = run.median(10_000, 30_000);
        run.link.capacity = 750_000;
        run.runUntil(START + 60_000_000_000L);
        long halved = run.median(40_000, 60_000);
        long backedOff = Long.MAX_VALUE;
        for (long[] t : run.targets) {
            if (t[0] > 30_000_000_000L && t[1] <= 825_000) {
                backedOff = t[0] - 30_000_000_000L;
                break;
            }
        }
        System.out.printf("1 Mbit/s after %d ms; median %d bit/s at 1.5 Mbit/s; below 825 kbit/s %d ms after the halving;"
                + " median %d bit/s at 750 kbit/s; %d dropped at the bottleneck%n",
                reached / 1_000_000, steady, backedOff / 1_000_000, halved, run.link.dropped);
        assertThat(reached).isLessThan(3_000_000_000L);
        assertThat(steady).isBetween(1_350_000L, 1_650_000L);
        assertThat(backedOff).isLessThan(2_000_000_000L);
        assertThat(halved).isBetween(600_000L, 825_000L);
    }

    @Test
    void holdsUpWithJitterAndRandomLoss() {
        Run run = new Run(1_500_000);
        run.link.loss = 0.01;
        run.link.jitterNanos = 5_000_000L;
        run.runUntil(START + 30_000_000_000L);
        long reached = run.firstReaching(1_000_000);
        long steady = run.median(10_000, 30_000);
        System.out.printf("with 1 %% loss and 5 ms jitter: 1 Mbit/s after %d ms; median %d bit/s at 1.5 Mbit/s%n",
                reached / 1_000_000, steady);
        assertThat(reached).isLessThan(3_000_000_000L);
        assertThat(steady).isBetween(1_350_000L, 1_650_000L);
    }

    @Test
    void rembCapsTheTarget() {
        BandwidthEstimator e = new BandwidthEstimator(300_000, 50_000, 10_000_000);
        e.handleRemb(Instant.EPOCH, 200_000);
        assertThat(e.targetBitrate()).isEqualTo(200_000);
        assertThat(e.pollProbe()).hasValueSatisfying(p -> assertThat(p.bitrate()).isEqualTo(900_000));
        assertThat(e.pollProbe()).hasValueSatisfying(p -> assertThat(p.bitrate()).isEqualTo(1_800_000));
        assertThat(e.pollProbe()).isEmpty();
    }
}
