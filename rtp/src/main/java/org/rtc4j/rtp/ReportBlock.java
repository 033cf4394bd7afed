package org.rtc4j.rtp;

/**
 * A reception report block of an SR or RR (RFC 3550 §6.4.1): 24 bytes about one source.
 *
 * @param ssrc the source reported on
 * @param fractionLost the fraction lost since the last report, in 1/256 (0 ~ 255)
 * @param cumulativeLost the cumulative number of packets lost, signed 24 bits
 * @param highestSequence the extended highest sequence number received
 * @param jitter the interarrival jitter in timestamp units (RFC 3550 A.8)
 * @param lastSr the middle 32 bits of the last SR's NTP timestamp (LSR), 0 if none
 * @param delaySinceLastSr the delay since that SR in 1/65536 s (DLSR)
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                          long lastSr, long delaySinceLastSr) {
    /** Its length on the wire. */
    public static final int LENGTH = 24;

    public ReportBlock {
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fraction lost " + fractionLost + " (expected: 0 ~ 255)");
        }
        if (cumulativeLost < -0x800000 || cumulativeLost > 0x7FFFFF) {
            throw new IllegalArgumentException("cumulative lost " + cumulativeLost + " (expected: signed 24 bits)");
        }
    }

    static ReportBlock decode(byte[] b, int i) {
        int cumulative = Bytes.u24(b, i + 5);
        if ((cumulative & 0x800000) != 0) {
            cumulative |= 0xFF000000;
        }
        return new ReportBlock(Bytes.u32(b, i), b[i + 4] & 0xFF, cumulative, Bytes.u32(b, i + 8), Bytes.u32(b, i + 12),
                Bytes.u32(b, i + 16), Bytes.u32(b, i + 20));
    }

    void encode(byte[] out, int i) {
        Bytes.put32(out, i, ssrc);
        out[i + 4] = (byte) fractionLost;
        Bytes.put24(out, i + 5, cumulativeLost & 0xFFFFFF);
        Bytes.put32(out, i + 8, highestSequence);
        Bytes.put32(out, i + 12, jitter);
        Bytes.put32(out, i + 16, lastSr);
        Bytes.put32(out, i + 20, delaySinceLastSr);
    }
}
