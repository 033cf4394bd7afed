package org.rtc4j.rtp;

/**
 * VP8 depacketizer (RFC 7741 §4.2, §4.3): strips the payload descriptor (X, I with 7- or 15-bit
 * picture id, L, T/K), finds frame starts (S=1, PID=0) and keyframes (the P bit of the VP8 payload
 * header, RFC 6386 §9.1). Static accessors read the fields a forwarder needs ({@link #pictureId},
 * {@link #tl0PicIdx}, {@link #temporalLayer}, {@link #layerSync}) in place, without allocating.
 * Buffer ownership as in {@link Depacketizer}.
 */
public final class Vp8Depacketizer implements Depacketizer {
    /** The descriptor's length, or throws. */
    static int descriptorLength(byte[] p, int off, int len) throws RtpException {
        if (len < 1) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "empty VP8 payload");
        }
        int i = 1;
        if ((p[off] & 0x80) != 0) {
            if (len < 2) {
                throw new RtpException(RtpException.Reason.TRUNCATED, "VP8 descriptor without its extension byte");
            }
            int x = p[off + 1] & 0xFF;
            i = 2;
            if ((x & 0x80) != 0) {
                if (len < i + 1) {
                    throw new RtpException(RtpException.Reason.TRUNCATED, "VP8 descriptor without its picture id");
                }
                i += (p[off + i] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                i++;
            }
            if ((x & 0x30) != 0) {
                i++;
            }
        }
        if (i >= len) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "VP8 payload of " + len + " bytes has no data after its " + i + "-byte descriptor");
        }
        return i;
    }

    /** The picture id of a payload with one, or -1. */
    public static int pictureId(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        if ((p[off] & 0x80) == 0 || (p[off + 1] & 0x80) == 0) {
            return -1;
        }
        return (p[off + 2] & 0x80) != 0 ? (p[off + 2] & 0x7F) << 8 | p[off + 3] & 0xFF : p[off + 2] & 0x7F;
    }

    /** Where the TL0PICIDX byte, or else the TID/Y/KEYIDX byte, stands: after X and the picture id. */
    private static int afterPictureId(byte[] p, int off) {
        return (p[off + 1] & 0x80) == 0 ? 2 : (p[off + 2] & 0x80) != 0 ? 4 : 3;
    }

    /**
     * The TL0PICIDX of a payload whose descriptor has L=1 (RFC 7741 §4.2: the running index of the
     * frames with TID 0), or -1 when it has none. Reads the payload during the call only; allocates
     * nothing.
     *
     * @throws RtpException when the descriptor is truncated or leaves no frame data
     */
    public static int tl0PicIdx(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        if ((p[off] & 0x80) == 0 || (p[off + 1] & 0x40) == 0) {
            return -1;
        }
        return p[off + afterPictureId(p, off)] & 0xFF;
    }

    /** The TID/Y/KEYIDX byte when the descriptor has T=1, or -1 (its TID and Y are ignored when T=0). */
    private static int tidByte(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        if ((p[off] & 0x80) == 0 || (p[off + 1] & 0x20) == 0) {
            return -1;
        }
        int i = afterPictureId(p, off) + ((p[off + 1] & 0x40) != 0 ? 1 : 0);
        return p[off + i] & 0xFF;
    }

    /**
     * The temporal layer (TID, 0 ~ 3) of a payload whose descriptor has T=1 (RFC 7741 §4.2), or -1
     * when it has none: what a forwarder compares to drop upper layers. Reads the payload during the
     * call only; allocates nothing.
     *
     * @throws RtpException when the descriptor is truncated or leaves no frame data
     */
    public static int temporalLayer(byte[] p, int off, int len) throws RtpException {
        int t = tidByte(p, off, len);
        return t < 0 ? -1 : t >>> 6;
    }

    /**
     * The layer sync bit Y of a payload whose descriptor has T=1 (RFC 7741 §4.2: the frame depends
     * only on frames with TID 0), false when it has no T. Reads the payload during the call only;
     * allocates nothing.
     *
     * @throws RtpException when the descriptor is truncated or leaves no frame data
     */
    public static boolean layerSync(byte[] p, int off, int len) throws RtpException {
        int t = tidByte(p, off, len);
        return t >= 0 && (t & 0x20) != 0;
    }

    @Override
    public boolean isFrameStart(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        return (p[off] & 0x10) != 0 && (p[off] & 0x07) == 0;
    }

    @Override
    public boolean isKeyframe(byte[] p, int off, int len) throws RtpException {
        int d = descriptorLength(p, off, len);
        return isFrameStart(p, off, len) && (p[off + d] & 0x01) == 0;
    }

    @Override
    public int depacketize(byte[] p, int off, int len, byte[] out, int outOff) throws RtpException {
        int d = descriptorLength(p, off, len);
        Depacketizer.checkRoom(out, outOff, len - d);
        System.arraycopy(p, off + d, out, outOff, len - d);
        return len - d;
    }
}
