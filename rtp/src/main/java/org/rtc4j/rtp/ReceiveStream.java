package org.rtc4j.rtp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One received RTP stream (an SSRC and its RTX repair stream), sans-IO: a jitter buffer that reorders,
 * drops duplicates, assembles frames and releases them at their playout time; NACK generation in the
 * manner of libwebrtc's NackRequester; RTX receive (RFC 4588 §4); PLI when a frame cannot be
 * recovered; and RTCP receiver reports (RFC 3550 §6.4.2, A.3, A.8) with an XR receiver reference time
 * (RFC 3611 §4.4) so the RTT is known on this side too.
 *
 * <p>Driving it: {@link #handleRtp} and {@link #handleRtcp} for input, {@link #handleTimeout} at
 * {@link #pollTimeout()}, then drain {@link #pollFrame()} and {@link #pollRtcp()}. Time only comes in
 * as a parameter; time going backwards is treated as no time passing. Malformed, late, duplicate
 * and foreign packets are dropped and counted in {@link #stats()}, never thrown.
 *
 * <p>The jitter buffer: a frame is the run of packets with one RTP timestamp ending at the marker bit
 * (every packet for audio). Its playout time is its timestamp mapped to local time through the
 * smallest transit time seen, plus the target delay; the target delay is
 * {@code clamp(3 * jitter + nackRttFactor * RTT, minDelay, maxDelay)}, with the jitter of RFC 3550 A.8.
 * A frame still incomplete at its playout time is given up: the stream skips to the next frame start,
 * waits for a keyframe and sends a PLI. Frames are released in order, only after a keyframe.
 *
 * <p>Bounds: at most {@code maxPackets} packets of at most {@code maxPacketSize} bytes are buffered
 * (newer packets that do not fit flush the buffer and request a keyframe), a frame is at most
 * {@code maxFrameSize} bytes, a sequence number is NACKed at most {@code maxNackRetries} times.
 * Packet buffers are allocated once, on first use of each slot; steady state allocates only the
 * frames handed out and the RTCP packets sent. Not thread-safe.
 */
public final class ReceiveStream {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveStream.class);
    private static final long NEVER = Long.MIN_VALUE;

    /**
     * Configuration.
     *
     * @param ssrc the media SSRC
     * @param localSsrc this receiver's SSRC in RTCP
     * @param clockRate the RTP clock rate (90000 for video)
     * @param rtxSsrc the RTX SSRC, or -1 without RTX
     * @param rtxPayloadType the RTX payload type (ignored without RTX)
     * @param depacketizer the payload format
     * @param cname the CNAME for SDES
     * @param nack whether to send NACKs
     * @param maxPackets the jitter buffer's capacity in packets (a power of two)
     * @param maxPacketSize the largest RTP payload kept
     * @param maxFrameSize the largest frame assembled
     * @param minDelay the smallest target delay
     * @param maxDelay the largest target delay
     * @param nackRttFactor how many RTTs of loss recovery the target delay allows for
     * @param maxNackRetries NACKs per sequence number
     * @param nackInterval how often missing packets are checked for a NACK
     * @param keyframeRequestInterval the least time between two PLIs
     * @param rtcpInterval the time between receiver reports
     */
    public record Config(long ssrc, long localSsrc, int clockRate, long rtxSsrc, int rtxPayloadType, Depacketizer depacketizer,
                         String cname, boolean nack, int maxPackets, int maxPacketSize, int maxFrameSize, Duration minDelay,
                         Duration maxDelay, double nackRttFactor, int maxNackRetries, Duration nackInterval,
                         Duration keyframeRequestInterval, Duration rtcpInterval) {
        public Config {
            if (Integer.bitCount(maxPackets) != 1 || maxPackets < 16 || maxPackets > 1 << 15) {
                throw new IllegalArgumentException("maxPackets " + maxPackets + " (expected: a power of two, 16 ~ 32768)");
            }
            if (clockRate <= 0) {
                throw new IllegalArgumentException("clock rate " + clockRate + " (expected: > 0)");
            }
        }

        /**
         * Video defaults: NACK on, 1024 packets, 4 MiB frames, delay 0 ~ 1 s allowing 4 RTTs of recovery
         * (at 5 % loss each way a packet needs a third NACK about once in a hundred losses), 10 retries.
         */
        public static Config video(long ssrc, long localSsrc, long rtxSsrc, int rtxPayloadType, Depacketizer depacketizer) {
            return new Config(ssrc, localSsrc, 90_000, rtxSsrc, rtxPayloadType, depacketizer, "rtc4j", true, 1024, 1500,
                    4 << 20, Duration.ZERO, Duration.ofSeconds(1), 4.0, 10, Duration.ofMillis(20), Duration.ofMillis(300),
                    Duration.ofSeconds(1));
        }

        /** Audio defaults: no NACK, 256 packets, delay 20 ms ~ 500 ms. */
        public static Config audio(long ssrc, long localSsrc, int clockRate, Depacketizer depacketizer) {
            return new Config(ssrc, localSsrc, clockRate, -1, 0, depacketizer, "rtc4j", false, 256, 1500, 1500,
                    Duration.ofMillis(20), Duration.ofMillis(500), 0, 0, Duration.ofMillis(20), Duration.ofSeconds(1),
                    Duration.ofSeconds(1));
        }

        public Config withNack(boolean nack, double rttFactor, int retries) {
            return new Config(ssrc, localSsrc, clockRate, rtxSsrc, rtxPayloadType, depacketizer, cname, nack, maxPackets,
                    maxPacketSize, maxFrameSize, minDelay, maxDelay, rttFactor, retries, nackInterval, keyframeRequestInterval, rtcpInterval);
        }

        public Config withDelay(Duration min, Duration max) {
            return new Config(ssrc, localSsrc, clockRate, rtxSsrc, rtxPayloadType, depacketizer, cname, nack, maxPackets,
                    maxPacketSize, maxFrameSize, min, max, nackRttFactor, maxNackRetries, nackInterval, keyframeRequestInterval, rtcpInterval);
        }

        public Config withMaxPackets(int packets) {
            return new Config(ssrc, localSsrc, clockRate, rtxSsrc, rtxPayloadType, depacketizer, cname, nack, packets,
                    maxPacketSize, maxFrameSize, minDelay, maxDelay, nackRttFactor, maxNackRetries, nackInterval, keyframeRequestInterval, rtcpInterval);
        }
    }

    /** Counters and estimates, a snapshot. */
    public record Stats(long packetsReceived, long bytesReceived, long retransmissionsReceived, long duplicates, long late,
                        long malformed, long foreign, long overflows, long framesDelivered, long framesDropped, long nacksSent,
                        long nackedPackets, long plisSent, long cumulativeLost, double jitterSeconds, Duration targetDelay,
                        Optional<Duration> rtt) {
    }

    private final Config config;
    private final int mask;
    private final long[] slotSeq;
    private final byte[][] slotData;
    private final int[] slotLength;
    private final long[] slotTimestamp;
    private final boolean[] slotMarker;
    private final boolean[] slotStart;
    private final boolean[] slotPadding;
    private final long[] slotArrival;
    private final long[] missingSeq;
    private final long[] nackSentAt;
    private final long[] missingSince;
    private final int[] nackRetries;
    private final RtpPacket view = new RtpPacket();
    private final ArrayDeque<EncodedFrame> frames = new ArrayDeque<>();
    private final ArrayDeque<byte[]> rtcp = new ArrayDeque<>();
    private final byte[] frameBuffer;

    private long now;
    private boolean started;
    private long highestSeq = -1;
    private long nextSeq;
    private boolean needKeyframe = true;
    private long lastTimestamp = -1;
    // RFC 3550 A.1 / A.3 counters
    private long baseSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter; // timestamp units
    private long lastTransit = NEVER;
    private long minTransit = Long.MAX_VALUE;
    private long minAnyTransit = Long.MAX_VALUE;
    // RTT and sender reports
    private long rttNanos = -1;
    private long lastSrMiddle;
    private long lastSrArrival = NEVER;
    private long lastSrNtp;
    private long lastSrRtp;
    private long lastPli = NEVER;
    private long nextNack = NEVER;
    private long nextReport = NEVER;
    private boolean nackDue;
    // stats
    private long bytesReceived;
    private long retransmissions;
    private long duplicates;
    private long late;
    private long malformed;
    private long foreign;
    private long overflows;
    private long framesDelivered;
    private long framesDropped;
    private long nacksSent;
    private long nackedPackets;
    private long plisSent;

    public ReceiveStream(Config config) {
        this.config = config;
        int n = config.maxPackets();
        this.mask = n - 1;
        this.slotSeq = new long[n];
        this.slotData = new byte[n][];
        this.slotLength = new int[n];
        this.slotTimestamp = new long[n];
        this.slotMarker = new boolean[n];
        this.slotStart = new boolean[n];
        this.slotPadding = new boolean[n];
        this.slotArrival = new long[n];
        this.missingSeq = new long[n];
        this.nackSentAt = new long[n];
        this.missingSince = new long[n];
        this.nackRetries = new int[n];
        Arrays.fill(slotSeq, -1);
        Arrays.fill(missingSeq, -1);
        this.frameBuffer = new byte[config.maxFrameSize()];
    }

    public Config config() {
        return config;
    }

    private void advance(Instant t) {
        long n = Ntp.nanos(t);
        if (!started || n > now) {
            now = n;
        }
        if (!started) {
            started = true;
            nextReport = now + config.rtcpInterval().toNanos();
        }
    }

    /**
     * Takes one RTP packet (media or RTX) of {@code len} bytes at {@code buf[off]}; the bytes are copied
     * and the caller may reuse the array at once. Never throws for network input.
     */
    public void handleRtp(Instant now, byte[] buf, int off, int len) {
        advance(now);
        try {
            view.wrap(buf, off, len);
        } catch (RtpException e) {
            malformed++;
            LOG.debug("ssrc {}: dropped a malformed RTP packet: {}", config.ssrc(), e.getMessage());
            return;
        }
        long ssrc = view.ssrc();
        int payloadOff = view.payloadOffset();
        int payloadLen = view.payloadLength();
        int seq;
        boolean rtx = false;
        if (ssrc == config.ssrc()) {
            seq = view.sequenceNumber();
        } else if (config.rtxSsrc() >= 0 && ssrc == config.rtxSsrc() && view.payloadType() == config.rtxPayloadType()) {
            if (payloadLen < 2) {
                if (payloadLen != 0) {
                    malformed++;
                }
                return; // padding-only RTX (probing) carries nothing
            }
            seq = Bytes.u16(buf, payloadOff);
            payloadOff += 2;
            payloadLen -= 2;
            rtx = true;
        } else {
            foreign++;
            return;
        }
        if (payloadLen > config.maxPacketSize()) {
            malformed++;
            return;
        }
        boolean padding = payloadLen == 0; // padding-only (RFC 3550 §5.1): takes a sequence number, carries nothing
        boolean start;
        try {
            start = !padding && config.depacketizer().isFrameStart(buf, payloadOff, payloadLen);
        } catch (RtpException e) {
            malformed++;
            LOG.debug("ssrc {}: dropped an undecodable payload: {}", config.ssrc(), e.getMessage());
            return;
        }
        long ext = extend(seq);
        long ts = extendTimestamp(view.timestamp());
        if (!rtx) {
            if (highestSeq < 0) {
                baseSeq = ext;
                nextSeq = ext;
            }
            if (!padding) {
                updateJitter(ts, view.marker() || config.depacketizer().isAudio());
            }
        }
        bytesReceived += len;
        if (highestSeq >= 0 && ext < nextSeq && framesDelivered == 0 && framesDropped == 0
                && highestSeq - ext < config.maxPackets() / 2) {
            // reordered before the first frame: the stream starts earlier than thought, and what lies
            // between is missing
            if (config.nack()) {
                for (long m = ext + 1; m < nextSeq; m++) {
                    markMissing(m);
                }
            }
            nextSeq = ext;
            baseSeq = Math.min(baseSeq, ext);
        }
        if (highestSeq >= 0 && ext < nextSeq) {
            late++;
            return;
        }
        if (highestSeq >= 0 && ext - nextSeq >= config.maxPackets()) {
            overflow(ext);
        }
        int i = (int) (ext & mask);
        if (slotSeq[i] == ext) {
            duplicates++;
            return;
        }
        if (!rtx) {
            received++;
        } else {
            retransmissions++;
        }
        if (ext > highestSeq) {
            if (highestSeq >= 0 && config.nack()) {
                for (long m = highestSeq + 1; m < ext; m++) {
                    markMissing(m);
                }
            }
            highestSeq = ext;
        }
        if (missingSeq[i] == ext) {
            missingSeq[i] = -1;
        }
        if (slotData[i] == null || slotData[i].length < payloadLen) {
            slotData[i] = new byte[Math.max(payloadLen, Math.min(1200, config.maxPacketSize()))];
        }
        System.arraycopy(buf, payloadOff, slotData[i], 0, payloadLen);
        slotSeq[i] = ext;
        slotLength[i] = payloadLen;
        slotTimestamp[i] = ts;
        slotMarker[i] = view.marker();
        slotStart[i] = start;
        slotPadding[i] = padding;
        slotArrival[i] = this.now;
        if (nackDue) {
            nackDue = false;
            long at = this.now + reorderWindow();
            nextNack = nextNack == NEVER ? at : Math.min(nextNack, at);
        }
        assemble();
    }

    private void markMissing(long m) {
        int k = (int) (m & mask);
        if (slotSeq[k] == m) {
            return;
        }
        missingSeq[k] = m;
        nackSentAt[k] = NEVER;
        missingSince[k] = now;
        nackRetries[k] = 0;
        nackDue = true;
    }

    private long extend(int seq) {
        if (highestSeq < 0) {
            return (1L << 16) + seq; // room below for late packets
        }
        long candidate = (highestSeq & ~0xFFFFL) | seq;
        if (candidate - highestSeq > 0x8000) {
            candidate -= 0x10000;
        } else if (highestSeq - candidate > 0x8000) {
            candidate += 0x10000;
        }
        return candidate;
    }

    private long extendTimestamp(long ts) {
        if (lastTimestamp < 0) {
            lastTimestamp = (1L << 32) + ts;
            return lastTimestamp;
        }
        long candidate = (lastTimestamp & ~0xFFFFFFFFL) | ts;
        if (candidate - lastTimestamp > 0x80000000L) {
            candidate -= 1L << 32;
        } else if (lastTimestamp - candidate > 0x80000000L) {
            candidate += 1L << 32;
        }
        if (candidate > lastTimestamp) {
            lastTimestamp = candidate;
        }
        return candidate;
    }

    /**
     * RFC 3550 A.8, on original packets only; also tracks the smallest transit of a frame's last
     * packet (the marker, or any audio packet), the baseline of playout times, so that a frame whose
     * packets arrive spread out is due when its last packet would arrive on the fastest path.
     */
    private void updateJitter(long ts, boolean endsFrame) {
        long arrivalUnits = Math.floorDiv(now, 1_000_000_000L) * config.clockRate()
                + Math.floorMod(now, 1_000_000_000L) * config.clockRate() / 1_000_000_000L;
        long transit = arrivalUnits - ts;
        if (lastTransit != NEVER) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        long transitNanos = now - tsNanos(ts);
        minAnyTransit = Math.min(minAnyTransit, transitNanos);
        if (endsFrame) {
            minTransit = Math.min(minTransit, transitNanos);
        }
    }

    private void overflow(long ext) {
        overflows++;
        LOG.debug("ssrc {}: jitter buffer overflow at {}, flushing", config.ssrc(), ext);
        for (int k = 0; k <= mask; k++) {
            if (slotSeq[k] >= 0) {
                slotSeq[k] = -1;
            }
            missingSeq[k] = -1;
        }
        framesDropped++;
        nextSeq = ext;
        highestSeq = ext - 1;
        needKeyframe = true;
        requestKeyframe();
    }

    /** The target delay now, nanoseconds. */
    private long targetDelay() {
        double jitterNanos = jitter * 1e9 / config.clockRate();
        double d = 3 * jitterNanos;
        if (config.nack()) {
            d += config.nackRttFactor() * (rttNanos < 0 ? 100_000_000L : rttNanos);
        }
        long lo = config.minDelay().toNanos();
        long hi = config.maxDelay().toNanos();
        return Math.max(lo, Math.min(hi, (long) d));
    }

    private long playoutTime(long extTs) {
        // before any frame ended, the first packets' transit stands in
        return tsNanos(extTs) + (minTransit != Long.MAX_VALUE ? minTransit : minAnyTransit) + targetDelay();
    }

    private long tsNanos(long extTs) {
        long rate = config.clockRate();
        return extTs / rate * 1_000_000_000L + extTs % rate * 1_000_000_000L / rate;
    }

    private boolean present(long seq) {
        return slotSeq[(int) (seq & mask)] == seq;
    }

    /** Releases complete frames whose playout time came, and gives up on overdue incomplete ones. */
    private void assemble() {
        while (highestSeq >= 0 && nextSeq <= highestSeq) {
            long head = nextSeq;
            if (!present(head)) {
                long firstTs = earliestTimestampAfter(head);
                if (firstTs < 0 || now <= playoutTime(firstTs)) {
                    return;
                }
                giveUp(head);
                continue;
            }
            int hi = (int) (head & mask);
            if (slotPadding[hi]) {
                release(head, head);
                nextSeq = head + 1;
                continue;
            }
            long ts = slotTimestamp[hi];
            long end = -1;
            if (config.depacketizer().isAudio()) {
                end = head;
            } else {
                long s = head;
                while (present(s) && slotTimestamp[(int) (s & mask)] == ts && !slotPadding[(int) (s & mask)]) {
                    if (slotMarker[(int) (s & mask)]) {
                        end = s;
                        break;
                    }
                    s++;
                }
                if (end < 0 && present(s) && s > head) {
                    end = s - 1; // the next frame began without a marker on this one
                }
            }
            if (end < 0) {
                if (now <= playoutTime(ts)) {
                    return; // an incomplete frame is given up only after its playout time
                }
                giveUp(head);
                continue;
            }
            if (now < playoutTime(ts)) {
                return;
            }
            deliver(head, end, ts);
        }
    }

    private long earliestTimestampAfter(long head) {
        long best = -1;
        for (long s = head + 1; s <= highestSeq; s++) {
            int k = (int) (s & mask);
            if (slotSeq[k] == s) {
                return slotTimestamp[k];
            }
        }
        return best;
    }

    /** Drops the frame at {@code head} (incomplete at its playout time) and skips to the next frame start. */
    private void giveUp(long head) {
        framesDropped++;
        long s = head + 1;
        for (; s <= highestSeq; s++) {
            int k = (int) (s & mask);
            if (slotSeq[k] != s || slotPadding[k]) {
                continue;
            }
            int p = (int) ((s - 1) & mask);
            boolean prevKnown = slotSeq[p] == s - 1;
            if (slotStart[k] || prevKnown && (slotMarker[p] || slotPadding[p] || slotTimestamp[p] != slotTimestamp[k])) {
                break;
            }
        }
        LOG.debug("ssrc {}: gave up on the frame at {}, resuming at {}", config.ssrc(), head, s);
        release(head, s - 1);
        nextSeq = s;
        if (s > highestSeq) {
            highestSeq = s - 1;
        }
        needKeyframe = true;
        requestKeyframe();
    }

    private void release(long from, long to) {
        for (long s = from; s <= to; s++) {
            int k = (int) (s & mask);
            if (slotSeq[k] == s) {
                slotSeq[k] = -1;
            }
            if (missingSeq[k] == s) {
                missingSeq[k] = -1;
            }
        }
    }

    private void deliver(long head, long end, long ts) {
        Depacketizer d = config.depacketizer();
        boolean keyframe = false;
        int n = 0;
        try {
            d.beginFrame();
            for (long s = head; s <= end; s++) {
                int k = (int) (s & mask);
                keyframe |= d.isKeyframe(slotData[k], 0, slotLength[k]);
                n += d.depacketize(slotData[k], 0, slotLength[k], frameBuffer, n);
            }
        } catch (RtpException e) {
            LOG.debug("ssrc {}: dropped an undecodable frame: {}", config.ssrc(), e.getMessage());
            malformed++;
            release(head, end);
            nextSeq = end + 1;
            framesDropped++;
            needKeyframe = true;
            requestKeyframe();
            return;
        }
        release(head, end);
        nextSeq = end + 1;
        if (needKeyframe && !keyframe) {
            framesDropped++;
            requestKeyframe();
            return;
        }
        needKeyframe = false;
        framesDelivered++;
        frames.add(new EncodedFrame(Arrays.copyOf(frameBuffer, n), ts & 0xFFFFFFFFL, keyframe, (int) (head & 0xFFFF),
                (int) (end & 0xFFFF), Ntp.instant(now)));
    }

    private void requestKeyframe() {
        if (lastPli != NEVER && now - lastPli < Math.max(config.keyframeRequestInterval().toNanos(), rttNanos)) {
            return;
        }
        lastPli = now;
        plisSent++;
        rtcp.add(new PictureLossIndication(config.localSsrc(), config.ssrc()).encode());
    }

    /**
     * How long a gap may be reordering before its first NACK: three times the jitter, at least 10 ms
     * and at most 50 ms (libwebrtc waits for a number of packets from a reordering histogram instead).
     */
    private long reorderWindow() {
        long j = (long) (3 * jitter * 1e9 / config.clockRate());
        return Math.max(10_000_000L, Math.min(50_000_000L, j));
    }

    private void sendNacks() {
        if (!config.nack()) {
            return;
        }
        long rtt = rttNanos < 0 ? 100_000_000L : rttNanos;
        long window = reorderWindow();
        long next = now + config.nackInterval().toNanos();
        int[] batch = null;
        int n = 0;
        for (long s = nextSeq; s <= highestSeq; s++) {
            int k = (int) (s & mask);
            if (missingSeq[k] != s || nackRetries[k] >= config.maxNackRetries()) {
                continue;
            }
            long due = nackSentAt[k] != NEVER ? nackSentAt[k] + rtt + window : missingSince[k] + window;
            if (now < due) {
                next = Math.min(next, due);
                continue;
            }
            nackSentAt[k] = now;
            nackRetries[k]++;
            if (nackRetries[k] < config.maxNackRetries()) {
                next = Math.min(next, now + rtt + window);
            }
            if (batch == null) {
                batch = new int[64];
            } else if (n == batch.length) {
                batch = Arrays.copyOf(batch, n * 2);
            }
            batch[n++] = (int) (s & 0xFFFF);
        }
        nextNack = next;
        if (n > 0) {
            nacksSent++;
            nackedPackets += n;
            rtcp.add(GenericNack.of(config.localSsrc(), config.ssrc(), Arrays.copyOf(batch, n)).encode());
        }
    }

    /**
     * Takes RTCP from the sender: SR (LSR, the NTP/RTP mapping), XR DLRR (the RTT on this side).
     * Packets about other sources are ignored.
     */
    public void handleRtcp(Instant now, RtcpPacket packet) {
        advance(now);
        if (packet instanceof SenderReport sr && sr.ssrc() == config.ssrc()) {
            lastSrMiddle = Ntp.middle(sr.ntpTimestamp());
            lastSrArrival = this.now;
            lastSrNtp = sr.ntpTimestamp();
            lastSrRtp = sr.rtpTimestamp();
        } else if (packet instanceof ExtendedReport xr) {
            for (ExtendedReport.Block b : xr.blocks()) {
                if (b instanceof ExtendedReport.Dlrr dlrr) {
                    for (ExtendedReport.Dlrr.SubBlock s : dlrr.subBlocks()) {
                        if (s.ssrc() == config.localSsrc() && s.lastRr() != 0) {
                            long rtt = (Ntp.middle(Ntp.fromNanos(this.now)) - s.lastRr() - s.delaySinceLastRr()) & 0xFFFFFFFFL;
                            if (rtt < 0x80000000L) {
                                rttNanos = Ntp.shortToNanos(rtt);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Takes a compound RTCP packet; malformed ones are dropped and counted. */
    public void handleRtcp(Instant now, byte[] buf, int off, int len) {
        try {
            for (RtcpPacket p : RtcpPacket.decode(buf, off, len)) {
                handleRtcp(now, p);
            }
        } catch (RtpException e) {
            advance(now);
            malformed++;
        }
    }

    /** Sets the RTT when another stream measured it (a sender on the same transport). */
    public void setRtt(Duration rtt) {
        this.rttNanos = rtt.toNanos();
    }

    /** Runs timers: NACK retries, overdue frames, receiver reports. Spurious calls are harmless. */
    public void handleTimeout(Instant now) {
        advance(now);
        if (nextNack != NEVER && this.now >= nextNack) {
            sendNacks();
        }
        assemble();
        if (this.now >= nextReport) {
            nextReport = this.now + config.rtcpInterval().toNanos();
            if (highestSeq >= 0) {
                sendReport();
            }
        }
    }

    private void sendReport() {
        long expected = highestSeq - baseSeq + 1;
        long lost = Math.max(-0x800000, Math.min(0x7FFFFF, expected - received));
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long dlsr = lastSrArrival == NEVER ? 0 : Ntp.nanosToShort(now - lastSrArrival);
        ReportBlock block = new ReportBlock(config.ssrc(), fraction, (int) lost, highestSeq & 0xFFFFFFFFL, (long) jitter,
                lastSrArrival == NEVER ? 0 : lastSrMiddle, dlsr);
        List<RtcpPacket> compound = new ArrayList<>(3);
        compound.add(new ReceiverReport(config.localSsrc(), List.of(block)));
        compound.add(SourceDescription.cname(config.localSsrc(), config.cname()));
        compound.add(new ExtendedReport(config.localSsrc(), List.of(new ExtendedReport.ReceiverReferenceTime(Ntp.fromNanos(now)))));
        rtcp.add(RtcpPacket.encode(compound));
    }

    /** The next frame released by the jitter buffer. */
    public Optional<EncodedFrame> pollFrame() {
        return Optional.ofNullable(frames.poll());
    }

    /** The next RTCP packet to send (a compound RR, or a reduced-size NACK or PLI), encoded. */
    public Optional<byte[]> pollRtcp() {
        return Optional.ofNullable(rtcp.poll());
    }

    /** The earliest time {@link #handleTimeout} has work: a NACK retry, a frame's playout, a report. */
    public Optional<Instant> pollTimeout() {
        if (!started) {
            return Optional.empty();
        }
        long t = nextReport;
        if (nextNack != NEVER && hasMissing()) {
            t = Math.min(t, nextNack);
        }
        if (highestSeq >= nextSeq) {
            long head = present(nextSeq) ? slotTimestamp[(int) (nextSeq & mask)] : earliestTimestampAfter(nextSeq);
            if (head >= 0) {
                t = Math.min(t, playoutTime(head) + 1);
            }
        }
        return Optional.of(Ntp.instant(Math.max(t, now)));
    }

    private boolean hasMissing() {
        for (long s = nextSeq; s <= highestSeq; s++) {
            if (missingSeq[(int) (s & mask)] == s) {
                return true;
            }
        }
        return false;
    }

    /** The sender's wallclock (Unix nanoseconds) for an RTP timestamp, from the last SR, for A/V sync. */
    public Optional<Instant> senderTimeOf(long rtpTimestamp) {
        if (lastSrArrival == NEVER) {
            return Optional.empty();
        }
        long delta = (int) (rtpTimestamp - lastSrRtp); // wrap-aware within 2^31 units
        return Optional.of(Ntp.instant(Ntp.toNanos(lastSrNtp) + delta * 1_000_000_000L / config.clockRate()));
    }

    public Stats stats() {
        long expected = highestSeq < 0 ? 0 : highestSeq - baseSeq + 1;
        return new Stats(received, bytesReceived, retransmissions, duplicates, late, malformed, foreign, overflows,
                framesDelivered, framesDropped, nacksSent, nackedPackets, plisSent, Math.max(0, expected - received),
                jitter / config.clockRate(), Duration.ofNanos(targetDelay()),
                rttNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rttNanos)));
    }
}
