package org.rtc4j.rtp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One RTCP packet (RFC 3550 §6.4 - §6.7, RFC 4585 §6, RFC 5104 §4.3, RFC 3611, the REMB and
 * transport-wide feedback drafts), as an immutable value decoded from, and encoded into, bytes.
 *
 * <p>{@link #decode} splits a compound packet (RFC 3550 §6.1) or a reduced-size one (RFC 5506: any
 * single packet, not starting with SR/RR) into values; each value copies what it needs, so the
 * caller's buffer can be reused at once. Unknown packet types and feedback formats are kept as
 * {@link UnknownRtcpPacket} and re-encode as they came. {@link #encode(byte[], int)} writes into the
 * caller's buffer; a packet whose content is not a multiple of 4 bytes (transport-wide feedback) is
 * padded with the P bit, as libwebrtc does.
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye,
        ApplicationDefined, GenericNack, PictureLossIndication, FullIntraRequest, ReceiverEstimatedMaxBitrate,
        TransportFeedback, ExtendedReport, UnknownRtcpPacket {
    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;
    int APP = 204;
    /** Transport-layer feedback (RFC 4585 §6.2). */
    int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585 §6.3). */
    int PSFB = 206;
    /** Extended reports (RFC 3611). */
    int XR = 207;

    /** The packet type (200 ~ 207, or the unknown one). */
    int packetType();

    /** The number of bytes {@link #encode(byte[], int)} writes, a multiple of 4. */
    int encodedLength();

    /** Writes the packet at {@code out[off]} and returns its length. */
    int encode(byte[] out, int off);

    /** The packet in a new array. */
    default byte[] encode() {
        byte[] out = new byte[encodedLength()];
        encode(out, 0);
        return out;
    }

    /**
     * Decodes the RTCP packets in {@code buf[off, off+len)}: a compound or a reduced-size packet.
     *
     * @throws RtpException when a header, length, padding or body is malformed (nothing is returned
     *         then; {@link RtcpReader} walks the packets before a bad one)
     */
    static List<RtcpPacket> decode(byte[] buf, int off, int len) throws RtpException {
        RtcpReader reader = new RtcpReader().reset(buf, off, len);
        List<RtcpPacket> out = new ArrayList<>(4);
        while (reader.next()) {
            out.add(reader.decode());
        }
        return Collections.unmodifiableList(out);
    }

    /** Encodes packets back to back as one compound packet. */
    static byte[] encode(List<? extends RtcpPacket> packets) {
        int n = 0;
        for (RtcpPacket p : packets) {
            n += p.encodedLength();
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (RtcpPacket p : packets) {
            pos += p.encode(out, pos);
        }
        return out;
    }
}
