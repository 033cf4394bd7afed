package org.rtc4j.rtp;

/**
 * VP8 packetizer (RFC 7741 §4.2): a payload descriptor in front of even slices of the frame.
 *
 * <p>A single-layer frame ({@link #begin(byte[], int, int)}) gets 4 bytes: X=1, S on the first packet,
 * PID 0, I=1 with a 15-bit picture id that increases per frame. A frame of a temporally layered stream
 * ({@link #begin(byte[], int, int, int, boolean)}) gets 6 bytes: X=1, I=1, L=1 with TL0PICIDX, T=1 with
 * TID and Y, K=0 (no KEYIDX), as libwebrtc sends them; a forwarder can then drop upper layers.
 * Buffer ownership as in {@link Packetizer}.
 */
public final class Vp8Packetizer extends EvenSlicePacketizer {
    private static final int DESCRIPTOR = 4;
    private static final int LAYERED_DESCRIPTOR = 6;
    /** The largest TID: 2 bits (RFC 7741 §4.2). */
    private static final int MAX_TEMPORAL_LAYER = 3;
    private int pictureId;
    private int tl0PicIdx;
    /** The current frame's TID, or -1 for a single-layer frame. */
    private int temporalLayer = -1;
    private boolean layerSync;

    public Vp8Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 0);
    }

    /** @param firstPictureId the picture id of the first frame (0 ~ 32767) */
    public Vp8Packetizer(int maxPayload, int firstPictureId) {
        this(maxPayload, firstPictureId, 0);
    }

    /**
     * A packetizer whose counters start where the caller says (RFC 7741 §4.2: picture id and
     * TL0PICIDX SHOULD start on a random number).
     *
     * @param maxPayload the largest payload, bytes (more than 4; more than 6 for layered frames)
     * @param firstPictureId the picture id of the first frame (0 ~ 32767)
     * @param firstTl0PicIdx the TL0PICIDX of the first frame with TID 0 (0 ~ 255)
     */
    public Vp8Packetizer(int maxPayload, int firstPictureId, int firstTl0PicIdx) {
        super(maxPayload);
        if (maxPayload <= DESCRIPTOR) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: > " + DESCRIPTOR + ")");
        }
        if (firstTl0PicIdx < 0 || firstTl0PicIdx > 0xFF) {
            throw new IllegalArgumentException("first TL0PICIDX " + firstTl0PicIdx + " (expected: 0 ~ 255)");
        }
        this.pictureId = (firstPictureId - 1) & 0x7FFF;
        this.tl0PicIdx = (firstTl0PicIdx - 1) & 0xFF;
    }

    /** The picture id of the current frame. */
    public int pictureId() {
        return pictureId;
    }

    /**
     * The TL0PICIDX of the current layered frame (RFC 7741 §4.2): the index of the last frame with
     * TID 0, which a frame with TID 0 increments (mod 256).
     */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** Starts a frame of a single-layer stream: the 4-byte descriptor without L, T or K. */
    @Override
    public void begin(byte[] frame, int off, int len) {
        beginSlices(frame, off, len, maxPayload() - DESCRIPTOR);
        this.pictureId = (pictureId + 1) & 0x7FFF;
        this.temporalLayer = -1;
    }

    /**
     * Starts a frame of a temporally layered stream (RFC 7741 §4.2): its packets carry the 6-byte
     * descriptor with I (15-bit picture id), L (TL0PICIDX, incremented here when {@code temporalLayer}
     * is 0) and T (TID and Y); K is 0. The frame is read by reference until its last {@link #next}.
     *
     * @param temporalLayer the frame's TID (0 ~ 3)
     * @param layerSync the Y bit: the frame depends only on frames with TID 0 (RFC 7741 §4.2)
     * @throws IllegalArgumentException when the layer is out of range or the payload budget leaves no
     *         room after a 6-byte descriptor
     */
    public void begin(byte[] frame, int off, int len, int temporalLayer, boolean layerSync) {
        if (temporalLayer < 0 || temporalLayer > MAX_TEMPORAL_LAYER) {
            throw new IllegalArgumentException("temporal layer " + temporalLayer + " (expected: 0 ~ " + MAX_TEMPORAL_LAYER + ")");
        }
        if (maxPayload() <= LAYERED_DESCRIPTOR) {
            throw new IllegalArgumentException("max payload " + maxPayload() + " (expected: > " + LAYERED_DESCRIPTOR + " for a layered frame)");
        }
        beginSlices(frame, off, len, maxPayload() - LAYERED_DESCRIPTOR);
        this.pictureId = (pictureId + 1) & 0x7FFF;
        if (temporalLayer == 0) {
            this.tl0PicIdx = (tl0PicIdx + 1) & 0xFF;
        }
        this.temporalLayer = temporalLayer;
        this.layerSync = layerSync;
    }

    @Override
    int writeDescriptor(byte[] out, int o, boolean first, boolean last) {
        out[o] = (byte) (first ? 0x90 : 0x80);
        out[o + 2] = (byte) (0x80 | pictureId >>> 8);
        out[o + 3] = (byte) pictureId;
        if (temporalLayer < 0) {
            out[o + 1] = (byte) 0x80; // I
            return DESCRIPTOR;
        }
        out[o + 1] = (byte) 0xE0; // I, L, T
        out[o + 4] = (byte) tl0PicIdx;
        out[o + 5] = (byte) (temporalLayer << 6 | (layerSync ? 0x20 : 0));
        return LAYERED_DESCRIPTOR;
    }
}
