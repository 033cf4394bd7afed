package org.rtc4j.rtp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One sent RTP stream (an SSRC and its RTX stream), sans-IO: packetizes frames into RTP packets kept
 * in a retransmission history, answers NACKs with RTX packets (RFC 4588 §4: the original sequence
 * number in front of the original payload, on the RTX SSRC and payload type) or, without RTX, with
 * the original packet; sends sender reports (RFC 3550 §6.4.1) with SDES and an XR DLRR (RFC 3611 §4.5)
 * answering the receiver's reference time; and takes the receiver's reports (RTT from LSR/DLSR, loss,
 * jitter), PLI/FIR and REMB.
 *
 * <p>Driving it: {@link #sendFrame} and {@link #handleRtcp} for input, {@link #handleTimeout} at
 * {@link #pollTimeout()}; drain {@link #pollRtp(byte[], int)} (retransmissions first) into the
 * caller's buffer, {@link #pollRtcp()} and {@link #pollEvent()}.
 *
 * <p>Bounds and buffers: the history holds {@code historyPackets} packets of at most
 * {@code maxPacketSize} bytes, preallocated once; a packet is retransmitted only while younger than
 * {@code historyAge} and at most once per half RTT. The packet path ({@code sendFrame}, {@code pollRtp})
 * allocates nothing. Not thread-safe.
 */
public final class SendStream {
    /**
     * Configuration.
     *
     * @param ssrc the media SSRC
     * @param payloadType the media payload type
     * @param clockRate the RTP clock rate
     * @param rtxSsrc the RTX SSRC, or -1 to retransmit the original packets
     * @param rtxPayloadType the RTX payload type
     * @param packetizer the payload format
     * @param cname the CNAME for SDES
     * @param historyPackets the history's capacity in packets, a power of two
     * @param maxPacketSize the largest RTP packet (header, extensions and payload)
     * @param historyAge how long packets stay retransmittable (at least 1 s of media by default)
     * @param rtcpInterval the time between sender reports
     * @param transportSequenceId the transport-wide-cc extension id, 0 for none
     */
    public record Config(long ssrc, int payloadType, int clockRate, long rtxSsrc, int rtxPayloadType, Packetizer packetizer,
                         String cname, int historyPackets, int maxPacketSize, Duration historyAge, Duration rtcpInterval,
                         int transportSequenceId) {
        public Config {
            if (Integer.bitCount(historyPackets) != 1 || historyPackets > 1 << 15 || maxPacketSize < packetizer.maxPayload() + 40) {
                throw new IllegalArgumentException("history " + historyPackets + " packets of " + maxPacketSize
                        + " bytes (expected: a power of two up to 32768, so that sequence numbers map to slots across"
                        + " their wrap, and room for the payload budget " + packetizer.maxPayload() + " plus 40)");
            }
        }

        /** Video defaults: 1024 packets of history kept 1 s, 1 s reports, no transport-wide-cc. */
        public static Config video(long ssrc, int payloadType, long rtxSsrc, int rtxPayloadType, Packetizer packetizer) {
            return new Config(ssrc, payloadType, 90_000, rtxSsrc, rtxPayloadType, packetizer, "rtc4j", 1024,
                    packetizer.maxPayload() + 100, Duration.ofSeconds(1), Duration.ofSeconds(1), 0);
        }
    }

    /** What the application learns from the receiver. */
    public sealed interface Event {
    }

    /** The receiver asked for a keyframe (PLI or FIR). */
    public record KeyframeRequested() implements Event {
    }

    /** The receiver's estimated maximum bitrate (REMB). */
    public record Remb(long bitsPerSecond) implements Event {
    }

    /** A report block about this stream, with the RTT it gave when it had an LSR. */
    public record Report(ReportBlock block, Optional<Duration> rtt) implements Event {
    }

    private final Config config;
    private final byte[][] history;
    private final int[] historyLength;
    private final int[] historySeq;
    private final long[] historySentAt;
    private final long[] historyRetransmittedAt;
    private final int[] queue; // history indices of first transmissions
    private int queueHead;
    private int queueSize;
    private final int[] rtxQueue; // sequence numbers to retransmit
    private int rtxHead;
    private int rtxSize;
    private final RtpWriter writer = new RtpWriter();
    private final RtpPacket view = new RtpPacket();
    private final ArrayDeque<byte[]> rtcp = new ArrayDeque<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();

    private long now;
    private boolean started;
    private int seq;
    private int rtxSeq;
    private int transportSeq;
    private long lastRtpTimestamp;
    private long lastFrameAt;
    private long packetCount;
    private long octetCount;
    private long nextReport;
    private long rttNanos = -1;
    private long lastRrtr;
    private long lastRrtrArrival = Long.MIN_VALUE;
    private long remoteSsrcOfRrtr;
    private long retransmitted;
    private long nacksReceived;

    public SendStream(Config config, int firstSequenceNumber) {
        this.config = config;
        int n = config.historyPackets();
        this.history = new byte[n][config.maxPacketSize()];
        this.historyLength = new int[n];
        this.historySeq = new int[n];
        this.historySentAt = new long[n];
        this.historyRetransmittedAt = new long[n];
        this.queue = new int[n];
        this.rtxQueue = new int[n];
        java.util.Arrays.fill(historySeq, -1);
        this.seq = firstSequenceNumber & 0xFFFF;
        this.rtxSeq = (firstSequenceNumber * 31 + 7) & 0xFFFF;
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
     * Packetizes a frame into RTP packets with consecutive sequence numbers, the marker on the last,
     * and queues them for {@link #pollRtp}. The frame is copied; the caller may reuse it.
     *
     * @throws IllegalStateException when the packets would not fit the history's free room (drain
     *         {@code pollRtp} first)
     */
    public void sendFrame(Instant now, byte[] frame, int off, int len, long rtpTimestamp) {
        advance(now);
        Packetizer p = config.packetizer();
        p.begin(frame, off, len);
        while (p.hasNext()) {
            if (queueSize == queue.length) {
                throw new IllegalStateException("the send queue is full (" + queue.length + " packets; expected: pollRtp drained)");
            }
            int slot = seq % history.length;
            byte[] b = history[slot];
            writer.begin(b, 0, config.payloadType(), seq, rtpTimestamp, config.ssrc());
            if (config.transportSequenceId() > 0) {
                writer.extension(config.transportSequenceId(), 0, 2); // stamped when polled
            }
            int po = writer.payloadOffset();
            int n = p.next(b, po);
            writer.payloadWritten(n);
            writer.marker(!p.hasNext());
            historyLength[slot] = writer.finish();
            historySeq[slot] = seq;
            historySentAt[slot] = this.now;
            historyRetransmittedAt[slot] = Long.MIN_VALUE;
            queue[(queueHead + queueSize++) % queue.length] = slot;
            packetCount++;
            octetCount += n;
            seq = (seq + 1) & 0xFFFF;
        }
        lastRtpTimestamp = rtpTimestamp & 0xFFFFFFFFL;
        lastFrameAt = this.now;
    }

    /**
     * Writes the next packet to send at {@code out[off]}: a retransmission if one is queued, else the
     * next new packet. Returns its length, or -1 when there is nothing to send.
     */
    public int pollRtp(byte[] out, int off) {
        while (rtxSize > 0) {
            int s = rtxQueue[rtxHead];
            rtxHead = (rtxHead + 1) % rtxQueue.length;
            rtxSize--;
            int slot = s % history.length;
            if (historySeq[slot] != s) {
                continue;
            }
            retransmitted++;
            return writeRetransmission(slot, out, off);
        }
        if (queueSize == 0) {
            return -1;
        }
        int slot = queue[queueHead];
        queueHead = (queueHead + 1) % queue.length;
        queueSize--;
        int n = historyLength[slot];
        System.arraycopy(history[slot], 0, out, off, n);
        stampTransportSequence(out, off, n);
        return n;
    }

    /**
     * Writes a padding-only packet of {@code size} bytes (at least 12 + 2 + 1 with the extension) at
     * {@code out[off]}, for bandwidth probing ({@link Pacer#PADDING}): on the RTX SSRC when there is
     * one (RFC 4588 §4 lets RTX carry padding alone), else on the media SSRC with the last
     * timestamp. Returns its length, which may exceed {@code size} by the header when it is small.
     */
    public int writePadding(byte[] out, int off, int size) {
        boolean rtx = config.rtxSsrc() >= 0;
        int s;
        if (rtx) {
            s = rtxSeq;
            rtxSeq = (rtxSeq + 1) & 0xFFFF;
        } else {
            s = seq;
            seq = (seq + 1) & 0xFFFF;
        }
        writer.begin(out, off, rtx ? config.rtxPayloadType() : config.payloadType(), s, lastRtpTimestamp,
                rtx ? config.rtxSsrc() : config.ssrc());
        if (config.transportSequenceId() > 0) {
            writer.extension(config.transportSequenceId(), 0, 2);
        }
        int header = writer.payloadOffset() - off;
        writer.padding(Math.max(1, Math.min(255, size - header)));
        int n = writer.finish();
        stampTransportSequence(out, off, n);
        return n;
    }

    /** The transport-wide sequence number of the last packet {@link #pollRtp} or {@link #writePadding} wrote, or -1. */
    public int lastTransportSequence() {
        return config.transportSequenceId() > 0 && transportStamped ? (transportSeq - 1) & 0xFFFF : -1;
    }

    private boolean transportStamped;

    private void stampTransportSequence(byte[] out, int off, int n) {
        if (config.transportSequenceId() <= 0) {
            return;
        }
        transportStamped = true;
        try {
            view.wrap(out, off, n);
        } catch (RtpException e) {
            throw new AssertionError("a packet this stream wrote does not parse", e);
        }
        int at = view.extensionOffset(config.transportSequenceId());
        if (at >= 0) {
            HeaderExtension.writeTransportSequence(out, at, transportSeq);
            transportSeq = (transportSeq + 1) & 0xFFFF;
        }
    }

    private int writeRetransmission(int slot, byte[] out, int off) {
        byte[] b = history[slot];
        int len = historyLength[slot];
        try {
            view.wrap(b, 0, len);
        } catch (RtpException e) {
            throw new AssertionError("a packet this stream wrote does not parse", e);
        }
        historyRetransmittedAt[slot] = now;
        if (config.rtxSsrc() < 0) {
            System.arraycopy(b, 0, out, off, len);
            stampTransportSequence(out, off, len);
            return len;
        }
        int header = view.headerLength();
        int payload = view.payloadLength();
        System.arraycopy(b, 0, out, off, header);
        out[off] &= ~0x20; // no padding
        out[off + 1] = (byte) (out[off + 1] & 0x80 | config.rtxPayloadType());
        Bytes.put16(out, off + 2, rtxSeq);
        Bytes.put32(out, off + 8, config.rtxSsrc());
        rtxSeq = (rtxSeq + 1) & 0xFFFF;
        Bytes.put16(out, off + header, historySeq[slot]);
        System.arraycopy(b, view.payloadOffset(), out, off + header + 2, payload);
        int n = header + 2 + payload;
        stampTransportSequence(out, off, n);
        return n;
    }

    /** Takes RTCP from the receiver: report blocks about this stream, NACK, PLI, FIR, REMB, XR RRTR. */
    public void handleRtcp(Instant now, RtcpPacket packet) {
        advance(now);
        if (packet instanceof ReceiverReport rr) {
            reports(rr.reports());
        } else if (packet instanceof SenderReport sr) {
            reports(sr.reports());
        } else if (packet instanceof GenericNack nack) {
            if (nack.mediaSsrc() == config.ssrc()) {
                nacksReceived++;
                for (int s : nack.lostSequenceNumbers()) {
                    queueRetransmission(s);
                }
            }
        } else if (packet instanceof PictureLossIndication pli) {
            if (pli.mediaSsrc() == config.ssrc()) {
                events.add(new KeyframeRequested());
            }
        } else if (packet instanceof FullIntraRequest fir) {
            for (FullIntraRequest.Entry e : fir.entries()) {
                if (e.ssrc() == config.ssrc()) {
                    events.add(new KeyframeRequested());
                    break;
                }
            }
        } else if (packet instanceof ReceiverEstimatedMaxBitrate remb) {
            if (remb.ssrcs().isEmpty() || remb.ssrcs().contains(config.ssrc())) {
                events.add(new Remb(remb.bitrate()));
            }
        } else if (packet instanceof ExtendedReport xr) {
            for (ExtendedReport.Block b : xr.blocks()) {
                if (b instanceof ExtendedReport.ReceiverReferenceTime rrtr) {
                    lastRrtr = Ntp.middle(rrtr.ntpTimestamp());
                    lastRrtrArrival = this.now;
                    remoteSsrcOfRrtr = xr.ssrc();
                }
            }
        }
    }

    /** Takes a compound RTCP packet; returns false (and ignores it) when it is malformed. */
    public boolean handleRtcp(Instant now, byte[] buf, int off, int len) {
        try {
            for (RtcpPacket p : RtcpPacket.decode(buf, off, len)) {
                handleRtcp(now, p);
            }
            return true;
        } catch (RtpException e) {
            return false;
        }
    }

    private void queueRetransmission(int s) {
        int slot = s % history.length;
        if (historySeq[slot] != s || now - historySentAt[slot] > config.historyAge().toNanos()) {
            return;
        }
        // Half an RTT: a repeated NACK for the same loss is dropped, the receiver's next retry (one
        // RTT later, by its own RTT estimate, which may be a little shorter than ours) is not.
        long window = rttNanos < 0 ? 0 : rttNanos / 2;
        if (historyRetransmittedAt[slot] != Long.MIN_VALUE && now - historyRetransmittedAt[slot] < window) {
            return;
        }
        if (rtxSize == rtxQueue.length) {
            return;
        }
        historyRetransmittedAt[slot] = now;
        rtxQueue[(rtxHead + rtxSize++) % rtxQueue.length] = s;
    }

    private void reports(List<ReportBlock> blocks) {
        for (ReportBlock b : blocks) {
            if (b.ssrc() != config.ssrc()) {
                continue;
            }
            Optional<Duration> rtt = Optional.empty();
            if (b.lastSr() != 0) {
                long units = (Ntp.middle(Ntp.fromNanos(now)) - b.lastSr() - b.delaySinceLastSr()) & 0xFFFFFFFFL;
                if (units < 0x80000000L) {
                    rttNanos = Ntp.shortToNanos(units);
                    rtt = Optional.of(Duration.ofNanos(rttNanos));
                }
            }
            events.add(new Report(b, rtt));
        }
    }

    /** Runs the report timer. Spurious calls are harmless. */
    public void handleTimeout(Instant now) {
        advance(now);
        if (this.now >= nextReport) {
            nextReport = this.now + config.rtcpInterval().toNanos();
            sendReport();
        }
    }

    private void sendReport() {
        long rtp = (lastRtpTimestamp + (now - lastFrameAt) * config.clockRate() / 1_000_000_000L) & 0xFFFFFFFFL;
        List<RtcpPacket> compound = new ArrayList<>(3);
        compound.add(new SenderReport(config.ssrc(), Ntp.fromNanos(now), rtp, packetCount & 0xFFFFFFFFL,
                octetCount & 0xFFFFFFFFL, List.of()));
        compound.add(SourceDescription.cname(config.ssrc(), config.cname()));
        if (lastRrtrArrival != Long.MIN_VALUE) {
            compound.add(new ExtendedReport(config.ssrc(), List.of(new ExtendedReport.Dlrr(List.of(
                    new ExtendedReport.Dlrr.SubBlock(remoteSsrcOfRrtr, lastRrtr, Ntp.nanosToShort(now - lastRrtrArrival)))))));
        }
        rtcp.add(RtcpPacket.encode(compound));
    }

    /** The next RTCP compound packet to send. */
    public Optional<byte[]> pollRtcp() {
        return Optional.ofNullable(rtcp.poll());
    }

    public Optional<Event> pollEvent() {
        return Optional.ofNullable(events.poll());
    }

    /** When the next sender report is due. */
    public Optional<Instant> pollTimeout() {
        return started ? Optional.of(Ntp.instant(nextReport)) : Optional.empty();
    }

    /** The RTT from the last report block with an LSR. */
    public Optional<Duration> rtt() {
        return rttNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(rttNanos));
    }

    public long packetsSent() {
        return packetCount;
    }

    public long retransmissions() {
        return retransmitted;
    }

    public long nacksReceived() {
        return nacksReceived;
    }
}
