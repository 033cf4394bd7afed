package org.rtc4j.rtp;

/**
 * VP9 packetizer (RFC 9628 §4.2), non-flexible mode, one spatial layer: a payload descriptor
 * (I=1 with a 15-bit picture id increasing per frame, P when the frame is inter-predicted, B on the
 * first packet, E on the last) in front of even slices of the frame. The first packet of a key frame
 * also carries a scalability structure (V=1, RFC 9628 §4.2.1: one spatial layer, no resolution).
 * Whether the frame is a key frame is read from its uncompressed header (VP9 bitstream
 * specification §6.2).
 *
 * <p>A single-layer frame ({@link #begin(byte[], int, int)}) gets a 3-byte descriptor without layer
 * indices. A frame of a temporally layered stream ({@link #begin(byte[], int, int, int, boolean)})
 * gets L=1: the layer indices byte (TID, U, SID 0, D 0) and TL0PICIDX, 5 bytes, so a forwarder can
 * drop upper layers.
 *
 * <p>A packetizer built with a layered {@link Vp9TemporalPattern} (2 or 3 layers) also describes the
 * pattern's picture group in every key frame's scalability structure (G=1, N_G, and per picture TID,
 * U, R and the P_DIFFs, RFC 9628 §4.2.1): a receiver in non-flexible mode learns from it which
 * pictures each frame refers to, and keeps decoding when a forwarder drops upper layers. Without a
 * layered pattern the scalability structure has no picture group (G=0). Buffer ownership as in
 * {@link Packetizer}.
 */
public final class Vp9Packetizer extends EvenSlicePacketizer {
    private static final int DESCRIPTOR = 3;
    private static final int LAYERED_DESCRIPTOR = 5;
    /** The largest TID: 3 bits (RFC 9628 §4.2). */
    private static final int MAX_TEMPORAL_LAYER = 7;
    /** The first byte of a scalability structure: N_S = 0 (one spatial layer), Y = 0. */
    private static final int SS_ONE_SPATIAL_LAYER = 0x00;
    /** The G bit of the scalability structure's first byte: a picture group follows. */
    private static final int SS_G = 0x08;
    private final Vp9TemporalPattern pattern;
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
     * A packetizer whose counters start where the caller says, for a stream without a declared
     * temporal pattern ({@link Vp9TemporalPattern#ONE_LAYER}): its scalability structures carry no
     * picture group, though {@link #begin(byte[], int, int, int, boolean)} still writes any TID.
     *
     * @param maxPayload the largest payload, bytes (more than 4; more than 6 for layered frames)
     * @param firstPictureId the picture id of the first frame (0 ~ 32767)
     * @param firstTl0PicIdx the TL0PICIDX of the first frame with TID 0 (0 ~ 255)
     */
    public Vp9Packetizer(int maxPayload, int firstPictureId, int firstTl0PicIdx) {
        this(maxPayload, firstPictureId, firstTl0PicIdx, Vp9TemporalPattern.ONE_LAYER);
    }

    /**
     * A packetizer for a stream that follows {@code pattern}: with 2 or 3 layers, every frame must
     * be started with its TID ({@link #begin(byte[], int, int, int, boolean)}) and each key frame's
     * scalability structure describes the pattern's picture group (RFC 9628 §4.2.1).
     *
     * @param maxPayload the largest payload, bytes (more than 4; for a layered pattern more than the
     *        5-byte descriptor and the key frame's scalability structure: 11 for 2 layers, 15 for 3)
     * @param firstPictureId the picture id of the first frame (0 ~ 32767)
     * @param firstTl0PicIdx the TL0PICIDX of the first frame with TID 0 (0 ~ 255)
     * @param pattern the temporal pattern the encoder follows
     * @throws IllegalArgumentException when a value is out of range or the payload budget leaves no
     *         room for frame data after the descriptor
     */
    public Vp9Packetizer(int maxPayload, int firstPictureId, int firstTl0PicIdx, Vp9TemporalPattern pattern) {
        super(maxPayload);
        if (pattern == null) {
            throw new IllegalArgumentException("temporal pattern null (expected: a Vp9TemporalPattern)");
        }
        int least = pattern.temporalLayers() > 1 ? LAYERED_DESCRIPTOR + 1 + pattern.pictureGroupLength() : DESCRIPTOR + 1;
        if (maxPayload <= least) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: > " + least + " for " + pattern + ")");
        }
        if (firstTl0PicIdx < 0 || firstTl0PicIdx > 0xFF) {
            throw new IllegalArgumentException("first TL0PICIDX " + firstTl0PicIdx + " (expected: 0 ~ 255)");
        }
        this.pattern = pattern;
        this.pictureId = (firstPictureId - 1) & 0x7FFF;
        this.tl0PicIdx = (firstTl0PicIdx - 1) & 0xFF;
    }

    /** The temporal pattern this packetizer describes in key frames' scalability structures. */
    public Vp9TemporalPattern pattern() {
        return pattern;
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

    /**
     * Starts a frame of a single-layer stream: the descriptor has no layer indices (L=0). The frame
     * is read by reference until its last {@link #next}.
     *
     * @throws IllegalStateException when the packetizer was built with a layered pattern, whose
     *         frames need their TID ({@link #begin(byte[], int, int, int, boolean)})
     */
    @Override
    public void begin(byte[] frame, int off, int len) {
        if (pattern.temporalLayers() > 1) {
            throw new IllegalStateException("a frame without a TID (expected: begin with a temporal layer for " + pattern + ")");
        }
        start(frame, off, len, DESCRIPTOR);
        this.temporalLayer = -1;
    }

    /**
     * Starts a frame of a temporally layered stream (RFC 9628 §4.2, non-flexible mode): its packets
     * carry L=1, the layer indices byte (TID, U, SID 0, D 0) and TL0PICIDX, incremented here when
     * {@code temporalLayer} is 0. With a layered {@link #pattern()}, a key frame's first packet also
     * carries the pattern's picture group (RFC 9628 §4.2.1); the key frame is picture 0 of the group
     * and has TID 0, as libvpx restarts its pattern there. The frame is read by reference until its
     * last {@link #next}.
     *
     * @param temporalLayer the frame's TID (0 ~ 7; with a layered pattern, below its layer count)
     * @param switchingUp the U bit: frames of higher layers after this one do not depend on frames of
     *        higher layers before it, so a forwarder may start sending them here (RFC 9628 §4.2)
     * @throws IllegalArgumentException when the layer is out of range or the payload budget leaves no
     *         room after the descriptor
     */
    public void begin(byte[] frame, int off, int len, int temporalLayer, boolean switchingUp) {
        int max = pattern.temporalLayers() > 1 ? pattern.temporalLayers() - 1 : MAX_TEMPORAL_LAYER;
        if (temporalLayer < 0 || temporalLayer > max) {
            throw new IllegalArgumentException("temporal layer " + temporalLayer + " (expected: 0 ~ " + max + " for " + pattern + ")");
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
        // A key frame's first packet carries the SS; the slices leave room for it. Without a picture
        // group the one SS byte is budgeted in every frame, so single-layer slicing stays as it was.
        int ss = pattern.pictureGroupLength() == 0 ? 1 : key ? 1 + pattern.pictureGroupLength() : 0;
        beginSlices(frame, off, len, maxPayload() - descriptor - ss);
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
        if (!ss) {
            return d;
        }
        // RFC 9628 §4.2.1: N_S, Y, G; then N_G and the picture group entries when G = 1
        int group = pattern.pictureGroupLength();
        out[o + d] = (byte) (SS_ONE_SPATIAL_LAYER | (group > 0 ? SS_G : 0));
        return d + 1 + pattern.writePictureGroup(out, o + d + 1);
    }
}
