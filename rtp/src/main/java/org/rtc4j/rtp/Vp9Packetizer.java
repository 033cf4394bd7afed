package org.rtc4j.rtp;

/**
 * VP9 packetizer (RFC 9628 §4.2), non-flexible mode, one spatial layer: a payload descriptor
 * (I=1 with a 15-bit picture id increasing per frame, P when the frame is inter-predicted, B on the
 * first packet, E on the last) in front of even slices of the frame. The first packet of a key frame
 * also carries a minimal scalability structure (V=1, one spatial layer, no resolution, no picture
 * group). Whether the frame is a key frame is read from its uncompressed header (VP9 bitstream
 * specification §6.2).
 *
 * <p>A single-layer frame ({@link #begin(byte[], int, int)}) gets a 3-byte descriptor without layer
 * indices. A frame of a temporally layered stream ({@link #begin(byte[], int, int, int, boolean)})
 * gets L=1: the layer indices byte (TID, U, SID 0, D 0) and TL0PICIDX, 5 bytes, so a forwarder can
 * drop upper layers. Buffer ownership as in {@link Packetizer}.
 */
public final class Vp9Packetizer extends EvenSlicePacketizer {
    private static final int DESCRIPTOR = 3;
    private static final int LAYERED_DESCRIPTOR = 5;
    /** The largest TID: 3 bits (RFC 9628 §4.2). */
    private static final int MAX_TEMPORAL_LAYER = 7;
    private int pictureId;
    private int tl0PicIdx;
    private boolean key;
    /** The current frame's TID, or -1 for a single-layer frame. */
    private int temporalLayer = -1;
    private boolean switchingUp;

    public Vp9Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 0);
    }

    public Vp9Packetizer(int maxPayload, int firstPictureId) {
        this(maxPayload, firstPictureId, 0);
    }

    /**
     * A packetizer whose counters start where the caller says.
     *
     * @param maxPayload the largest payload, bytes (more than 4; more than 6 for layered frames)
     * @param firstPictureId the picture id of the first frame (0 ~ 32767)
     * @param firstTl0PicIdx the TL0PICIDX of the first frame with TID 0 (0 ~ 255)
     */
    public Vp9Packetizer(int maxPayload, int firstPictureId, int firstTl0PicIdx) {
        super(maxPayload);
        if (maxPayload <= DESCRIPTOR + 1) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: > " + (DESCRIPTOR + 1) + ")");
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
     * The TL0PICIDX of the current layered frame (RFC 9628 §4.2): the index of the last frame with
     * TID 0, which a frame with TID 0 increments (mod 256).
     */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** Whether a VP9 frame's uncompressed header says it is a key frame. */
    public static boolean isKeyFrame(byte[] b, int off, int len) {
        if (len < 1) {
            return false;
        }
        int h = b[off] & 0xFF;
        if (h >>> 6 != 2) {
            return false;
        }
        int profile = (h >>> 5 & 1) | (h >>> 3 & 2);
        int bit = profile == 3 ? 2 : 3; // profile 3 has a reserved zero bit first
        boolean showExisting = (h >>> bit & 1) != 0;
        return !showExisting && (h >>> (bit - 1) & 1) == 0;
    }

    /** Starts a frame of a single-layer stream: the descriptor has no layer indices (L=0). */
    @Override
    public void begin(byte[] frame, int off, int len) {
        start(frame, off, len, DESCRIPTOR);
        this.temporalLayer = -1;
    }

    /**
     * Starts a frame of a temporally layered stream (RFC 9628 §4.2, non-flexible mode): its packets
     * carry L=1, the layer indices byte (TID, U, SID 0, D 0) and TL0PICIDX, incremented here when
     * {@code temporalLayer} is 0. The frame is read by reference until its last {@link #next}.
     *
     * @param temporalLayer the frame's TID (0 ~ 7)
     * @param switchingUp the U bit: frames of higher layers after this one do not depend on frames of
     *        higher layers before it, so a forwarder may start sending them here (RFC 9628 §4.2)
     * @throws IllegalArgumentException when the layer is out of range or the payload budget leaves no
     *         room after the descriptor
     */
    public void begin(byte[] frame, int off, int len, int temporalLayer, boolean switchingUp) {
        if (temporalLayer < 0 || temporalLayer > MAX_TEMPORAL_LAYER) {
            throw new IllegalArgumentException("temporal layer " + temporalLayer + " (expected: 0 ~ " + MAX_TEMPORAL_LAYER + ")");
        }
        if (maxPayload() <= LAYERED_DESCRIPTOR + 1) {
            throw new IllegalArgumentException("max payload " + maxPayload() + " (expected: > " + (LAYERED_DESCRIPTOR + 1) + " for a layered frame)");
        }
        start(frame, off, len, LAYERED_DESCRIPTOR);
        if (temporalLayer == 0) {
            this.tl0PicIdx = (tl0PicIdx + 1) & 0xFF;
        }
        this.temporalLayer = temporalLayer;
        this.switchingUp = switchingUp;
    }

    private void start(byte[] frame, int off, int len, int descriptor) {
        Bytes.checkRange(frame, off, len);
        this.key = isKeyFrame(frame, off, len);
        // the key frame's first packet carries one more byte (the SS header); budget it everywhere
        beginSlices(frame, off, len, maxPayload() - descriptor - 1);
        this.pictureId = (pictureId + 1) & 0x7FFF;
    }

    @Override
    int writeDescriptor(byte[] out, int o, boolean first, boolean last) {
        boolean ss = first && key;
        boolean layered = temporalLayer >= 0;
        out[o] = (byte) (0x80 | (key ? 0 : 0x40) | (layered ? 0x20 : 0) | (first ? 0x08 : 0) | (last ? 0x04 : 0)
                | (ss ? 0x02 : 0));
        out[o + 1] = (byte) (0x80 | pictureId >>> 8);
        out[o + 2] = (byte) pictureId;
        int d = DESCRIPTOR;
        if (layered) {
            out[o + 3] = (byte) (temporalLayer << 5 | (switchingUp ? 0x10 : 0)); // SID 0, D 0
            out[o + 4] = (byte) tl0PicIdx;
            d = LAYERED_DESCRIPTOR;
        }
        if (ss) {
            out[o + d] = 0; // N_S = 0 (one spatial layer), Y = 0, G = 0
            return d + 1;
        }
        return d;
    }
}
