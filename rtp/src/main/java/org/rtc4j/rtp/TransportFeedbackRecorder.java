package org.rtc4j.rtp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;

/**
 * The receiver's side of transport-wide congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3): records the transport-wide sequence number
 * and arrival time of every RTP packet on the transport, and every {@code interval} sends feedback
 * covering everything since the last one, lost packets included. Sans-IO: time is a parameter.
 *
 * <p>Bounds: arrivals are kept for a window of {@code window} sequence numbers (a power of two);
 * a packet further ahead than that moves the window and what fell out is reported as lost, if at all.
 * Recording allocates nothing; each feedback packet is a new array. Not thread-safe. As an
 * {@link RtpInterceptor} it records incoming packets in an {@link InterceptorChain}.
 */
public final class TransportFeedbackRecorder implements RtpInterceptor {
    private static final long NEVER = Long.MIN_VALUE;

    private final long senderSsrc;
    private final int extensionId;
    private final long intervalNanos;
    private final int mask;
    private final long[] arrival;
    private final long[] seqAt;
    private final TransportFeedbackWriter writer;
    private final ArrayDeque<byte[]> out = new ArrayDeque<>();
    private final byte[] scratch;
    private long mediaSsrc;
    private long highest = -1;
    private long nextToReport = -1;
    private int feedbackCount;
    private long now;
    private boolean started;
    private long nextFeedback;
    private long recorded;

    /**
     * @param senderSsrc the SSRC the feedback is sent from
     * @param extensionId the negotiated id of the transport-wide-cc extension
     * @param interval the time between feedback packets (libwebrtc sends every 50 ~ 250 ms)
     * @param window the arrivals kept, a power of two (at least 256)
     */
    public TransportFeedbackRecorder(long senderSsrc, int extensionId, Duration interval, int window) {
        if (Integer.bitCount(window) != 1 || window < 256 || window > 1 << 15) {
            throw new IllegalArgumentException("window " + window + " (expected: a power of two, 256 ~ 32768)");
        }
        if (extensionId < 1 || extensionId > 255) {
            throw new IllegalArgumentException("extension id " + extensionId + " (expected: 1 ~ 255)");
        }
        this.senderSsrc = senderSsrc;
        this.extensionId = extensionId;
        this.intervalNanos = interval.toNanos();
        this.mask = window - 1;
        this.arrival = new long[window];
        this.seqAt = new long[window];
        Arrays.fill(seqAt, -1);
        this.writer = new TransportFeedbackWriter(Math.min(window, 0xFFFF));
        this.scratch = new byte[20 + 2 * window + 2 * window + 4];
    }

    private void advance(Instant t) {
        long n = Ntp.nanos(t);
        if (!started || n > now) {
            now = n;
        }
        if (!started) {
            started = true;
            nextFeedback = now + intervalNanos;
        }
    }

    /** Records the arrival of a packet (already parsed); packets without the extension are ignored. */
    public void handleRtp(Instant now, RtpPacket packet) {
        advance(now);
        int at = packet.extensionOffset(extensionId);
        if (at < 0 || packet.extensionLength(extensionId) != 2) {
            return;
        }
        mediaSsrc = packet.ssrc();
        int seq = HeaderExtension.readTransportSequence(packet.buffer(), at);
        long ext;
        if (highest < 0) {
            ext = (1L << 16) + seq;
            nextToReport = ext;
        } else {
            ext = (highest & ~0xFFFFL) | seq;
            if (ext - highest > 0x8000) {
                ext -= 0x10000;
            } else if (highest - ext > 0x8000) {
                ext += 0x10000;
            }
        }
        if (ext < nextToReport) {
            return; // already reported as lost
        }
        if (ext - nextToReport > mask) {
            nextToReport = ext - mask; // what fell out of the window goes unreported
        }
        int k = (int) (ext & mask);
        if (seqAt[k] == ext) {
            return; // duplicate
        }
        seqAt[k] = ext;
        arrival[k] = this.now;
        highest = Math.max(highest, ext);
        recorded++;
    }

    @Override
    public void handleIncomingRtp(Instant now, RtpPacket packet) {
        handleRtp(now, packet);
    }

    /** Sends feedback when the interval is up. Spurious calls are harmless. */
    @Override
    public void handleTimeout(Instant now) {
        advance(now);
        if (this.now < nextFeedback) {
            return;
        }
        nextFeedback = this.now + intervalNanos;
        if (highest < 0 || nextToReport > highest) {
            return;
        }
        long s = nextToReport;
        while (s <= highest) {
            writer.begin(senderSsrc, mediaSsrc, feedbackCount, (int) (s & 0xFFFF));
            boolean any = false;
            while (s <= highest) {
                int k = (int) (s & mask);
                if (seqAt[k] == s) {
                    if (!writer.add((int) (s & 0xFFFF), arrival[k] / 1000)) {
                        break;
                    }
                    any = true;
                }
                s++;
            }
            if (!any) {
                break; // the remaining sequence numbers are all missing; report them when something arrives
            }
            int n = writer.write(scratch, 0);
            out.add(Arrays.copyOf(scratch, n));
            feedbackCount = (feedbackCount + 1) & 0xFF;
            nextToReport = lastCovered(s);
        }
    }

    /** The sequence number after the last one the writer covered (it stops at the last arrival). */
    private long lastCovered(long s) {
        long t = s - 1;
        while (t >= nextToReport && seqAt[(int) (t & mask)] != t) {
            t--;
        }
        return t + 1;
    }

    /** The next feedback packet (reduced-size RTCP), encoded. */
    @Override
    public Optional<byte[]> pollRtcp() {
        return Optional.ofNullable(out.poll());
    }

    /** When the next feedback is due. */
    @Override
    public Optional<Instant> pollTimeout() {
        return started ? Optional.of(Ntp.instant(nextFeedback)) : Optional.empty();
    }

    /** Packets recorded so far. */
    public long recorded() {
        return recorded;
    }
}
