package org.rtc4j.rtp;

/**
 * VP9 packetizer (RFC 9628 §4.2), non-flexible mode, one spatial and temporal layer: a 3-byte payload
 * descriptor (I=1 with a 15-bit picture id increasing per frame, P when the frame is inter-predicted,
 * B on the first packet, E on the last) in front of even slices of the frame. The first packet of a
 * key frame also carries a minimal scalability structure (V=1, one spatial layer, no resolution,
 * no picture group). Whether the frame is a key frame is read from its uncompressed header
 * (VP9 bitstream specification §6.2). Buffer ownership as in {@link Packetizer}.
 */
public final class Vp9Packetizer extends EvenSlicePacketizer {
    private static final int DESCRIPTOR = 3;
    private int pictureId;
    private boolean key;

    public Vp9Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, 0);
    }

    public Vp9Packetizer(int maxPayload, int firstPictureId) {
        super(maxPayload);
        if (maxPayload <= DESCRIPTOR + 1) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: > " + (DESCRIPTOR + 1) + ")");
        }
        this.pictureId = (firstPictureId - 1) & 0x7FFF;
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

    @Override
    public void begin(byte[] frame, int off, int len) {
        Bytes.checkRange(frame, off, len);
        this.key = isKeyFrame(frame, off, len);
        // the key frame's first packet carries one more byte (the SS header); budget it everywhere
        beginSlices(frame, off, len, maxPayload() - DESCRIPTOR - 1);
        this.pictureId = (pictureId + 1) & 0x7FFF;
    }

    @Override
    int writeDescriptor(byte[] out, int o, boolean first, boolean last) {
        boolean ss = first && key;
        out[o] = (byte) (0x80 | (key ? 0 : 0x40) | (first ? 0x08 : 0) | (last ? 0x04 : 0) | (ss ? 0x02 : 0));
        out[o + 1] = (byte) (0x80 | pictureId >>> 8);
        out[o + 2] = (byte) pictureId;
        if (ss) {
            out[o + 3] = 0; // N_S = 0 (one spatial layer), Y = 0, G = 0
            return DESCRIPTOR + 1;
        }
        return DESCRIPTOR;
    }
}
