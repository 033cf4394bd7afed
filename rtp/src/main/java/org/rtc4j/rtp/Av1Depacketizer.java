package org.rtc4j.rtp;

/**
 * AV1 depacketizer (the AOM "RTP Payload Format for AV1", v1.0.0, §4): reads the aggregation header
 * and OBU elements (W=0 with length prefixes, or W=1 ~ 3), joins fragments (Z, Y) and writes the
 * temporal unit in the low-overhead bitstream format, each OBU with its size field set. A fragmented
 * OBU gets a 4-byte LEB128 size (non-minimal, which AV1 §4.10.5 allows) so it can grow in place as
 * fragments arrive; whole OBUs get a minimal one. Key frames: N set, or a sequence header OBU.
 *
 * <p>Buffer ownership as in {@link Depacketizer}, with one more rule: the packets of a frame must be
 * depacketized into one output buffer at consecutive offsets, as frame assembly does; a continuation
 * elsewhere is refused. The state (one pending fragment) is reset by {@link #beginFrame()}.
 */
public final class Av1Depacketizer implements Depacketizer {
    private byte[] pendingOut;
    private int pendingSizeAt = -1;
    private int pendingEnd;
    private long pendingSize;
    private boolean pendingRaw;

    @Override
    public void beginFrame() {
        pendingOut = null;
        pendingSizeAt = -1;
        pendingRaw = false;
    }

    @Override
    public boolean isFrameStart(byte[] p, int off, int len) throws RtpException {
        check(p, off, len);
        return (p[off] & 0x88) == 0x08;
    }

    @Override
    public boolean isKeyframe(byte[] p, int off, int len) throws RtpException {
        check(p, off, len);
        if ((p[off] & 0x08) != 0) {
            return true;
        }
        int[] found = new int[1];
        forEachElement(p, off, len, (start, elementLen, index, continuation) -> {
            if (!continuation && ((p[start] >>> 3) & 0x0F) == Av1Packetizer.OBU_SEQUENCE_HEADER) {
                found[0] = 1;
            }
        });
        return found[0] != 0;
    }

    private static void check(byte[] p, int off, int len) throws RtpException {
        if (len < 2) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "AV1 payload of " + len + " bytes (expected: an aggregation header and an element)");
        }
    }

    private interface ElementVisitor {
        void element(int start, int length, int index, boolean continuation) throws RtpException;
    }

    private static int forEachElement(byte[] p, int off, int len, ElementVisitor v) throws RtpException {
        int agg = p[off] & 0xFF;
        int w = agg >>> 4 & 3;
        int i = off + 1;
        int end = off + len;
        int index = 0;
        while (i < end) {
            int elementLen;
            if (w == 0 || index < w - 1) {
                long leb = Av1Packetizer.leb128(p, i, end);
                if (leb < 0) {
                    throw new RtpException(RtpException.Reason.BAD_LENGTH, "bad OBU element length at " + (i - off));
                }
                i += (int) (leb & 0xFF);
                long l = leb >>> 8;
                if (l > end - i) {
                    throw new RtpException(RtpException.Reason.BAD_LENGTH, "OBU element of " + l + " bytes runs past the payload");
                }
                elementLen = (int) l;
            } else {
                elementLen = end - i;
            }
            if (elementLen == 0) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "empty OBU element " + index);
            }
            v.element(i, elementLen, index, index == 0 && (agg & 0x80) != 0);
            i += elementLen;
            index++;
            if (w != 0 && index == w && i < end) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "bytes after the last of W=" + w + " elements");
            }
        }
        if (w != 0 && index != w) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, index + " OBU elements (expected: W=" + w + ")");
        }
        return index;
    }

    @Override
    public int depacketize(byte[] p, int off, int len, byte[] out, int outOff) throws RtpException {
        check(p, off, len);
        int agg = p[off] & 0xFF;
        boolean z = (agg & 0x80) != 0;
        boolean y = (agg & 0x40) != 0;
        if (z && (pendingSizeAt < 0 && !pendingRaw || pendingOut != out || pendingEnd != outOff)) {
            throw new RtpException(RtpException.Reason.BAD_VALUE, "a continuation without the OBU fragment it continues");
        }
        if (!z && (pendingSizeAt >= 0 || pendingRaw)) {
            beginFrame(); // the fragment was never finished; it stays truncated
        }
        int[] w = {outOff};
        int count = forEachElement(p, off, len, (start, elementLen, index, continuation) -> { });
        forEachElement(p, off, len, (start, elementLen, index, continuation) -> {
            boolean last = index == count - 1;
            boolean fragmentContinues = last && y;
            if (continuation) {
                Depacketizer.checkRoom(out, w[0], elementLen);
                System.arraycopy(p, start, out, w[0], elementLen);
                w[0] += elementLen;
                if (!pendingRaw) {
                    pendingSize += elementLen;
                    writeSize4(out, pendingSizeAt, pendingSize);
                }
                if (!fragmentContinues) {
                    pendingSizeAt = -1;
                    pendingRaw = false;
                }
                return;
            }
            int h = p[start] & 0xFF;
            if ((h & 0x80) != 0) {
                throw new RtpException(RtpException.Reason.BAD_VALUE, "OBU with the forbidden bit set");
            }
            int hl = (h & 0x04) != 0 ? 2 : 1;
            if (elementLen < hl) {
                throw new RtpException(RtpException.Reason.TRUNCATED, "OBU header cut short");
            }
            if ((h & 0x02) != 0) {
                // the sender kept obu_size: copy as is
                Depacketizer.checkRoom(out, w[0], elementLen);
                System.arraycopy(p, start, out, w[0], elementLen);
                w[0] += elementLen;
                pendingRaw = fragmentContinues;
                return;
            }
            int payload = elementLen - hl;
            int sizeBytes = fragmentContinues ? 4 : Av1Packetizer.lebSize(payload);
            Depacketizer.checkRoom(out, w[0], hl + sizeBytes + payload);
            out[w[0]] = (byte) (h | 0x02);
            if (hl == 2) {
                out[w[0] + 1] = p[start + 1];
            }
            int sizeAt = w[0] + hl;
            if (fragmentContinues) {
                writeSize4(out, sizeAt, payload);
                pendingSizeAt = sizeAt;
                pendingSize = payload;
            } else {
                Av1Packetizer.writeLeb(out, sizeAt, payload);
            }
            System.arraycopy(p, start + hl, out, sizeAt + sizeBytes, payload);
            w[0] = sizeAt + sizeBytes + payload;
        });
        if (y) {
            pendingOut = out;
            pendingEnd = w[0];
        }
        return w[0] - outOff;
    }

    private static void writeSize4(byte[] out, int at, long v) throws RtpException {
        if (v >= 1L << 28) {
            throw new RtpException(RtpException.Reason.TOO_LARGE, "OBU of " + v + " bytes");
        }
        out[at] = (byte) (v & 0x7F | 0x80);
        out[at + 1] = (byte) (v >>> 7 & 0x7F | 0x80);
        out[at + 2] = (byte) (v >>> 14 & 0x7F | 0x80);
        out[at + 3] = (byte) (v >>> 21 & 0x7F);
    }
}
