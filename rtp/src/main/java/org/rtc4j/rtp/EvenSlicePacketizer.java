package org.rtc4j.rtp;

/**
 * A packetizer that cuts a frame into near-equal slices, each after a payload descriptor of its own
 * format (VP8, VP9, the audio formats): the slicing lives here once; a format writes its descriptor.
 * Buffer ownership as in {@link Packetizer}.
 */
abstract class EvenSlicePacketizer implements Packetizer {
    private final int maxPayload;
    private byte[] frame;
    private int len;
    private int pos;
    private int parts;
    private int index;

    EvenSlicePacketizer(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    @Override
    public final int maxPayload() {
        return maxPayload;
    }

    /**
     * Starts a frame cut into slices of at most {@code sliceBudget} bytes; subclasses check and read
     * the frame first, then call this.
     */
    final void beginSlices(byte[] frame, int off, int len, int sliceBudget) {
        Bytes.checkRange(frame, off, len);
        this.frame = frame;
        this.len = len;
        this.pos = off;
        this.parts = Packetizer.parts(len, sliceBudget);
        this.index = 0;
    }

    @Override
    public final boolean hasNext() {
        return index < parts;
    }

    @Override
    public final int next(byte[] out, int o) {
        if (index >= parts) {
            throw new IllegalStateException("no payload left (expected: hasNext())");
        }
        int d = writeDescriptor(out, o, index == 0, index == parts - 1);
        int n = Packetizer.evenPart(len, parts, index++);
        System.arraycopy(frame, pos, out, o + d, n);
        pos += n;
        return d + n;
    }

    /** Writes the payload descriptor of one slice at {@code out[o]}; returns its length (0 for none). */
    abstract int writeDescriptor(byte[] out, int o, boolean first, boolean last);
}
