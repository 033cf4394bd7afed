package org.rtc4j.rtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * An RTCP BYE (RFC 3550 §6.6), PT 203: sources leaving, with an optional reason. The reason is kept
 * as bytes (RFC 3550 says UTF-8, but a peer may send anything), so it re-encodes as it came.
 *
 * @param ssrcs up to 31 sources
 * @param reason the reason's bytes (at most 255), empty for none
 */
public record Goodbye(List<Long> ssrcs, byte[] reason) implements RtcpPacket {
    public Goodbye {
        ssrcs = List.copyOf(ssrcs);
        Rtcp.checkCount("sources", ssrcs.size(), 31);
        reason = reason == null ? new byte[0] : reason.clone();
        if (reason.length > 255) {
            throw new IllegalArgumentException("reason of " + reason.length + " bytes (expected: at most 255)");
        }
    }

    /** A BYE with a UTF-8 reason ("" for none). */
    public Goodbye(List<Long> ssrcs, String reason) {
        this(ssrcs, reason == null ? null : reason.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] reason() {
        return reason.clone();
    }

    /** The reason decoded as UTF-8. */
    public String reasonText() {
        return new String(reason, StandardCharsets.UTF_8);
    }

    @Override
    public int packetType() {
        return BYE;
    }

    @Override
    public int encodedLength() {
        return 4 + 4 * ssrcs.size() + (reason.length == 0 ? 0 : Bytes.padded(1 + reason.length));
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, ssrcs.size(), BYE, encodedLength() - 4);
        int i = off + 4;
        for (long s : ssrcs) {
            Bytes.put32(out, i, s);
            i += 4;
        }
        if (reason.length > 0) {
            out[i] = (byte) reason.length;
            System.arraycopy(reason, 0, out, i + 1, reason.length);
            for (int k = i + 1 + reason.length; k < off + n; k++) {
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
        byte[] reason = new byte[0];
        int r = body + 4 * count;
        if (r < body + len) {
            int l = b[r] & 0xFF;
            if (r + 1 + l > body + len) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "BYE reason of " + l + " bytes past the packet");
            }
            reason = Arrays.copyOfRange(b, r + 1, r + 1 + l);
        }
        return new Goodbye(List.of(ssrcs), reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Goodbye g && g.ssrcs.equals(ssrcs) && Arrays.equals(g.reason, reason);
    }

    @Override
    public int hashCode() {
        return ssrcs.hashCode() * 31 + Arrays.hashCode(reason);
    }

    @Override
    public String toString() {
        return "Goodbye[ssrcs=" + ssrcs + ", reason=" + reasonText() + "]";
    }
}
