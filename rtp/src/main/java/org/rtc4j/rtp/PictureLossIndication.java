package org.rtc4j.rtp;

/**
 * A picture loss indication (RFC 4585 §6.3.1), PT 206 FMT 1: the receiver asks for a keyframe.
 *
 * @param senderSsrc the sender of the feedback
 * @param mediaSsrc the media source whose picture was lost
 */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    public static final int FMT = 1;

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public int encodedLength() {
        return 12;
    }

    @Override
    public int encode(byte[] out, int off) {
        Rtcp.header(out, off, FMT, PSFB, 8);
        Bytes.put32(out, off + 4, senderSsrc);
        Bytes.put32(out, off + 8, mediaSsrc);
        return 12;
    }

    static PictureLossIndication decode(byte[] b, int body, int len) throws RtpException {
        if (len != 8) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "PLI of " + len + " bytes (expected: 8)");
        }
        return new PictureLossIndication(Bytes.u32(b, body), Bytes.u32(b, body + 4));
    }
}
