package org.rtc4j.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * A full intra request (RFC 5104 §4.3.1), PT 206 FMT 4. The media source field is 0; each entry names
 * a source and a command sequence number.
 *
 * @param senderSsrc the sender of the request
 * @param mediaSsrc the media source field (0 per RFC 5104, kept as received)
 * @param entries the requested sources
 */
public record FullIntraRequest(long senderSsrc, long mediaSsrc, List<Entry> entries) implements RtcpPacket {
    public static final int FMT = 4;

    public FullIntraRequest {
        entries = List.copyOf(entries);
    }

    /** One FCI entry: a source and the request's sequence number (0 ~ 255). */
    public record Entry(long ssrc, int sequenceNumber) {
        public Entry {
            if (sequenceNumber < 0 || sequenceNumber > 255) {
                throw new IllegalArgumentException("sequence number " + sequenceNumber + " (expected: 0 ~ 255)");
            }
        }
    }

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public int encodedLength() {
        return 12 + 8 * entries.size();
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, FMT, PSFB, encodedLength() - 4);
        Bytes.put32(out, off + 4, senderSsrc);
        Bytes.put32(out, off + 8, mediaSsrc);
        int i = off + 12;
        for (Entry e : entries) {
            Bytes.put32(out, i, e.ssrc);
            Bytes.put32(out, i + 4, (long) e.sequenceNumber << 24);
            i += 8;
        }
        return n;
    }

    static FullIntraRequest decode(byte[] b, int body, int len) throws RtpException {
        if (len < 8 || (len - 8) % 8 != 0) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "FIR of " + len + " bytes (expected: 8 + 8n)");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = body + 8; i < body + len; i += 8) {
            entries.add(new Entry(Bytes.u32(b, i), b[i + 4] & 0xFF));
        }
        return new FullIntraRequest(Bytes.u32(b, body), Bytes.u32(b, body + 4), entries);
    }
}
