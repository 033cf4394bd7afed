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
        startElements(p, off, len);
        while (nextElement(p)) {
            if (!elContinuation && ((p[elStart] >>> 3) & 0x0F) == Av1Packetizer.OBU_SEQUENCE_HEADER) {
                return true;
            }
        }
        return false;
    }

    private static void check(byte[] p, int off, int len) throws RtpException {
        if (len < 2) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "AV1 payload of " + len + " bytes (expected: an aggregation header and an element)");
        }
    }

    // an allocation-free cursor over the OBU elements of one payload
    private int itAgg;
    private int itW;
    private int itPos;
    private int itEnd;
    private int itOff;
    private int itIndex;
    private int elStart;
    private int elLength;
    private boolean elContinuation;

    private void startElements(byte[] p, int off, int len) {
        itAgg = p[off] & 0xFF;
        itW = itAgg >>> 4 & 3;
        itPos = off + 1;
        itEnd = off + len;
        itOff = off;
        itIndex = 0;
    }

    private boolean nextElement(byte[] p) throws RtpException {
        if (itPos >= itEnd) {
            if (itW != 0 && itIndex != itW) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, itIndex + " OBU elements (expected: W=" + itW + ")");
            }
            return false;
        }
        int elementLen;
        if (itW == 0 || itIndex < itW - 1) {
            long leb = Av1Packetizer.leb128(p, itPos, itEnd);
            if (leb < 0) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "bad OBU element length at " + (itPos - itOff));
            }
            itPos += (int) (leb & 0xFF);
            long l = leb >>> 8;
            if (l > itEnd - itPos) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "OBU element of " + l + " bytes runs past the payload");
            }
            elementLen = (int) l;
        } else {
            elementLen = itEnd - itPos;
        }
        if (elementLen == 0) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "empty OBU element " + itIndex);
        }
        elStart = itPos;
        elLength = elementLen;
        elContinuation = itIndex == 0 && (itAgg & 0x80) != 0;
        itPos += elementLen;
        itIndex++;
        if (itW != 0 && itIndex == itW && itPos < itEnd) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "bytes after the last of W=" + itW + " elements");
        }
        return true;
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
        startElements(p, off, len);
        int count = 0;
        while (nextElement(p)) {
            count++;
        }
        startElements(p, off, len);
        int w = outOff;
        while (nextElement(p)) {
            w = writeElement(p, elStart, elLength, elContinuation, itIndex == count && y, out, w);
        }
        if (y) {
            pendingOut = out;
            pendingEnd = w;
        }
        return w - outOff;
    }

    /** Writes one OBU element at {@code out[w]} and returns the new end. */
    private int writeElement(byte[] p, int start, int elementLen, boolean continuation, boolean fragmentContinues, byte[] out, int w)
            throws RtpException {
        if (continuation) {
            Depacketizer.checkRoom(out, w, elementLen);
            System.arraycopy(p, start, out, w, elementLen);
            w += elementLen;
            if (!pendingRaw) {
                pendingSize += elementLen;
                writeSize4(out, pendingSizeAt, pendingSize);
            }
            if (!fragmentContinues) {
                pendingSizeAt = -1;
                pendingRaw = false;
            }
            return w;
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
            Depacketizer.checkRoom(out, w, elementLen);
            System.arraycopy(p, start, out, w, elementLen);
            pendingRaw = fragmentContinues;
            return w + elementLen;
        }
        int payload = elementLen - hl;
        int sizeBytes = fragmentContinues ? 4 : Av1Packetizer.lebSize(payload);
        Depacketizer.checkRoom(out, w, hl + sizeBytes + payload);
        out[w] = (byte) (h | 0x02);
        if (hl == 2) {
            out[w + 1] = p[start + 1];
        }
        int sizeAt = w + hl;
        if (fragmentContinues) {
            writeSize4(out, sizeAt, payload);
            pendingSizeAt = sizeAt;
            pendingSize = payload;
        } else {
            Av1Packetizer.writeLeb(out, sizeAt, payload);
        }
        System.arraycopy(p, start + hl, out, sizeAt + sizeBytes, payload);
        return sizeAt + sizeBytes + payload;
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
