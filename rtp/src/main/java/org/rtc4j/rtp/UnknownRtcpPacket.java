package org.rtc4j.rtp;

import java.util.Arrays;

/**
 * An RTCP packet of a type or feedback format this package does not interpret, kept as it came so it
 * re-encodes unchanged (its P-bit padding is recomputed).
 *
 * @param packetType the PT
 * @param count the 5-bit count or FMT field
 * @param body the bytes after the 4-byte header, padding excluded
 */
public record UnknownRtcpPacket(int packetType, int count, byte[] body) implements RtcpPacket {
    public UnknownRtcpPacket {
        if (packetType < 0 || packetType > 255 || count < 0 || count > 31) {
            throw new IllegalArgumentException("type " + packetType + ", count " + count + " (expected: 0 ~ 255, 0 ~ 31)");
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public int encodedLength() {
        return Rtcp.totalLength(body.length);
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, count, packetType, body.length);
        System.arraycopy(body, 0, out, off + 4, body.length);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownRtcpPacket u && u.packetType == packetType && u.count == count && Arrays.equals(u.body, body);
    }

    @Override
    public int hashCode() {
        return packetType * 31 + Arrays.hashCode(body);
    }
}
