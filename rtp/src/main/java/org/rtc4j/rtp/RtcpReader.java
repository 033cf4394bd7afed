package org.rtc4j.rtp;

/**
 * Walks the packets of a compound or reduced-size RTCP packet (RFC 3550 §6.1, RFC 5506) in the
 * caller's buffer, validating each common header (version, length, padding) without allocating;
 * {@link #decode()} turns the current one into an {@link RtcpPacket} value.
 *
 * <p>Buffer ownership: the reader keeps a reference to the caller's array until the next
 * {@link #reset}; it never writes to it. Reusable, not thread-safe.
 */
public final class RtcpReader {
    private byte[] buf;
    private int pos;
    private int end;
    private int start;
    private int packetLength;
    private int bodyLength;

    /** Starts reading {@code buf[off, off+len)}. */
    public RtcpReader reset(byte[] buf, int off, int len) {
        Bytes.checkRange(buf, off, len);
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.packetLength = 0;
        return this;
    }

    /**
     * Moves to the next packet.
     *
     * @return false at the end
     * @throws RtpException when its header is malformed (the rest cannot be framed)
     */
    public boolean next() throws RtpException {
        pos += packetLength;
        packetLength = 0;
        if (pos >= end) {
            return false;
        }
        if (end - pos < 4) {
            throw new RtpException(RtpException.Reason.TRUNCATED, (end - pos) + " bytes left (expected: a 4-byte RTCP header)");
        }
        int b0 = buf[pos] & 0xFF;
        if (b0 >>> 6 != 2) {
            throw new RtpException(RtpException.Reason.BAD_VERSION, "RTCP version " + (b0 >>> 6) + " (expected: 2)");
        }
        int len = (Bytes.u16(buf, pos + 2) + 1) * 4;
        if (len > end - pos) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "RTCP packet of " + len + " bytes in " + (end - pos));
        }
        int body = len - 4;
        if ((b0 & 0x20) != 0) {
            int pad = buf[pos + len - 1] & 0xFF;
            if (pad == 0 || pad > body) {
                throw new RtpException(RtpException.Reason.BAD_PADDING, "RTCP padding of " + pad + " (expected: 1 ~ " + body + ")");
            }
            body -= pad;
        }
        start = pos;
        packetLength = len;
        bodyLength = body;
        return true;
    }

    /** The current packet's type (PT). */
    public int packetType() {
        return buf[start + 1] & 0xFF;
    }

    /** The current packet's 5-bit count (RC, SC) or feedback message type (FMT). */
    public int count() {
        return buf[start] & 0x1F;
    }

    /** Where the current packet starts in the buffer. */
    public int offset() {
        return start;
    }

    /** The current packet's length, header and padding included. */
    public int length() {
        return packetLength;
    }

    /** Where the current packet's content starts (after the 4-byte header). */
    public int bodyOffset() {
        return start + 4;
    }

    /** The content's length, padding excluded. */
    public int bodyLength() {
        return bodyLength;
    }

    /** The media source SSRC of a feedback packet (RTPFB, PSFB), or the sender SSRC of the others. */
    public long ssrc() {
        int t = packetType();
        int at = t == RtcpPacket.RTPFB || t == RtcpPacket.PSFB ? 8 : 4;
        return bodyLength + 4 >= at + 4 ? Bytes.u32(buf, start + at) : -1;
    }

    /**
     * Decodes the current packet into a value (copying what it needs).
     *
     * @throws RtpException when its content is malformed
     */
    public RtcpPacket decode() throws RtpException {
        if (packetLength == 0) {
            throw new IllegalStateException("no current packet (expected: next() returned true)");
        }
        int t = packetType();
        int c = count();
        int body = start + 4;
        int len = bodyLength;
        switch (t) {
            case RtcpPacket.SR:
                return SenderReport.decode(buf, body, len, c);
            case RtcpPacket.RR:
                return ReceiverReport.decode(buf, body, len, c);
            case RtcpPacket.SDES:
                return SourceDescription.decode(buf, body, len, c);
            case RtcpPacket.BYE:
                return Goodbye.decode(buf, body, len, c);
            case RtcpPacket.APP:
                return ApplicationDefined.decode(buf, body, len, c);
            case RtcpPacket.RTPFB:
                requireFeedback(len);
                if (c == GenericNack.FMT) {
                    return GenericNack.decode(buf, body, len);
                }
                if (c == TransportFeedback.FMT) {
                    return TransportFeedback.decode(buf, body, len);
                }
                break;
            case RtcpPacket.PSFB:
                requireFeedback(len);
                if (c == PictureLossIndication.FMT) {
                    return PictureLossIndication.decode(buf, body, len);
                }
                if (c == FullIntraRequest.FMT) {
                    return FullIntraRequest.decode(buf, body, len);
                }
                if (c == ReceiverEstimatedMaxBitrate.FMT && ReceiverEstimatedMaxBitrate.isRemb(buf, body, len)) {
                    return ReceiverEstimatedMaxBitrate.decode(buf, body, len);
                }
                break;
            case RtcpPacket.XR:
                return ExtendedReport.decode(buf, body, len);
            default:
                break;
        }
        return new UnknownRtcpPacket(t, c, java.util.Arrays.copyOfRange(buf, body, body + len));
    }

    private static void requireFeedback(int len) throws RtpException {
        if (len < 8) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "feedback of " + len + " bytes (expected: at least 8)");
        }
    }
}
