package org.rtc4j.rtp;

/**
 * The temporal-layer patterns rtc4j's VP9 encoders use (libvpx's realtime patterns, as FFmpeg's
 * libvpxenc {@code ts_layering_mode} 1 ~ 3 configures them), described as the picture group (PG) of
 * the VP9 scalability structure (RFC 9628 §4.2.1, fields N_G, TID, U, R and P_DIFF). In non-flexible
 * mode (RFC 9628 §4.2, F=0) this is how a receiver learns which earlier pictures a picture refers to,
 * so that it can keep decoding when a forwarder drops the upper layers.
 *
 * <p>Picture {@code i} of the group is the {@code i}-th frame after a key frame, modulo the group's
 * size; its references are given as P_DIFF, the difference of picture ids. The U bits are those
 * libwebrtc's sender declares ({@code GofInfoVP9::SetGofInfoVP9}).
 *
 * <table>
 * <caption>The patterns</caption>
 * <tr><th>pattern</th><th>TIDs</th><th>references (P_DIFF)</th><th>U</th></tr>
 * <tr><td>{@link #ONE_LAYER}</td><td>0</td><td>the previous picture (1)</td><td>0</td></tr>
 * <tr><td>{@link #TWO_LAYERS}</td><td>0, 1</td><td>the previous TID 0 (2); TID 0 (1)</td><td>0, 1</td></tr>
 * <tr><td>{@link #THREE_LAYERS}</td><td>0, 2, 1, 2</td><td>the previous TID 0 (4); TID 0 (1); TID 0 (2);
 *     TID 1 (1)</td><td>0, 1, 1, 0</td></tr>
 * </table>
 *
 * <p>{@link Vp9Packetizer} writes the picture group of {@link #TWO_LAYERS} and {@link #THREE_LAYERS} in
 * the scalability structure of every key frame; a {@link #ONE_LAYER} stream keeps a scalability
 * structure without one (G=0), the bytes rtc4j always sent.
 */
public enum Vp9TemporalPattern {
    /** No temporal layers: every picture refers to the one before it. */
    ONE_LAYER(new int[] {0}, new boolean[] {false}, new int[][] {{1}}),
    /** Two layers, period 2: TIDs 0, 1. */
    TWO_LAYERS(new int[] {0, 1}, new boolean[] {false, true}, new int[][] {{2}, {1}}),
    /** Three layers, period 4: TIDs 0, 2, 1, 2. */
    THREE_LAYERS(new int[] {0, 2, 1, 2}, new boolean[] {false, true, true, false}, new int[][] {{4}, {1}, {2}, {1}});

    private final int[] temporalLayer;
    private final boolean[] switchingUp;
    private final int[][] pDiff;
    private final int layers;
    /** N_G and the entries, as RFC 9628 §4.2.1 lays them out; empty for one layer. */
    private final byte[] pictureGroup;

    Vp9TemporalPattern(int[] temporalLayer, boolean[] switchingUp, int[][] pDiff) {
        this.temporalLayer = temporalLayer;
        this.switchingUp = switchingUp;
        this.pDiff = pDiff;
        int max = 0;
        int size = 1;
        for (int i = 0; i < temporalLayer.length; i++) {
            max = Math.max(max, temporalLayer[i]);
            size += 1 + pDiff[i].length;
        }
        this.layers = max + 1;
        this.pictureGroup = layers == 1 ? new byte[0] : new byte[size];
        if (layers > 1) {
            int o = 0;
            pictureGroup[o++] = (byte) temporalLayer.length;
            for (int i = 0; i < temporalLayer.length; i++) {
                int entry = pictureGroupEntry(i);
                for (int k = 0; k <= pDiff[i].length; k++) {
                    pictureGroup[o++] = (byte) (entry >>> 24 - 8 * k);
                }
            }
        }
    }

    /**
     * The pattern of {@code temporalLayers} layers.
     *
     * @param temporalLayers 1, 2 or 3
     * @throws IllegalArgumentException for another count
     */
    public static Vp9TemporalPattern of(int temporalLayers) {
        return switch (temporalLayers) {
            case 1 -> ONE_LAYER;
            case 2 -> TWO_LAYERS;
            case 3 -> THREE_LAYERS;
            default -> throw new IllegalArgumentException(temporalLayers + " temporal layers (expected: 1 ~ 3)");
        };
    }

    /** How many temporal layers the pattern has (1 ~ 3); TIDs run from 0 to one less. */
    public int temporalLayers() {
        return layers;
    }

    /** How many pictures one period of the pattern has: N_G of RFC 9628 §4.2.1 (1, 2 or 4). */
    public int pictures() {
        return temporalLayer.length;
    }

    /** The TID of picture {@code picture} of the group (RFC 9628 §4.2.1). */
    public int temporalLayer(int picture) {
        return temporalLayer[picture];
    }

    /** The U bit of picture {@code picture}: a switching up point (RFC 9628 §4.2). */
    public boolean switchingUp(int picture) {
        return switchingUp[picture];
    }

    /** R of picture {@code picture}: how many earlier pictures it refers to (0 ~ 3, RFC 9628 §4.2.1). */
    public int references(int picture) {
        return pDiff[picture].length;
    }

    /** P_DIFF number {@code reference} of picture {@code picture}: how many picture ids back it refers. */
    public int pDiff(int picture, int reference) {
        return pDiff[picture][reference];
    }

    /**
     * Picture {@code picture} packed into one int as {@link Vp9Depacketizer#pictureGroup} reports it:
     * bits 31 ~ 24 hold the entry's first byte as RFC 9628 §4.2.1 lays it out ({@code TID(3) U(1) R(2)},
     * two zero bits), bits 23 ~ 16, 15 ~ 8 and 7 ~ 0 the P_DIFFs in order (0 where R has none).
     */
    public int pictureGroupEntry(int picture) {
        int entry = (temporalLayer[picture] << 5 | (switchingUp[picture] ? 0x10 : 0) | pDiff[picture].length << 2) << 24;
        for (int k = 0; k < pDiff[picture].length; k++) {
            entry |= pDiff[picture][k] << 16 - 8 * k;
        }
        return entry;
    }

    /** The length of the picture group bytes the scalability structure carries: 0 for one layer. */
    int pictureGroupLength() {
        return pictureGroup.length;
    }

    /** Writes N_G and the picture group entries at {@code out[o]}; returns {@link #pictureGroupLength()}. */
    int writePictureGroup(byte[] out, int o) {
        System.arraycopy(pictureGroup, 0, out, o, pictureGroup.length);
        return pictureGroup.length;
    }
}
