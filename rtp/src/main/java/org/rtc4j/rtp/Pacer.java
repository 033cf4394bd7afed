package org.rtc4j.rtp;

import java.time.Instant;
import java.util.Optional;

/**
 * A leaky-bucket pacer, sans-IO: packets enqueued by the caller leave at the pacing rate (by default
 * 2.5 times the target, as libwebrtc paces), and probe clusters are sent as padding at their own rate.
 * The pacer only schedules: it holds the caller's handles (for example history slots of a
 * {@link SendStream}) and sizes, never the bytes. The queue is bounded; {@link #enqueue} refuses
 * packets beyond it. Allocates nothing after construction. Not thread-safe.
 */
public final class Pacer {
    /** {@link #next} found nothing to send now. */
    public static final long NONE = -1;
    /** {@link #next} asks for a padding packet of {@link #paddingSize()} bytes for {@link #probeClusterId()}. */
    public static final long PADDING = -2;

    private final long[] handles;
    private final int[] sizes;
    private int head;
    private int count;
    private double rate;
    private long nextSendAt = Long.MIN_VALUE;
    private long now;
    private BandwidthEstimator.ProbeCluster probe;
    private int probeSent;
    private long probeStart;
    private final int paddingSize;

    /**
     * @param capacity the most packets queued
     * @param bitrate the initial pacing rate, bits per second
     * @param paddingSize the size of each probe padding packet
     */
    public Pacer(int capacity, long bitrate, int paddingSize) {
        this.handles = new long[capacity];
        this.sizes = new int[capacity];
        this.rate = bitrate;
        this.paddingSize = paddingSize;
    }

    /** Sets the pacing rate (bits per second). */
    public void setRate(long bitsPerSecond) {
        this.rate = Math.max(1000, bitsPerSecond);
    }

    /** Starts sending a probe cluster (as padding, at its rate). */
    public void startProbe(BandwidthEstimator.ProbeCluster cluster) {
        this.probe = cluster;
        this.probeSent = 0;
        this.probeStart = Long.MIN_VALUE;
    }

    /** Queues a packet; false when the queue is full. */
    public boolean enqueue(Instant now, long handle, int size) {
        if (count == handles.length) {
            return false;
        }
        int k = (head + count++) % handles.length;
        handles[k] = handle;
        sizes[k] = size;
        return true;
    }

    /**
     * The next packet to send now: a queued handle, {@link #PADDING} during a probe, or {@link #NONE}
     * (then wait for {@link #pollTimeout()}).
     */
    public long next(Instant now) {
        long t = Ntp.nanos(now);
        this.now = Math.max(this.now, t);
        if (nextSendAt != Long.MIN_VALUE && this.now < nextSendAt) {
            return NONE;
        }
        if (probe != null) {
            if (probeStart == Long.MIN_VALUE) {
                probeStart = this.now;
            }
            probeSent++;
            schedule(paddingSize, probe.bitrate());
            if (probeSent >= probe.packets() && this.now - probeStart >= probe.minDuration().toNanos()) {
                probeCluster = probe.id();
                probe = null;
            } else {
                probeCluster = probe.id();
            }
            return PADDING;
        }
        if (count == 0) {
            nextSendAt = Long.MIN_VALUE;
            return NONE;
        }
        long h = handles[head];
        int size = sizes[head];
        head = (head + 1) % handles.length;
        count--;
        schedule(size, rate);
        return h;
    }

    private int probeCluster = -1;

    /** The cluster of the last {@link #PADDING} answer. */
    public int probeClusterId() {
        return probeCluster;
    }

    public int paddingSize() {
        return paddingSize;
    }

    private void schedule(int size, double bitrate) {
        long start = nextSendAt == Long.MIN_VALUE ? now : Math.max(nextSendAt, now - 5_000_000L);
        nextSendAt = start + (long) (size * 8 * 1e9 / bitrate);
    }

    /** Packets waiting. */
    public int queued() {
        return count;
    }

    /** When {@link #next} will have something, if anything is waiting. */
    public Optional<Instant> pollTimeout() {
        if (count == 0 && probe == null) {
            return Optional.empty();
        }
        return Optional.of(Ntp.instant(nextSendAt == Long.MIN_VALUE ? now : Math.max(now, nextSendAt)));
    }
}
