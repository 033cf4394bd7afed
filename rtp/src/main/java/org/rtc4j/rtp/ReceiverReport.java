package org.rtc4j.rtp;

import java.util.Arrays;
import java.util.List;

/**
 * An RTCP receiver report (RFC 3550 §6.4.2), PT 201.
 *
 * @param ssrc the reporter
 * @param reports up to 31 reception report blocks
 * @param profileExtension profile-specific bytes after the blocks (usually empty; when not a multiple of 4
 *        bytes, the packet is padded with the P bit)
 */
public record ReceiverReport(long ssrc, List<ReportBlock> reports, byte[] profileExtension) implements RtcpPacket {
    public ReceiverReport {
        reports = List.copyOf(reports);
        Rtcp.checkCount("report blocks", reports.size(), 31);
        profileExtension = profileExtension == null ? new byte[0] : profileExtension.clone();
    }

    public ReceiverReport(long ssrc, List<ReportBlock> reports) {
        this(ssrc, reports, null);
    }

    @Override
    public byte[] profileExtension() {
        return profileExtension.clone();
    }

    @Override
    public int packetType() {
        return RR;
    }

    @Override
    public int encodedLength() {
        return Rtcp.totalLength(4 + ReportBlock.LENGTH * reports.size() + profileExtension.length);
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, reports.size(), RR, 4 + ReportBlock.LENGTH * reports.size() + profileExtension.length);
        Bytes.put32(out, off + 4, ssrc);
        int i = off + 8;
        for (ReportBlock r : reports) {
            r.encode(out, i);
            i += ReportBlock.LENGTH;
        }
        System.arraycopy(profileExtension, 0, out, i, profileExtension.length);
        return n;
    }

    static ReceiverReport decode(byte[] b, int body, int len, int count) throws RtpException {
        if (len < 4 + ReportBlock.LENGTH * count) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "RR of " + len + " bytes with " + count + " blocks");
        }
        ReportBlock[] blocks = new ReportBlock[count];
        for (int k = 0; k < count; k++) {
            blocks[k] = ReportBlock.decode(b, body + 4 + ReportBlock.LENGTH * k);
        }
        int ext = body + 4 + ReportBlock.LENGTH * count;
        return new ReceiverReport(Bytes.u32(b, body), Arrays.asList(blocks), Arrays.copyOfRange(b, ext, body + len));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceiverReport r && r.ssrc == ssrc && r.reports.equals(reports) && Arrays.equals(r.profileExtension, profileExtension);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ssrc) * 31 + reports.hashCode();
    }
}
