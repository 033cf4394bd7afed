package org.rtc4j.rtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An RTCP APP packet (RFC 3550 §6.7), PT 204.
 *
 * @param subtype 0 ~ 31
 * @param ssrc the source
 * @param name four ASCII characters
 * @param data application data, a multiple of 4 bytes
 */
public record ApplicationDefined(int subtype, long ssrc, String name, byte[] data) implements RtcpPacket {
    public ApplicationDefined {
        if (subtype < 0 || subtype > 31) {
            throw new IllegalArgumentException("subtype " + subtype + " (expected: 0 ~ 31)");
        }
        if (name.length() != 4 || name.getBytes(StandardCharsets.ISO_8859_1).length != 4) {
            throw new IllegalArgumentException("name '" + name + "' (expected: 4 characters)");
        }
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException("data of " + data.length + " bytes (expected: a multiple of 4)");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public int packetType() {
        return APP;
    }

    @Override
    public int encodedLength() {
        return 12 + data.length;
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, subtype, APP, encodedLength() - 4);
        Bytes.put32(out, off + 4, ssrc);
        byte[] nm = name.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(nm, 0, out, off + 8, 4);
        System.arraycopy(data, 0, out, off + 12, data.length);
        return n;
    }

    static ApplicationDefined decode(byte[] b, int body, int len, int count) throws RtpException {
        if (len < 8 || len % 4 != 0) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "APP of " + len + " bytes");
        }
        return new ApplicationDefined(count, Bytes.u32(b, body), new String(b, body + 4, 4, StandardCharsets.ISO_8859_1),
                Arrays.copyOfRange(b, body + 8, body + len));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApplicationDefined a && a.subtype == subtype && a.ssrc == ssrc && a.name.equals(name) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ssrc) * 31 + Arrays.hashCode(data);
    }
}
