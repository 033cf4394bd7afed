package org.rtc4j.rtp;

import java.util.List;

/**
 * Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2), an application layer
 * feedback message (PT 206 FMT 15) whose FCI starts with "REMB". The bitrate is mantissa &lt;&lt;
 * exponent; both are kept as received so the packet re-encodes byte for byte.
 *
 * @param senderSsrc the sender of the feedback
 * @param exponent 0 ~ 63
 * @param mantissa 0 ~ 2^18-1
 * @param ssrcs the media sources the estimate applies to (at most 255)
 */
public record ReceiverEstimatedMaxBitrate(long senderSsrc, int exponent, int mantissa, List<Long> ssrcs) implements RtcpPacket {
    public static final int FMT = 15;

    public ReceiverEstimatedMaxBitrate {
        if (exponent < 0 || exponent > 63 || mantissa < 0 || mantissa > 0x3FFFF) {
            throw new IllegalArgumentException("exponent " + exponent + ", mantissa " + mantissa + " (expected: 6 and 18 bits)");
        }
        ssrcs = List.copyOf(ssrcs);
        Rtcp.checkCount("sources", ssrcs.size(), 255);
    }

    /** An estimate of {@code bitsPerSecond} in the shortest exponent that holds it (rounded down). */
    public static ReceiverEstimatedMaxBitrate of(long senderSsrc, long bitsPerSecond, List<Long> ssrcs) {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("bitrate " + bitsPerSecond + " (expected: >= 0)");
        }
        int exp = 0;
        while ((bitsPerSecond >>> exp) > 0x3FFFF) {
            exp++;
        }
        return new ReceiverEstimatedMaxBitrate(senderSsrc, exp, (int) (bitsPerSecond >>> exp), ssrcs);
    }

    /** The estimate in bits per second (saturating at Long.MAX_VALUE). */
    public long bitrate() {
        return exponent > 45 ? (mantissa == 0 ? 0 : Long.MAX_VALUE) : (long) mantissa << exponent;
    }

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public int encodedLength() {
        return 20 + 4 * ssrcs.size();
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, FMT, PSFB, encodedLength() - 4);
        Bytes.put32(out, off + 4, senderSsrc);
        Bytes.put32(out, off + 8, 0);
        out[off + 12] = 'R';
        out[off + 13] = 'E';
        out[off + 14] = 'M';
        out[off + 15] = 'B';
        out[off + 16] = (byte) ssrcs.size();
        Bytes.put24(out, off + 17, exponent << 18 | mantissa);
        int i = off + 20;
        for (long s : ssrcs) {
            Bytes.put32(out, i, s);
            i += 4;
        }
        return n;
    }

    static boolean isRemb(byte[] b, int body, int len) {
        return len >= 16 && b[body + 8] == 'R' && b[body + 9] == 'E' && b[body + 10] == 'M' && b[body + 11] == 'B';
    }

    static ReceiverEstimatedMaxBitrate decode(byte[] b, int body, int len) throws RtpException {
        int count = b[body + 12] & 0xFF;
        if (len != 16 + 4 * count) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "REMB of " + len + " bytes with " + count + " sources");
        }
        int v = Bytes.u24(b, body + 13);
        Long[] ssrcs = new Long[count];
        for (int k = 0; k < count; k++) {
            ssrcs[k] = Bytes.u32(b, body + 16 + 4 * k);
        }
        return new ReceiverEstimatedMaxBitrate(Bytes.u32(b, body), v >>> 18, v & 0x3FFFF, List.of(ssrcs));
    }
}
