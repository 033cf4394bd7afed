package org.rtc4j.rtp;

import java.util.Arrays;

/**
 * A generic NACK (RFC 4585 §6.2.1), PT 205 FMT 1: lost RTP sequence numbers as (PID, BLP) pairs.
 *
 * @param senderSsrc the sender of the feedback
 * @param mediaSsrc the media source the packets were lost from
 * @param entries each entry packs PID &lt;&lt; 16 | BLP
 */
public record GenericNack(long senderSsrc, long mediaSsrc, int[] entries) implements RtcpPacket {
    public static final int FMT = 1;

    public GenericNack {
        entries = entries.clone();
    }

    /** A NACK for the given sequence numbers, packed into as few entries as their spacing allows. */
    public static GenericNack of(long senderSsrc, long mediaSsrc, int... sequenceNumbers) {
        int[] seqs = sequenceNumbers.clone();
        // Sort in sequence-number order relative to the first one, so that wrap-around packs well.
        int base = seqs.length == 0 ? 0 : seqs[0];
        Integer[] boxed = new Integer[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            boxed[i] = seqs[i] & 0xFFFF;
        }
        Arrays.sort(boxed, (a, b) -> Integer.compare((a - base) & 0xFFFF, (b - base) & 0xFFFF));
        int[] out = new int[seqs.length];
        int n = 0;
        for (int i = 0; i < boxed.length; ) {
            int pid = boxed[i];
            int blp = 0;
            i++;
            while (i < boxed.length) {
                int d = (boxed[i] - pid) & 0xFFFF;
                if (d == 0) {
                    i++;
                    continue;
                }
                if (d > 16) {
                    break;
                }
                blp |= 1 << (d - 1);
                i++;
            }
            out[n++] = pid << 16 | blp;
        }
        return new GenericNack(senderSsrc, mediaSsrc, Arrays.copyOf(out, n));
    }

    @Override
    public int[] entries() {
        return entries.clone();
    }

    /** The lost sequence numbers, in entry order. */
    public int[] lostSequenceNumbers() {
        int[] out = new int[entries.length * 17];
        int n = 0;
        for (int e : entries) {
            int pid = e >>> 16;
            out[n++] = pid;
            for (int bit = 0; bit < 16; bit++) {
                if ((e & 1 << bit) != 0) {
                    out[n++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public int packetType() {
        return RTPFB;
    }

    @Override
    public int encodedLength() {
        return 12 + 4 * entries.length;
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, FMT, RTPFB, encodedLength() - 4);
        Bytes.put32(out, off + 4, senderSsrc);
        Bytes.put32(out, off + 8, mediaSsrc);
        for (int k = 0; k < entries.length; k++) {
            Bytes.put32(out, off + 12 + 4 * k, entries[k] & 0xFFFFFFFFL);
        }
        return n;
    }

    static GenericNack decode(byte[] b, int body, int len) throws RtpException {
        if (len < 12 || len % 4 != 0) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "generic NACK of " + len + " bytes (expected: 12 + 4n)");
        }
        int[] entries = new int[(len - 8) / 4];
        for (int k = 0; k < entries.length; k++) {
            entries[k] = (int) Bytes.u32(b, body + 8 + 4 * k);
        }
        return new GenericNack(Bytes.u32(b, body), Bytes.u32(b, body + 4), entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenericNack g && g.senderSsrc == senderSsrc && g.mediaSsrc == mediaSsrc && Arrays.equals(g.entries, entries);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(mediaSsrc) * 31 + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "GenericNack[sender=" + senderSsrc + ", media=" + mediaSsrc + ", lost=" + Arrays.toString(lostSequenceNumbers()) + "]";
    }
}
