package org.rtc4j.rtp;

/**
 * VP9 depacketizer (RFC 9628 §4.2): strips the payload descriptor in flexible and non-flexible mode
 * (picture id, layer indices, TL0PICIDX, up to three reference indices, the scalability structure
 * with resolutions and picture group), finds frame starts (B on spatial layer 0) and key frames
 * (B, not inter-predicted, spatial layer 0). Static accessors read the fields a forwarder needs
 * ({@link #pictureId}, {@link #tl0PicIdx}, {@link #temporalLayer}, {@link #layerSync}, and the
 * picture group of a scalability structure, {@link #pictureGroup}) in place, without allocating.
 * Every byte the scalability structure declares (RFC 9628 §4.2.1: resolutions, N_G entries and their
 * R P_DIFFs) must be present, or the payload is {@link RtpException.Reason#TRUNCATED}. Buffer
 * ownership as in {@link Depacketizer}.
 */
public final class Vp9Depacketizer implements Depacketizer {
    /** The descriptor's length, or throws. */
    static int descriptorLength(byte[] p, int off, int len) throws RtpException {
        int i = scalabilityStructureOffset(p, off, len);
        if ((p[off] & 0x02) != 0) {
            i = scalabilityStructure(p, off, len, i, null);
        }
        if (i >= len) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "VP9 payload of " + len + " bytes has no data after its " + i + "-byte descriptor");
        }
        return i;
    }

    /**
     * Where the scalability structure starts (or the frame data, without V): after the first byte,
     * the picture id, the layer indices and the reference indices, each checked to be present.
     */
    private static int scalabilityStructureOffset(byte[] p, int off, int len) throws RtpException {
        if (len < 1) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "empty VP9 payload");
        }
        int h = p[off] & 0xFF;
        int i = 1;
        if ((h & 0x80) != 0) {
            need(len, i + 1, "picture id");
            i += (p[off + i] & 0x80) != 0 ? 2 : 1;
        }
        boolean flexible = (h & 0x10) != 0;
        if ((h & 0x20) != 0) {
            need(len, i + 1, "layer indices");
            i += flexible ? 1 : 2;
        }
        if (flexible && (h & 0x40) != 0) {
            for (int k = 0; ; k++) {
                if (k == 3) {
                    throw new RtpException(RtpException.Reason.BAD_VALUE, "more than 3 reference indices");
                }
                need(len, i + 1, "reference index");
                boolean more = (p[off + i] & 0x01) != 0;
                i++;
                if (!more) {
                    break;
                }
            }
        }
        return i;
    }

    /**
     * Walks the scalability structure at {@code p[off + i]} (RFC 9628 §4.2.1), checking that every
     * byte it declares is within {@code len}: the N_S/Y/G byte, 4 bytes of resolution per spatial
     * layer when Y, then when G the N_G byte and N_G entries of one byte (TID, U, R) and R P_DIFF
     * bytes each. N_G (8 bits) and R (2 bits) cannot exceed 255 and 3. When {@code entries} is not
     * null, fills it as {@link #pictureGroup} documents. Returns the offset after the structure.
     */
    private static int scalabilityStructure(byte[] p, int off, int len, int i, int[] entries) throws RtpException {
        need(len, i + 1, "scalability structure");
        int ss = p[off + i] & 0xFF;
        i++;
        if ((ss & 0x10) != 0) {
            i += 4 * ((ss >>> 5) + 1);
            need(len, i, "spatial layer resolutions");
        }
        if ((ss & 0x08) != 0) {
            need(len, i + 1, "picture group");
            int pictures = p[off + i] & 0xFF;
            i++;
            for (int g = 0; g < pictures; g++) {
                need(len, i + 1, "picture group entry");
                int refs = (p[off + i] >>> 2) & 3;
                need(len, i + 1 + refs, "P_DIFF of a picture group entry");
                if (entries != null && g < entries.length) {
                    int entry = (p[off + i] & 0xFC) << 24;
                    for (int r = 0; r < refs; r++) {
                        entry |= (p[off + i + 1 + r] & 0xFF) << 16 - 8 * r;
                    }
                    entries[g] = entry;
                }
                i += 1 + refs;
            }
        }
        return i;
    }

    private static void need(int len, int n, String what) throws RtpException {
        if (n > len) {
            throw new RtpException(RtpException.Reason.TRUNCATED, "VP9 descriptor ends before its " + what);
        }
    }

    /** Where the layer indices byte stands (when L=1): after the first byte and the picture id. */
    private static int layerIndexOffset(byte[] p, int off) {
        return (p[off] & 0x80) == 0 ? 1 : (p[off + 1] & 0x80) != 0 ? 3 : 2;
    }

    private static int spatialId(byte[] p, int off) {
        if ((p[off] & 0x20) == 0) {
            return 0;
        }
        return (p[off + layerIndexOffset(p, off)] >>> 1) & 0x07;
    }

    /** The layer indices byte when the descriptor has L=1, or -1. */
    private static int layerIndices(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        if ((p[off] & 0x20) == 0) {
            return -1;
        }
        return p[off + layerIndexOffset(p, off)] & 0xFF;
    }

    /**
     * The temporal layer (TID, 0 ~ 7) of a payload whose descriptor has layer indices (L=1, RFC 9628
     * §4.2), or -1 when it has none: what a forwarder compares to drop upper layers. Reads the payload
     * during the call only; allocates nothing.
     *
     * @throws RtpException when the descriptor is truncated, malformed or leaves no frame data
     */
    public static int temporalLayer(byte[] p, int off, int len) throws RtpException {
        int li = layerIndices(p, off, len);
        return li < 0 ? -1 : li >>> 5;
    }

    /**
     * The switching up point bit U of a payload whose descriptor has layer indices (L=1, RFC 9628
     * §4.2: higher layers may be switched up to at this frame), false when it has none. VP9's
     * counterpart of VP8's layer sync bit. Reads the payload during the call only; allocates nothing.
     *
     * @throws RtpException when the descriptor is truncated, malformed or leaves no frame data
     */
    public static boolean layerSync(byte[] p, int off, int len) throws RtpException {
        int li = layerIndices(p, off, len);
        return li >= 0 && (li & 0x10) != 0;
    }

    /**
     * The TL0PICIDX of a payload in non-flexible mode with layer indices (F=0, L=1, RFC 9628 §4.2:
     * the running index of the frames with TID 0), or -1 when it has none (flexible mode carries no
     * TL0PICIDX). Reads the payload during the call only; allocates nothing.
     *
     * @throws RtpException when the descriptor is truncated, malformed or leaves no frame data
     */
    public static int tl0PicIdx(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        if ((p[off] & 0x30) != 0x20) {
            return -1;
        }
        return p[off + layerIndexOffset(p, off) + 1] & 0xFF;
    }

    /**
     * The picture group of a payload whose scalability structure describes one (V=1 and G=1,
     * RFC 9628 §4.2.1): returns N_G (0 ~ 255), or -1 when the payload has no scalability structure
     * or one without a picture group. Entry {@code g} is written to {@code entries[g]} for the
     * entries that fit (a shorter array gets the first ones; the return value tells how many there
     * are), packed as {@link Vp9TemporalPattern#pictureGroupEntry} packs them: bits 31 ~ 24 hold the
     * entry's first byte ({@code TID(3) U(1) R(2)}, the two reserved bits cleared), bits 23 ~ 16,
     * 15 ~ 8 and 7 ~ 0 its P_DIFFs (0 past R). So {@code entry >>> 29} is TID,
     * {@code entry >>> 28 & 1} U, {@code entry >>> 26 & 3} R. Reads the payload during the call only;
     * writes nothing else and allocates nothing.
     *
     * @param entries where the entries go, owned by the caller (may be empty)
     * @throws RtpException when the descriptor is truncated, malformed or leaves no frame data
     */
    public static int pictureGroup(byte[] p, int off, int len, int[] entries) throws RtpException {
        descriptorLength(p, off, len); // every byte checked: nothing below throws
        if ((p[off] & 0x02) == 0) {
            return -1;
        }
        int i = scalabilityStructureOffset(p, off, len);
        int ss = p[off + i] & 0xFF;
        if ((ss & 0x08) == 0) {
            return -1;
        }
        scalabilityStructure(p, off, len, i, entries);
        return p[off + i + 1 + ((ss & 0x10) != 0 ? 4 * ((ss >>> 5) + 1) : 0)] & 0xFF;
    }

    /** The picture id of a payload with one, or -1. */
    public static int pictureId(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        if ((p[off] & 0x80) == 0) {
            return -1;
        }
        return (p[off + 1] & 0x80) != 0 ? (p[off + 1] & 0x7F) << 8 | p[off + 2] & 0xFF : p[off + 1] & 0x7F;
    }

    @Override
    public boolean isFrameStart(byte[] p, int off, int len) throws RtpException {
        descriptorLength(p, off, len);
        return (p[off] & 0x08) != 0 && spatialId(p, off) == 0;
    }

    @Override
    public boolean isKeyframe(byte[] p, int off, int len) throws RtpException {
        return isFrameStart(p, off, len) && (p[off] & 0x40) == 0;
    }

    @Override
    public int depacketize(byte[] p, int off, int len, byte[] out, int outOff) throws RtpException {
        int d = descriptorLength(p, off, len);
        Depacketizer.checkRoom(out, outOff, len - d);
        System.arraycopy(p, off + d, out, outOff, len - d);
        return len - d;
    }
}
