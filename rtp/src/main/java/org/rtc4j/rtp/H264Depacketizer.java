package org.rtc4j.rtp;

/**
 * H.264 depacketizer (RFC 6184, packetization-modes 0 and 1): single NAL unit packets (§5.6), STAP-A
 * (§5.7.1) and FU-A (§5.8), written out in Annex B form with 4-byte start codes. STAP-B, MTAP and FU-B
 * (interleaved mode) and the reserved types are refused. Keyframes are frames with an IDR slice.
 *
 * <p>SPS/PPS handling: the last SPS and PPS seen (at most 256 bytes each) are remembered; when a
 * frame's IDR slice arrives without an SPS and PPS earlier in the same frame, they are written in
 * front of it, so every keyframe is decodable on its own (what libwebrtc's receiver does with
 * {@code sprop-parameter-sets} or out-of-band parameter sets). Buffer ownership as in
 * {@link Depacketizer}.
 */
public final class H264Depacketizer implements Depacketizer {
    private static final int MAX_PARAMETER_SET = 256;
    private final byte[] sps = new byte[MAX_PARAMETER_SET];
    private final byte[] pps = new byte[MAX_PARAMETER_SET];
    private int spsLength;
    private int ppsLength;
    private boolean frameHasSps;
    private boolean frameHasPps;

    @Override
    public void beginFrame() {
        frameHasSps = false;
        frameHasPps = false;
    }

    @Override
    public boolean isFrameStart(byte[] p, int off, int len) {
        return false;
    }

    @Override
    public boolean isKeyframe(byte[] p, int off, int len) throws RtpException {
        if (len < 1) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "empty H.264 payload");
        }
        int type = p[off] & 0x1F;
        if (type == 24) {
            int i = off + 1;
            int end = off + len;
            while (i < end) {
                int l = staPart(p, i, end);
                if ((p[i + 2] & 0x1F) == 5) {
                    return true;
                }
                i += 2 + l;
            }
            return false;
        }
        if (type == 28) {
            checkFu(p, off, len);
            return (p[off + 1] & 0x80) != 0 && (p[off + 1] & 0x1F) == 5;
        }
        checkType(type);
        return type == 5;
    }

    private static int staPart(byte[] p, int i, int end) throws RtpException {
        if (i + 2 > end) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "STAP-A size past the payload");
        }
        int l = Bytes.u16(p, i);
        if (l == 0 || i + 2 + l > end) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "STAP-A unit of " + l + " bytes (expected: 1 ~ " + (end - i - 2) + ")");
        }
        return l;
    }

    private static void checkFu(byte[] p, int off, int len) throws RtpException {
        if (len < 3) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "FU-A of " + len + " bytes (expected: at least 3)");
        }
        if ((p[off + 1] & 0xC0) == 0xC0) {
            throw new RtpException(RtpException.Reason.BAD_VALUE, "FU-A with both start and end bits");
        }
    }

    private static void checkType(int type) throws RtpException {
        if (type == 0 || type >= 25) {
            throw new RtpException(RtpException.Reason.BAD_VALUE, "NAL unit type " + type + " (expected: 1 ~ 23, STAP-A or FU-A)");
        }
    }

    @Override
    public int depacketize(byte[] p, int off, int len, byte[] out, int outOff) throws RtpException {
        if (len < 1) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "empty H.264 payload");
        }
        int type = p[off] & 0x1F;
        if (type == 24) {
            int end = off + len;
            int i = off + 1;
            int w = outOff;
            while (i < end) {
                int l = staPart(p, i, end);
                w += writeNal(p, i + 2, l, out, w);
                i += 2 + l;
            }
            if (i == off + 1) {
                throw new RtpException(RtpException.Reason.TRUNCATED, "empty STAP-A");
            }
            return w - outOff;
        }
        if (type == 28) {
            checkFu(p, off, len);
            int fu = p[off + 1] & 0xFF;
            int nalType = fu & 0x1F;
            checkType(nalType);
            int w = outOff;
            if ((fu & 0x80) != 0) {
                if (nalType == 5) {
                    w += parameterSetsBeforeIdr(out, w);
                }
                Depacketizer.checkRoom(out, w, 5);
                startCode(out, w);
                out[w + 4] = (byte) (p[off] & 0xE0 | nalType);
                w += 5;
            }
            Depacketizer.checkRoom(out, w, len - 2);
            System.arraycopy(p, off + 2, out, w, len - 2);
            return w + len - 2 - outOff;
        }
        checkType(type);
        return writeNal(p, off, len, out, outOff);
    }

    private int writeNal(byte[] p, int o, int l, byte[] out, int w) throws RtpException {
        int type = p[o] & 0x1F;
        checkType(type);
        int start = w;
        if (type == 7 && l <= MAX_PARAMETER_SET) {
            System.arraycopy(p, o, sps, 0, l);
            spsLength = l;
            frameHasSps = true;
        } else if (type == 8 && l <= MAX_PARAMETER_SET) {
            System.arraycopy(p, o, pps, 0, l);
            ppsLength = l;
            frameHasPps = true;
        } else if (type == 5) {
            w += parameterSetsBeforeIdr(out, w);
        }
        Depacketizer.checkRoom(out, w, 4 + l);
        startCode(out, w);
        System.arraycopy(p, o, out, w + 4, l);
        return w + 4 + l - start;
    }

    private int parameterSetsBeforeIdr(byte[] out, int w) throws RtpException {
        int start = w;
        if (!frameHasSps && spsLength > 0) {
            Depacketizer.checkRoom(out, w, 4 + spsLength);
            startCode(out, w);
            System.arraycopy(sps, 0, out, w + 4, spsLength);
            w += 4 + spsLength;
            frameHasSps = true;
        }
        if (!frameHasPps && ppsLength > 0) {
            Depacketizer.checkRoom(out, w, 4 + ppsLength);
            startCode(out, w);
            System.arraycopy(pps, 0, out, w + 4, ppsLength);
            w += 4 + ppsLength;
            frameHasPps = true;
        }
        return w - start;
    }

    private static void startCode(byte[] out, int w) {
        out[w] = 0;
        out[w + 1] = 0;
        out[w + 2] = 0;
        out[w + 3] = 1;
    }
}
