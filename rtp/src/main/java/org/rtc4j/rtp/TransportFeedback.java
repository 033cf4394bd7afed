package org.rtc4j.rtp;

import java.util.Arrays;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1), PT 205 FMT 15: which transport-wide sequence numbers arrived, and when.
 *
 * <p>The packet status chunks and receive deltas are kept as they came (run-length, one-bit and
 * two-bit vector chunks may be chosen differently by different senders), so a decoded packet
 * re-encodes byte for byte; {@link #forEachPacket} interprets them. {@link TransportFeedbackWriter}
 * builds one from arrivals without allocating.
 *
 * @param senderSsrc the sender of the feedback
 * @param mediaSsrc the media source field
 * @param baseSequence the first transport-wide sequence number covered
 * @param statusCount how many sequence numbers are covered
 * @param referenceTime the arrival time base in multiples of 64 ms, signed 24 bits
 * @param feedbackCount this feedback's sequence number, 0 ~ 255
 * @param chunks the 16-bit packet status chunks
 * @param deltas the receive deltas in 250 µs units, one per received packet
 */
public record TransportFeedback(long senderSsrc, long mediaSsrc, int baseSequence, int statusCount, int referenceTime,
                                int feedbackCount, int[] chunks, int[] deltas) implements RtcpPacket {
    public static final int FMT = 15;
    /** Status symbols (§3.1.1). */
    public static final int NOT_RECEIVED = 0, SMALL_DELTA = 1, LARGE_DELTA = 2;

    public TransportFeedback {
        chunks = chunks.clone();
        deltas = deltas.clone();
        if (referenceTime < -0x800000 || referenceTime > 0x7FFFFF) {
            throw new IllegalArgumentException("reference time " + referenceTime + " (expected: signed 24 bits)");
        }
        int[] symbols = symbols(chunks, statusCount);
        if (symbols == null) {
            throw new IllegalArgumentException("chunks cover fewer than " + statusCount + " packets or use symbol 3");
        }
        int received = 0;
        for (int s : symbols) {
            if (s != NOT_RECEIVED) {
                if (received >= deltas.length) {
                    throw new IllegalArgumentException("fewer deltas than received packets");
                }
                int d = deltas[received++];
                if (s == SMALL_DELTA ? d < 0 || d > 255 : d < -32768 || d > 32767) {
                    throw new IllegalArgumentException("delta " + d + " does not fit its symbol " + s);
                }
            }
        }
        if (received != deltas.length) {
            throw new IllegalArgumentException(deltas.length + " deltas for " + received + " received packets");
        }
    }

    /** The status symbol of each covered packet, or null when the chunks do not cover them or use symbol 3. */
    static int[] symbols(int[] chunks, int count) {
        int[] out = new int[count];
        int n = 0;
        for (int c : chunks) {
            if (n >= count) {
                break;
            }
            if ((c & 0x8000) == 0) {
                int s = c >>> 13 & 3;
                if (s == 3) {
                    return null;
                }
                int run = c & 0x1FFF;
                for (int k = 0; k < run && n < count; k++) {
                    out[n++] = s;
                }
            } else if ((c & 0x4000) == 0) {
                for (int k = 13; k >= 0 && n < count; k--) {
                    out[n++] = c >>> k & 1;
                }
            } else {
                for (int k = 6; k >= 0 && n < count; k--) {
                    int s = c >>> 2 * k & 3;
                    if (s == 3) {
                        return null;
                    }
                    out[n++] = s;
                }
            }
        }
        return n < count ? null : out;
    }

    /** The status symbol of each covered packet ({@link #NOT_RECEIVED}, {@link #SMALL_DELTA}, {@link #LARGE_DELTA}). */
    public int[] symbols() {
        return symbols(chunks, statusCount);
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }

    @Override
    public int[] deltas() {
        return deltas.clone();
    }

    /** Receives each covered packet of a feedback. */
    @FunctionalInterface
    public interface PacketVisitor {
        /**
         * @param sequence the transport-wide sequence number
         * @param received whether it arrived
         * @param arrivalMicros its arrival time in µs on the receiver's clock (reference time base), when received
         */
        void packet(int sequence, boolean received, long arrivalMicros);
    }

    /** Calls {@code visitor} for every covered packet in sequence order. */
    public void forEachPacket(PacketVisitor visitor) {
        int[] symbols = symbols();
        long t = referenceTime * 64_000L;
        int d = 0;
        for (int k = 0; k < symbols.length; k++) {
            int seq = (baseSequence + k) & 0xFFFF;
            if (symbols[k] == NOT_RECEIVED) {
                visitor.packet(seq, false, 0);
            } else {
                t += deltas[d++] * 250L;
                visitor.packet(seq, true, t);
            }
        }
    }

    @Override
    public int packetType() {
        return RTPFB;
    }

    private int contentLength() {
        int n = 16 + 2 * chunks.length;
        for (int s : symbols()) {
            n += s == NOT_RECEIVED ? 0 : s == SMALL_DELTA ? 1 : 2;
        }
        return n;
    }

    @Override
    public int encodedLength() {
        return Rtcp.totalLength(contentLength());
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, FMT, RTPFB, contentLength());
        Bytes.put32(out, off + 4, senderSsrc);
        Bytes.put32(out, off + 8, mediaSsrc);
        Bytes.put16(out, off + 12, baseSequence);
        Bytes.put16(out, off + 14, statusCount);
        Bytes.put24(out, off + 16, referenceTime & 0xFFFFFF);
        out[off + 19] = (byte) feedbackCount;
        int i = off + 20;
        for (int c : chunks) {
            Bytes.put16(out, i, c);
            i += 2;
        }
        int d = 0;
        for (int s : symbols()) {
            if (s == SMALL_DELTA) {
                out[i++] = (byte) deltas[d++];
            } else if (s == LARGE_DELTA) {
                Bytes.put16(out, i, deltas[d++]);
                i += 2;
            }
        }
        return n;
    }

    static TransportFeedback decode(byte[] b, int body, int len) throws RtpException {
        if (len < 16) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "transport feedback of " + len + " bytes (expected: at least 16)");
        }
        int end = body + len;
        int count = Bytes.u16(b, body + 10);
        int ref = Bytes.u24(b, body + 12);
        if ((ref & 0x800000) != 0) {
            ref |= 0xFF000000;
        }
        int i = body + 16;
        int covered = 0;
        int[] chunks = new int[(len - 16) / 2 + 1];
        int nc = 0;
        while (covered < count) {
            if (i + 2 > end) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "status chunks cover " + covered + " of " + count + " packets");
            }
            int c = Bytes.u16(b, i);
            i += 2;
            chunks[nc++] = c;
            covered += (c & 0x8000) == 0 ? c & 0x1FFF : (c & 0x4000) == 0 ? 14 : 7;
        }
        chunks = Arrays.copyOf(chunks, nc);
        int[] symbols = symbols(chunks, count);
        if (symbols == null) {
            throw new RtpException(RtpException.Reason.BAD_VALUE, "a status chunk uses the reserved symbol 3");
        }
        int[] deltas = new int[count];
        int nd = 0;
        for (int s : symbols) {
            if (s == SMALL_DELTA) {
                if (i + 1 > end) {
                    throw new RtpException(RtpException.Reason.BAD_LENGTH, "receive deltas past the packet");
                }
                deltas[nd++] = b[i++] & 0xFF;
            } else if (s == LARGE_DELTA) {
                if (i + 2 > end) {
                    throw new RtpException(RtpException.Reason.BAD_LENGTH, "receive deltas past the packet");
                }
                deltas[nd++] = (short) Bytes.u16(b, i);
                i += 2;
            }
        }
        return new TransportFeedback(Bytes.u32(b, body), Bytes.u32(b, body + 4), Bytes.u16(b, body + 8), count, ref,
                b[body + 15] & 0xFF, chunks, Arrays.copyOf(deltas, nd));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportFeedback t && t.senderSsrc == senderSsrc && t.mediaSsrc == mediaSsrc
                && t.baseSequence == baseSequence && t.statusCount == statusCount && t.referenceTime == referenceTime
                && t.feedbackCount == feedbackCount && Arrays.equals(t.chunks, chunks) && Arrays.equals(t.deltas, deltas);
    }

    @Override
    public int hashCode() {
        return baseSequence * 31 + statusCount + Arrays.hashCode(deltas);
    }

    @Override
    public String toString() {
        return "TransportFeedback[base=" + baseSequence + ", count=" + statusCount + ", ref=" + referenceTime + ", fb="
                + feedbackCount + ", symbols=" + Arrays.toString(symbols()) + ", deltas=" + Arrays.toString(deltas) + "]";
    }
}
