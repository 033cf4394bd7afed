package org.rtc4j.media;

import java.nio.ByteBuffer;

/**
 * A raw video frame in I420 (planar YUV 4:2:0, BT.601 limited range, the layout every WebRTC video codec
 * takes): a Y plane of {@code width x height} bytes and U and V planes of
 * {@code ceil(width/2) x ceil(height/2)}, each row {@code stride} bytes apart (strides are multiples of
 * 32 so SIMD code in the codecs reads whole vectors). It carries the capture time (nanoseconds on the
 * source's monotonic clock, the base for RTP timestamps and latency measurement) and a rotation
 * (0, 90, 180 or 270 degrees clockwise, as the RTP video-orientation extension signals it).
 *
 * <p>Buffer ownership: the planes live in one direct (off-heap) buffer, usually from a {@link Pool}.
 * A frame is reference counted: it starts with one reference; {@link #retain()} adds one for each extra
 * holder (another sink, a queue) and {@link #release()} ({@link #close()}) drops one; the last release
 * hands the buffer back to its pool at once. Sinks that receive a frame must not use it after the
 * call returns unless they retained it. Using a released frame throws {@link IllegalStateException}.
 */
public final class VideoFrame implements AutoCloseable {
    private final int width;
    private final int height;
    private final int strideY;
    private final int strideUv;
    private final PooledBuffer buffer;
    private long captureTimeNanos;
    private int rotation;

    private VideoFrame(int width, int height, ByteBuffer buffer, BufferPool pool) {
        this.width = width;
        this.height = height;
        this.strideY = strideY(width);
        this.strideUv = strideUv(width);
        this.buffer = new PooledBuffer(buffer, pool);
    }

    /** A frame with its own (unpooled) buffer, filled with black. */
    public static VideoFrame allocate(int width, int height) {
        checkSize(width, height);
        VideoFrame f = new VideoFrame(width, height, ByteBuffer.allocateDirect(size(width, height)), null);
        f.fillBlack();
        return f;
    }

    static void checkSize(int width, int height) {
        if (width < 2 || height < 2 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " (expected: 2 ~ 8192 each way)");
        }
    }

    static int strideY(int width) {
        return (width + 31) & ~31;
    }

    static int strideUv(int width) {
        return ((width + 1) / 2 + 31) & ~31;
    }

    /** Bytes of the buffer of a frame of this size. */
    public static int size(int width, int height) {
        return strideY(width) * height + 2 * strideUv(width) * ((height + 1) / 2);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Width of the chroma planes. */
    public int chromaWidth() {
        return (width + 1) / 2;
    }

    /** Height of the chroma planes. */
    public int chromaHeight() {
        return (height + 1) / 2;
    }

    public int strideY() {
        return strideY;
    }

    /** The stride of both chroma planes. */
    public int strideU() {
        return strideUv;
    }

    public int strideV() {
        return strideUv;
    }

    /** Offset of the Y plane in {@link #buffer()}. */
    public int offsetY() {
        return 0;
    }

    public int offsetU() {
        return strideY * height;
    }

    public int offsetV() {
        return strideY * height + strideUv * chromaHeight();
    }

    /**
     * The buffer holding the three planes (absolute offsets {@link #offsetY()}, {@link #offsetU()},
     * {@link #offsetV()}); valid until the last release. Use absolute get/put; do not keep it.
     */
    public ByteBuffer buffer() {
        return buffer.get();
    }

    /** Capture time in nanoseconds on the source's monotonic clock. */
    public long captureTimeNanos() {
        return captureTimeNanos;
    }

    public VideoFrame captureTimeNanos(long nanos) {
        this.captureTimeNanos = nanos;
        return this;
    }

    /** Clockwise rotation the renderer should apply: 0, 90, 180 or 270. */
    public int rotation() {
        return rotation;
    }

    public VideoFrame rotation(int degrees) {
        if (degrees != 0 && degrees != 90 && degrees != 180 && degrees != 270) {
            throw new IllegalArgumentException("rotation " + degrees + " (expected: 0, 90, 180 or 270)");
        }
        this.rotation = degrees;
        return this;
    }

    /** Adds a reference; returns this frame. */
    public VideoFrame retain() {
        buffer.retain();
        return this;
    }

    /** Drops a reference; the last one returns the buffer to its pool. */
    public void release() {
        buffer.release();
    }

    /** Same as {@link #release()}. */
    @Override
    public void close() {
        release();
    }

    /** Whether the frame still holds its buffer. */
    public boolean isLive() {
        return buffer.isLive();
    }

    private void checkLive() {
        buffer.checkLive();
    }

    /** Sets every pixel to black (Y 16, U and V 128). */
    public void fillBlack() {
        ByteBuffer b = buffer();
        for (int i = 0; i < offsetU(); i++) {
            b.put(i, (byte) 16);
        }
        for (int i = offsetU(); i < b.capacity(); i++) {
            b.put(i, (byte) 128);
        }
    }

    /** The luma sample at (x, y). */
    public int y(int x, int y) {
        return buffer().get(y * strideY + x) & 0xff;
    }

    /** Copies the visible pixels into a tightly packed I420 array (width*height*3/2 for even sizes). */
    public byte[] toI420() {
        ByteBuffer b = buffer();
        int cw = chromaWidth();
        int ch = chromaHeight();
        byte[] out = new byte[width * height + 2 * cw * ch];
        int o = 0;
        for (int r = 0; r < height; r++, o += width) {
            b.get(r * strideY, out, o, width);
        }
        for (int r = 0; r < ch; r++, o += cw) {
            b.get(offsetU() + r * strideUv, out, o, cw);
        }
        for (int r = 0; r < ch; r++, o += cw) {
            b.get(offsetV() + r * strideUv, out, o, cw);
        }
        return out;
    }

    /** Copies tightly packed I420 pixels (as {@link #toI420()} returns them) into this frame. */
    public VideoFrame fromI420(byte[] i420, int off) {
        ByteBuffer b = buffer();
        int cw = chromaWidth();
        int ch = chromaHeight();
        if (i420.length - off < width * height + 2 * cw * ch) {
            throw new IllegalArgumentException("I420 array of " + (i420.length - off) + " bytes (expected: "
                    + (width * height + 2 * cw * ch) + " for " + width + "x" + height + ")");
        }
        int o = off;
        for (int r = 0; r < height; r++, o += width) {
            b.put(r * strideY, i420, o, width);
        }
        for (int r = 0; r < ch; r++, o += cw) {
            b.put(offsetU() + r * strideUv, i420, o, cw);
        }
        for (int r = 0; r < ch; r++, o += cw) {
            b.put(offsetV() + r * strideUv, i420, o, cw);
        }
        return this;
    }

    @Override
    public String toString() {
        return "VideoFrame[" + width + "x" + height + ", t=" + captureTimeNanos + "ns, rot=" + rotation + "]";
    }

    /**
     * Frames of one size backed by a {@link BufferPool}: a steady stream of acquire/release allocates
     * nothing once the pool is warm. Thread-safe.
     */
    public static final class Pool {
        private final int width;
        private final int height;
        private final BufferPool buffers;

        /**
         * @param maxFree how many released buffers to keep (a few more than the frames in flight)
         */
        public Pool(int width, int height, int maxFree) {
            checkSize(width, height);
            this.width = width;
            this.height = height;
            this.buffers = new BufferPool(size(width, height), maxFree);
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }

        /** A frame with one reference; its pixel content is whatever the buffer held before. */
        public VideoFrame acquire() {
            return new VideoFrame(width, height, buffers.acquire(), buffers);
        }

        /** The buffers behind the frames. */
        public BufferPool buffers() {
            return buffers;
        }
    }
}
