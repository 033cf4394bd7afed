package org.rtc4j.rtp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Sender-side bandwidth estimation from transport-wide feedback, in the manner of Google congestion
 * control (draft-ietf-rmcat-gcc-02 and libwebrtc's goog_cc), sans-IO: every packet sent is recorded
 * with its transport-wide sequence number ({@link #onPacketSent}); every feedback
 * ({@link #handleFeedback}) updates
 * <ul>
 *   <li>a delay-based estimate: packets grouped in 5 ms send bursts, the delay variation between
 *       groups accumulated and smoothed, its trend over 20 groups (a least-squares slope) compared with
 *       an adaptive threshold (gcc §5.4: {@code K_u} 0.01, {@code K_d} 0.00018 per ms, scaled as in
 *       libwebrtc) to detect over-use; an AIMD rate control that cuts to 0.85 of the acknowledged
 *       rate on over-use and grows by 8 % a second far from the last cut, or by about a packet per
 *       response time near it, never beyond 1.5 times the acknowledged rate;</li>
 *   <li>a loss-based bound (gcc §6): more than 10 % loss cuts it by half the loss ratio, less than
 *       2 % lets it grow by 8 % a second;</li>
 *   <li>probing: at start, clusters at 3 and 6 times the start rate ({@link #pollProbe()}); a
 *       cluster's result (the lesser of its send and receive rates) lifts the estimate at once;</li>
 *   <li>REMB ({@link #handleRemb}) as a cap when the receiver sends it (the fallback when transport-wide
 *       feedback is not negotiated).</li>
 * </ul>
 * The target is the least of the delay-based estimate, the loss bound and REMB, within the
 * configured minimum and maximum. Bounded memory: the send history keeps the last 8192 packets.
 * Not thread-safe.
 */
public final class BandwidthEstimator {
    private static final int HISTORY = 8192;
    private static final long NEVER = Long.MIN_VALUE;

    /** A probe the pacer should send: {@code packets} packets of padding at {@code bitrate} over at least {@code minDuration}. */
    public record ProbeCluster(int id, long bitrate, int packets, Duration minDuration) {
    }

    /** Over-use detector states (gcc §5.5). */
    public enum Usage { NORMAL, OVERUSING, UNDERUSING }

    private final long minBitrate;
    private final long maxBitrate;
    // send history by transport-wide sequence number (unwrapped)
    private final long[] sentSeq = new long[HISTORY];
    private final long[] sentAt = new long[HISTORY];
    private final int[] sentSize = new int[HISTORY];
    private final int[] sentProbe = new int[HISTORY];
    private long highestSent = -1;
    // probing
    private final ArrayDeque<ProbeCluster> probes = new ArrayDeque<>();
    private final long[] probeBitrate = new long[16];
    private final long[] probeFirstSend = new long[16];
    private final long[] probeLastSend = new long[16];
    private final long[] probeFirstArrival = new long[16];
    private final long[] probeLastArrival = new long[16];
    private final long[] probeBytesSent = new long[16];
    private final long[] probeBytesReceived = new long[16];
    private final int[] probeSent = new int[16];
    private final int[] probeReceived = new int[16];
    private final int[] probeFirstSize = new int[16];
    private final int[] probeLastReceivedSize = new int[16];
    private final boolean[] probeDone = new boolean[16];
    private int nextProbeId;
    // inter-arrival groups
    private long groupFirstSend = NEVER;
    private long groupLastSend;
    private long groupLastArrival;
    private long prevGroupLastSend = NEVER;
    private long prevGroupLastArrival;
    private long firstArrival = NEVER;
    // trendline
    private final double[] trendX = new double[20];
    private final double[] trendY = new double[20];
    private int trendCount;
    private int trendHead;
    private double accumulatedDelay;
    private double smoothedDelay;
    private int numDeltas;
    private double threshold = 12.5;
    private long lastThresholdUpdate = NEVER;
    private double timeOverUsing = -1;
    private int overuseCounter;
    private double prevTrend;
    private Usage usage = Usage.NORMAL;
    // AIMD
    private double delayBased;
    private long lastIncrease = NEVER;
    private double avgMaxKbps = -1;
    private double varMaxKbps = 0.4;
    private long lastDecrease = NEVER;
    // acknowledged rate: receive-side bytes over a 500 ms arrival window
    private final long[] ackAt = new long[HISTORY];
    private final int[] ackSize = new int[HISTORY];
    private int ackHead;
    private int ackCount;
    private long ackBytes;
    // loss
    private double lossBased;
    private long lossWindowStart = NEVER;
    private int lossExpected;
    private int lossLost;
    private long lastLossDecrease = NEVER;
    private long lastLossUpdate = NEVER;
    private double lastLossRatio;
    // REMB
    private long remb = Long.MAX_VALUE;
    private long rttNanos = 100_000_000L;
    private long now;

    /**
     * @param startBitrate the first estimate, bits per second
     * @param minBitrate the least target
     * @param maxBitrate the largest target
     */
    public BandwidthEstimator(long startBitrate, long minBitrate, long maxBitrate) {
        if (minBitrate <= 0 || maxBitrate < minBitrate || startBitrate < minBitrate || startBitrate > maxBitrate) {
            throw new IllegalArgumentException("bitrates " + minBitrate + " <= " + startBitrate + " <= " + maxBitrate + " (expected: 0 < min <= start <= max)");
        }
        this.minBitrate = minBitrate;
        this.maxBitrate = maxBitrate;
        this.delayBased = startBitrate;
        this.lossBased = maxBitrate;
        java.util.Arrays.fill(sentSeq, -1);
        addProbe(3 * startBitrate);
        addProbe(6 * startBitrate);
    }

    private void addProbe(long bitrate) {
        bitrate = Math.min(bitrate, maxBitrate);
        int id = nextProbeId++;
        int k = id & 15;
        probeBitrate[k] = bitrate;
        probeFirstSend[k] = NEVER;
        probeFirstArrival[k] = NEVER;
        probeBytesSent[k] = 0;
        probeBytesReceived[k] = 0;
        probeSent[k] = 0;
        probeReceived[k] = 0;
        probeDone[k] = false;
        int packets = (int) Math.max(5, bitrate * 15 / 1000 / 8 / 1200 + 1);
        probes.add(new ProbeCluster(id, bitrate, packets, Duration.ofMillis(15)));
    }

    /** The next probe cluster to send, if any. */
    public Optional<ProbeCluster> pollProbe() {
        return Optional.ofNullable(probes.poll());
    }

    /** The RTT, used for the additive increase's response time and the loss bound's pace. */
    public void setRtt(Duration rtt) {
        this.rttNanos = Math.max(1_000_000L, rtt.toNanos());
    }

    /**
     * Records a packet sent with transport-wide sequence number {@code sequence}.
     *
     * @param probeClusterId the cluster it belongs to, or -1 for media
     */
    public void onPacketSent(Instant now, int sequence, int size, int probeClusterId) {
        long t = Ntp.nanos(now);
        long ext;
        if (highestSent < 0) {
            ext = (1L << 16) + (sequence & 0xFFFF);
        } else {
            ext = (highestSent & ~0xFFFFL) | (sequence & 0xFFFF);
            if (ext - highestSent > 0x8000) {
                ext -= 0x10000;
            } else if (highestSent - ext > 0x8000) {
                ext += 0x10000;
            }
        }
        highestSent = Math.max(highestSent, ext);
        int k = (int) (ext & (HISTORY - 1));
        sentSeq[k] = ext;
        sentAt[k] = t;
        sentSize[k] = size;
        sentProbe[k] = probeClusterId;
        if (probeClusterId >= 0) {
            int p = probeClusterId & 15;
            if (probeFirstSend[p] == NEVER) {
                probeFirstSend[p] = t;
                probeFirstSize[p] = size;
            }
            probeLastSend[p] = t;
            probeBytesSent[p] += size;
            probeSent[p]++;
        }
    }

    /** Takes a REMB value as a cap (RFC-less fallback, draft-alvestrand-rmcat-remb-03). */
    public void handleRemb(Instant now, long bitsPerSecond) {
        this.remb = Math.max(minBitrate, bitsPerSecond);
    }

    /** Takes transport-wide feedback about packets this estimator saw sent. */
    public void handleFeedback(Instant now, TransportFeedback feedback) {
        this.now = Math.max(this.now, Ntp.nanos(now));
        feedback.forEachPacket((seq, received, arrivalMicros) -> {
            long ext = find(seq);
            if (ext < 0) {
                return;
            }
            int k = (int) (ext & (HISTORY - 1));
            lossExpected++;
            if (!received) {
                lossLost++;
                return;
            }
            long arrival = arrivalMicros * 1000;
            acknowledge(arrival, sentSize[k]);
            if (sentProbe[k] >= 0) {
                probeArrival(sentProbe[k], arrival, sentSize[k]);
            }
            packet(sentAt[k], arrival);
        });
        updateLoss();
        updateRate();
    }

    private long find(int seq) {
        if (highestSent < 0) {
            return -1;
        }
        long ext = (highestSent & ~0xFFFFL) | seq;
        if (ext > highestSent) {
            ext -= 0x10000;
        }
        int k = (int) (ext & (HISTORY - 1));
        return sentSeq[k] == ext ? ext : -1;
    }

    private void acknowledge(long arrival, int size) {
        if (ackCount == HISTORY) {
            ackBytes -= ackSize[ackHead];
            ackHead = (ackHead + 1) % HISTORY;
            ackCount--;
        }
        int k = (ackHead + ackCount++) % HISTORY;
        ackAt[k] = arrival;
        ackSize[k] = size;
        ackBytes += size;
        while (ackCount > 0 && arrival - ackAt[ackHead] > 500_000_000L) {
            ackBytes -= ackSize[ackHead];
            ackHead = (ackHead + 1) % HISTORY;
            ackCount--;
        }
    }

    /** The acknowledged bitrate over the last 500 ms of arrivals, or -1 before there is enough. */
    public long acknowledgedBitrate() {
        if (ackCount < 2) {
            return -1;
        }
        long span = Math.max(ackAt[(ackHead + ackCount - 1) % HISTORY] - ackAt[ackHead], 100_000_000L);
        return ackBytes * 8 * 1_000_000_000L / span;
    }

    private void probeArrival(int id, long arrival, int size) {
        int p = id & 15;
        if (probeDone[p]) {
            return;
        }
        if (probeFirstArrival[p] == NEVER) {
            probeFirstArrival[p] = arrival;
        }
        probeLastArrival[p] = arrival;
        probeLastReceivedSize[p] = size;
        probeBytesReceived[p] += size;
        probeReceived[p]++;
        if (probeReceived[p] >= Math.max(5, probeSent[p] * 8 / 10) && probeSent[p] >= 5) {
            probeDone[p] = true;
            long sendSpan = probeLastSend[p] - probeFirstSend[p];
            long recvSpan = probeLastArrival[p] - probeFirstArrival[p];
            if (sendSpan <= 0 || recvSpan <= 0) {
                return;
            }
            double sendRate = (probeBytesSent[p] - probeSizeLast(p)) * 8e9 / sendSpan;
            double recvRate = (probeBytesReceived[p] - probeFirstSize[p]) * 8e9 / recvSpan;
            double result = Math.min(sendRate, recvRate);
            if (recvRate < 0.9 * sendRate) {
                result = 0.95 * recvRate; // the path could not carry the probe: it measured capacity
            }
            if (result > delayBased) {
                delayBased = result;
                lastIncrease = now;
            }
        }
    }

    private long probeSizeLast(int p) {
        return probeLastReceivedSize[p];
    }

    /** One received packet: groups, then the trendline and over-use detector per completed group. */
    private void packet(long send, long arrival) {
        if (firstArrival == NEVER) {
            firstArrival = arrival;
        }
        if (groupFirstSend == NEVER) {
            groupFirstSend = send;
            groupLastSend = send;
            groupLastArrival = arrival;
            return;
        }
        if (send < groupFirstSend) {
            return; // reordered from an earlier group
        }
        if (send - groupFirstSend <= 5_000_000L) {
            groupLastSend = Math.max(groupLastSend, send);
            groupLastArrival = Math.max(groupLastArrival, arrival);
            return;
        }
        // the current group is complete
        if (prevGroupLastSend != NEVER) {
            double sendDelta = (groupLastSend - prevGroupLastSend) / 1e6;
            double recvDelta = (groupLastArrival - prevGroupLastArrival) / 1e6;
            trendline(recvDelta - sendDelta, (groupLastArrival - firstArrival) / 1e6, sendDelta);
        }
        prevGroupLastSend = groupLastSend;
        prevGroupLastArrival = groupLastArrival;
        groupFirstSend = send;
        groupLastSend = send;
        groupLastArrival = arrival;
    }

    private void trendline(double delayDelta, double arrivalMs, double sendDeltaMs) {
        numDeltas = Math.min(numDeltas + 1, 1000);
        accumulatedDelay += delayDelta;
        smoothedDelay = 0.9 * smoothedDelay + 0.1 * accumulatedDelay;
        trendX[trendHead] = arrivalMs;
        trendY[trendHead] = smoothedDelay;
        trendHead = (trendHead + 1) % trendX.length;
        trendCount = Math.min(trendCount + 1, trendX.length);
        if (trendCount < trendX.length) {
            return;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < trendCount; i++) {
            mx += trendX[i];
            my += trendY[i];
        }
        mx /= trendCount;
        my /= trendCount;
        double num = 0;
        double den = 0;
        for (int i = 0; i < trendCount; i++) {
            num += (trendX[i] - mx) * (trendY[i] - my);
            den += (trendX[i] - mx) * (trendX[i] - mx);
        }
        double trend = den == 0 ? prevTrend : num / den;
        detect(trend, sendDeltaMs);
    }

    private void detect(double trend, double sendDeltaMs) {
        double modified = Math.min(numDeltas, 60) * trend * 4.0;
        if (modified > threshold) {
            if (timeOverUsing < 0) {
                timeOverUsing = sendDeltaMs / 2;
            } else {
                timeOverUsing += sendDeltaMs;
            }
            overuseCounter++;
            if (timeOverUsing > 10 && overuseCounter > 1 && trend >= prevTrend) {
                timeOverUsing = 0;
                overuseCounter = 0;
                usage = Usage.OVERUSING;
            }
        } else if (modified < -threshold) {
            timeOverUsing = -1;
            overuseCounter = 0;
            usage = Usage.UNDERUSING;
        } else {
            timeOverUsing = -1;
            overuseCounter = 0;
            usage = Usage.NORMAL;
        }
        prevTrend = trend;
        // adaptive threshold (gcc §5.4, libwebrtc's constants)
        long t = now;
        if (lastThresholdUpdate == NEVER) {
            lastThresholdUpdate = t;
        }
        double abs = Math.abs(modified);
        if (abs <= threshold + 15) {
            double k = abs < threshold ? 0.039 : 0.0087;
            double dt = Math.min((t - lastThresholdUpdate) / 1e6, 100);
            threshold = Math.max(6, Math.min(600, threshold + k * (abs - threshold) * dt));
        }
        lastThresholdUpdate = t;
        if (usage == Usage.OVERUSING) {
            decrease();
        }
    }

    private void decrease() {
        long acked = acknowledgedBitrate();
        // while over-use lasts, follow the acknowledged rate down, once per response time
        if (acked <= 0 || lastDecrease != NEVER && now - lastDecrease < rttNanos + 100_000_000L) {
            return;
        }
        lastDecrease = now;
        double target = 0.85 * acked;
        if (target < delayBased) {
            delayBased = target;
        }
        double kbps = acked / 1000.0;
        if (avgMaxKbps < 0) {
            avgMaxKbps = kbps;
        } else {
            double norm = Math.max(avgMaxKbps, 1.0);
            varMaxKbps = Math.max(0.4, Math.min(2.5, 0.95 * varMaxKbps + 0.05 * (avgMaxKbps - kbps) * (avgMaxKbps - kbps) / norm));
            avgMaxKbps = 0.95 * avgMaxKbps + 0.05 * kbps;
        }
        lastIncrease = now;
    }

    private void updateRate() {
        if (usage == Usage.UNDERUSING) {
            lastIncrease = now; // hold
            return;
        }
        if (usage == Usage.OVERUSING) {
            return;
        }
        if (lastIncrease == NEVER) {
            lastIncrease = now;
            return;
        }
        double dt = Math.min((now - lastIncrease) / 1e9, 1.0);
        lastIncrease = now;
        long acked = acknowledgedBitrate();
        double kbps = acked / 1000.0;
        if (avgMaxKbps >= 0 && kbps > avgMaxKbps + 3 * Math.sqrt(varMaxKbps * avgMaxKbps)) {
            avgMaxKbps = -1; // far beyond the last cut: the path changed
        }
        boolean near = avgMaxKbps >= 0 && Math.abs(kbps - avgMaxKbps) <= 3 * Math.sqrt(varMaxKbps * avgMaxKbps);
        if (near) {
            double responseTime = (rttNanos + 100_000_000L) / 1e9;
            double packetBits = 1200 * 8;
            delayBased += Math.max(1000, packetBits / responseTime) * dt;
        } else {
            delayBased *= Math.pow(1.08, dt);
        }
        if (acked > 0) {
            delayBased = Math.min(delayBased, 1.5 * acked + 10_000);
        }
    }

    private void updateLoss() {
        if (lossWindowStart == NEVER) {
            lossWindowStart = now;
        }
        if (now - lossWindowStart < 1_000_000_000L && lossExpected < 100) {
            return;
        }
        double ratio = lossExpected == 0 ? 0 : (double) lossLost / lossExpected;
        lastLossRatio = ratio;
        lossExpected = 0;
        lossLost = 0;
        lossWindowStart = now;
        double current = target();
        double dt = lastLossUpdate == NEVER ? 0 : Math.min((now - lastLossUpdate) / 1e9, 1.0);
        lastLossUpdate = now;
        if (ratio > 0.10) {
            if (lastLossDecrease == NEVER || now - lastLossDecrease > rttNanos + 300_000_000L) {
                lossBased = current * (1 - 0.5 * ratio);
                lastLossDecrease = now;
            }
        } else if (ratio < 0.02) {
            lossBased = lossBased >= maxBitrate ? maxBitrate : Math.max(lossBased * Math.pow(1.08, dt), current);
            if (lossBased >= delayBased) {
                lossBased = maxBitrate; // no longer the limit
            }
        }
    }

    /** The target bitrate, bits per second. */
    public long targetBitrate() {
        return (long) target();
    }

    private double target() {
        double t = Math.min(delayBased, Math.min(lossBased, remb));
        return Math.max(minBitrate, Math.min(maxBitrate, t));
    }

    /** The delay-based estimate alone. */
    public long delayBasedBitrate() {
        return (long) delayBased;
    }

    /** The over-use detector's current state. */
    public Usage usage() {
        return usage;
    }

    /** The loss ratio of the last loss window (about a second). */
    public double lossRatio() {
        return lastLossRatio;
    }
}
