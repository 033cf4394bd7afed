package org.rtc4j.rtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An RTCP BYE (RFC 3550 §6.6), PT 203: sources leaving, with an optional reason.
 *
 * @param ssrcs up to 31 sources
 * @param reason the reason (UTF-8, at most 255 bytes), empty for none
 */
public record Goodbye(List<Long> ssrcs, String reason) implements RtcpPacket {
    public Goodbye {
        ssrcs = List.copyOf(ssrcs);
        Rtcp.checkCount("sources", ssrcs.size(), 31);
        reason = reason == null ? "" : reason;
        if (reason.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("reason longer than 255 bytes");
        }
    }

    @Override
    public int packetType() {
        return BYE;
    }

    @Override
    public int encodedLength() {
        int r = reason.isEmpty() ? 0 : Bytes.padded(1 + reason.getBytes(StandardCharsets.UTF_8).length);
        return 4 + 4 * ssrcs.size() + r;
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, ssrcs.size(), BYE, encodedLength() - 4);
        int i = off + 4;
        for (long s : ssrcs) {
            Bytes.put32(out, i, s);
            i += 4;
        }
        if (!reason.isEmpty()) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            out[i] = (byte) r.length;
            System.arraycopy(r, 0, out, i + 1, r.length);
            for (int k = i + 1 + r.length; k < off + n; k++) {
                out[k] = 0;
            }
        }
        return n;
    }

    static Goodbye decode(byte[] b, int body, int len, int count) throws RtpException {
        if (len < 4 * count) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "BYE of " + len + " bytes with " + count + " sources");
        }
        Long[] ssrcs = new Long[count];
        for (int k = 0; k < count; k++) {
            ssrcs[k] = Bytes.u32(b, body + 4 * k);
        }
        String reason = "";
        int r = body + 4 * count;
        if (r < body + len) {
            int l = b[r] & 0xFF;
            if (r + 1 + l > body + len) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "BYE reason of " + l + " bytes past the packet");
            }
            reason = new String(b, r + 1, l, StandardCharsets.UTF_8);
        }
        return new Goodbye(List.of(ssrcs), reason);
    }
}
