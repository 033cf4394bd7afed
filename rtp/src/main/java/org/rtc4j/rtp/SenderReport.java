package org.rtc4j.rtp;

import java.util.Arrays;
import java.util.List;

/**
 * An RTCP sender report (RFC 3550 §6.4.1), PT 200.
 *
 * @param ssrc the sender
 * @param ntpTimestamp the wallclock time of the report, 64-bit NTP
 * @param rtpTimestamp the same instant in RTP timestamp units
 * @param packetCount packets sent
 * @param octetCount payload octets sent
 * @param reports up to 31 reception report blocks
 * @param profileExtension profile-specific bytes after the blocks (usually empty; when not a multiple of 4
 *        bytes, the packet is padded with the P bit)
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                           List<ReportBlock> reports, byte[] profileExtension) implements RtcpPacket {
    public SenderReport {
        reports = List.copyOf(reports);
        Rtcp.checkCount("report blocks", reports.size(), 31);
        profileExtension = profileExtension == null ? new byte[0] : profileExtension.clone();
    }

    public SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount, List<ReportBlock> reports) {
        this(ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, reports, null);
    }

    @Override
    public byte[] profileExtension() {
        return profileExtension.clone();
    }

    @Override
    public int packetType() {
        return SR;
    }

    @Override
    public int encodedLength() {
        return Rtcp.totalLength(24 + ReportBlock.LENGTH * reports.size() + profileExtension.length);
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, reports.size(), SR, 24 + ReportBlock.LENGTH * reports.size() + profileExtension.length);
        Bytes.put32(out, off + 4, ssrc);
        Bytes.put64(out, off + 8, ntpTimestamp);
        Bytes.put32(out, off + 16, rtpTimestamp);
        Bytes.put32(out, off + 20, packetCount);
        Bytes.put32(out, off + 24, octetCount);
        int i = off + 28;
        for (ReportBlock r : reports) {
            r.encode(out, i);
            i += ReportBlock.LENGTH;
        }
        System.arraycopy(profileExtension, 0, out, i, profileExtension.length);
        return n;
    }

    static SenderReport decode(byte[] b, int body, int len, int count) throws RtpException {
        if (len < 24 + ReportBlock.LENGTH * count) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "SR of " + len + " bytes with " + count + " blocks");
        }
        ReportBlock[] blocks = new ReportBlock[count];
        for (int k = 0; k < count; k++) {
            blocks[k] = ReportBlock.decode(b, body + 24 + ReportBlock.LENGTH * k);
        }
        int ext = body + 24 + ReportBlock.LENGTH * count;
        return new SenderReport(Bytes.u32(b, body), Bytes.u64(b, body + 4), Bytes.u32(b, body + 12), Bytes.u32(b, body + 16),
                Bytes.u32(b, body + 20), Arrays.asList(blocks), Arrays.copyOfRange(b, ext, body + len));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderReport s && s.ssrc == ssrc && s.ntpTimestamp == ntpTimestamp && s.rtpTimestamp == rtpTimestamp
                && s.packetCount == packetCount && s.octetCount == octetCount && s.reports.equals(reports)
                && Arrays.equals(s.profileExtension, profileExtension);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ssrc) * 31 + Long.hashCode(ntpTimestamp) + reports.hashCode();
    }
}
