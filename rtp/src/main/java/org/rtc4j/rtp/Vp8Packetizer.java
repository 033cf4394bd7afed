package org.rtc4j.rtp;

/**
 * VP8 packetizer (RFC 7741 §4.2): a 4-byte payload descriptor (X=1, S on the first packet, PID 0,
 * I=1 with a 15-bit picture id that increases per frame) in front of even slices of the frame.
 * Buffer ownership as in {@link Packetizer}.
 */
public final class Vp8Packetizer implements Packetizer {
    private static final int DESCRIPTOR = 4;
    private final int maxPayload;
    private int pictureId;
    private byte[] frame;
    private int off;
    private int len;
    private int parts;
    private int index;
    private int pos;

    public Vp8Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 0);
    }

    /** @param firstPictureId the picture id of the first frame (0 ~ 32767) */
    public Vp8Packetizer(int maxPayload, int firstPictureId) {
        if (maxPayload <= DESCRIPTOR) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: > " + DESCRIPTOR + ")");
        }
        this.maxPayload = maxPayload;
        this.pictureId = (firstPictureId - 1) & 0x7FFF;
    }

    @Override
    public int maxPayload() {
        return maxPayload;
    }

    /** The picture id of the current frame. */
    public int pictureId() {
        return pictureId;
    }

    @Override
    public void begin(byte[] frame, int off, int len) {
        Bytes.checkRange(frame, off, len);
        this.frame = frame;
        this.off = off;
        this.len = len;
        this.parts = Packetizer.parts(len, maxPayload - DESCRIPTOR);
        this.index = 0;
        this.pos = off;
        this.pictureId = (pictureId + 1) & 0x7FFF;
    }

    @Override
    public boolean hasNext() {
        return index < parts;
    }

    @Override
    public int next(byte[] out, int o) {
        if (index >= parts) {
            throw new IllegalStateException("no payload left (expected: hasNext())");
        }
        int n = Packetizer.evenPart(len, parts, index);
        out[o] = (byte) (index == 0 ? 0x90 : 0x80);
        out[o + 1] = (byte) 0x80;
        out[o + 2] = (byte) (0x80 | pictureId >>> 8);
        out[o + 3] = (byte) pictureId;
        System.arraycopy(frame, pos, out, o + DESCRIPTOR, n);
        pos += n;
        index++;
        return DESCRIPTOR + n;
    }
}
