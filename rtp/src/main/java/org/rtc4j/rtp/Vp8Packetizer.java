package org.rtc4j.rtp;

/**
 * VP8 packetizer (RFC 7741 §4.2): a 4-byte payload descriptor (X=1, S on the first packet, PID 0,
 * I=1 with a 15-bit picture id that increases per frame) in front of even slices of the frame.
 * Buffer ownership as in {@link Packetizer}.
 */
public final class Vp8Packetizer extends EvenSlicePacketizer {
    private static final int DESCRIPTOR = 4;
    private int pictureId;

    public Vp8Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 0);
    }

    /** @param firstPictureId the picture id of the first frame (0 ~ 32767) */
    public Vp8Packetizer(int maxPayload, int firstPictureId) {
        super(maxPayload);
        if (maxPayload <= DESCRIPTOR) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: > " + DESCRIPTOR + ")");
        }
        this.pictureId = (firstPictureId - 1) & 0x7FFF;
    }

    /** The picture id of the current frame. */
    public int pictureId() {
        return pictureId;
    }

    @Override
    public void begin(byte[] frame, int off, int len) {
        beginSlices(frame, off, len, maxPayload() - DESCRIPTOR);
        this.pictureId = (pictureId + 1) & 0x7FFF;
    }

    @Override
    int writeDescriptor(byte[] out, int o, boolean first, boolean last) {
        out[o] = (byte) (first ? 0x90 : 0x80);
        out[o + 1] = (byte) 0x80;
        out[o + 2] = (byte) (0x80 | pictureId >>> 8);
        out[o + 3] = (byte) pictureId;
        return DESCRIPTOR;
    }
}
