package org.rtc4j.rtp;

/**
 * VP9 depacketizer (RFC 9628 §4.2): strips the payload descriptor in flexible and non-flexible mode
 * (picture id, layer indices, TL0PICIDX, up to three reference indices, the scalability structure
 * with resolutions and picture group), finds frame starts (B on spatial layer 0) and key frames
 * (B, not inter-predicted, spatial layer 0). Buffer ownership as in {@link Depacketizer}.
 */
public final class Vp9Depacketizer implements Depacketizer {
    /** The descriptor's length, or throws. */
    static int descriptorLength(byte[] p, int off, int len) throws RtpException {
        if (len < 1) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "empty VP9 payload");
        }
        int h = p[off] & 0xFF;
        int i = 1;
        if ((h & 0x80) != 0) {
            need(len, i + 1, "picture id");
            i += (p[off + i] & 0x80) != 0 ? 2 : 1;
        }
        boolean flexible = (h & 0x10) != 0;
        if ((h & 0x20) != 0) {
            need(len, i + 1, "layer indices");
            i += flexible ? 1 : 2;
        }
        if (flexible && (h & 0x40) != 0) {
            for (int k = 0; ; k++) {
                if (k == 3) {
                    throw new RtpException(RtpException.Reason.BAD_VALUE, "more than 3 reference indices");
                }
                need(len, i + 1, "reference index");
                boolean more = (p[off + i] & 0x01) != 0;
                i++;
                if (!more) {
                    break;
                }
            }
        }
        if ((h & 0x02) != 0) {
            need(len, i + 1, "scalability structure");
            int ss = p[off + i] & 0xFF;
            i++;
            int spatial = (ss >>> 5) + 1;
            if ((ss & 0x10) != 0) {
                i += 4 * spatial;
            }
            if ((ss & 0x08) != 0) {
                need(len, i + 1, "picture group");
                int groups = p[off + i] & 0xFF;
                i++;
                for (int g = 0; g < groups; g++) {
                    need(len, i + 1, "picture group entry");
                    int refs = (p[off + i] >>> 2) & 3;
                    i += 1 + refs;
                }
            }
        }
        if (i >= len) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "VP9 payload of " + len + " bytes has no data after its " + i + "-byte descriptor");
        }
        return i;
    }

    private static void need(int len, int n, String what) throws RtpException {
        if (n > len) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "VP9 descriptor ends before its " + what);
        }
    }

    private static int spatialId(byte[] p, int off) {
        int h = p[off] & 0xFF;
        if ((h & 0x20) == 0) {
            return 0;
        }
        int i = 1 + ((h & 0x80) == 0 ? 0 : (p[off + 1] & 0x80) != 0 ? 2 : 1);
        return (p[off + i] >>> 1) & 0x07;
    }

    /** The picture id of a payload with one, or -1. */
    public static int pictureId(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        if ((p[off] & 0x80) == 0) {
            return -1;
        }
        return (p[off + 1] & 0x80) != 0 ? (p[off + 1] & 0x7F) << 8 | p[off + 2] & 0xFF : p[off + 1] & 0x7F;
    }

    @Override
    public boolean isFrameStart(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        return (p[off] & 0x08) != 0 && spatialId(p, off) == 0;
    }

    @Override
    public boolean isKeyframe(byte[] p, int off, int len) throws RtpException {
        return isFrameStart(p, off, len) && (p[off] & 0x40) == 0;
    }

    @Override
    public int depacketize(byte[] p, int off, int len, byte[] out, int outOff) throws RtpException {
        int d = descriptorLength(p, off, len);
        Depacketizer.checkRoom(out, outOff, len - d);
        System.arraycopy(p, off + d, out, outOff, len - d);
        return len - d;
    }
}
