package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_ARGB;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts between packed RGB pixels and I420 {@link VideoFrame}s, and scales I420 frames, with FFmpeg's
 * swscale (BT.601 limited range, bilinear when the size changes).
 *
 * <p>Buffer ownership: RGB arrays belong to the caller and are copied through a native scratch buffer the
 * converter reuses; frames are read or written in place. Not thread-safe: use one converter per thread.
 * {@link #close()} frees the native state.
 */
public final class ImageConverter implements AutoCloseable {
    /** Packed RGB layouts, as byte order in memory. */
    public enum RgbFormat {
        RGB24(AV_PIX_FMT_RGB24, 3), BGR24(AV_PIX_FMT_BGR24, 3), RGBA(AV_PIX_FMT_RGBA, 4), BGRA(AV_PIX_FMT_BGRA, 4),
        ARGB(AV_PIX_FMT_ARGB, 4);

        final int avFormat;
        /** Bytes per pixel. */
        public final int bytesPerPixel;

        RgbFormat(int avFormat, int bytesPerPixel) {
            this.avFormat = avFormat;
            this.bytesPerPixel = bytesPerPixel;
        }
    }

    private SwsContext sws;
    private BytePointer scratch = new BytePointer(0L);
    private final PointerPointer<BytePointer> src = new PointerPointer<>(4);
    private final PointerPointer<BytePointer> dst = new PointerPointer<>(4);
    private final IntPointer srcStride = new IntPointer(4);
    private final IntPointer dstStride = new IntPointer(4);

    public ImageConverter() throws MediaException {
        Natives.ensureFfmpeg();
    }

    private SwsContext context(int sw, int sh, int sfmt, int dw, int dh, int dfmt) {
        sws = swscale.sws_getCachedContext(sws, sw, sh, sfmt, dw, dh, dfmt, swscale.SWS_BILINEAR | swscale.SWS_ACCURATE_RND | swscale.SWS_FULL_CHR_H_INT | swscale.SWS_FULL_CHR_H_INP, null, null,
                (DoublePointer) null);
        if (sws == null) {
            throw new IllegalArgumentException("swscale cannot convert " + sw + "x" + sh + " to " + dw + "x" + dh);
        }
        return sws;
    }

    private BytePointer scratch(long bytes) {
        if (scratch.capacity() < bytes) {
            scratch.close();
            scratch = new BytePointer(bytes);
        }
        return scratch;
    }

    /**
     * Converts packed RGB pixels into {@code dst}, scaling when the sizes differ.
     *
     * @param rgb pixels, {@code stride} bytes per row, read from {@code off}
     */
    public void rgbToI420(byte[] rgb, int off, int width, int height, int stride, RgbFormat format, VideoFrame dst) {
        if (stride < width * format.bytesPerPixel || rgb.length - off < (long) stride * height) {
            throw new IllegalArgumentException("RGB input of " + (rgb.length - off) + " bytes, stride " + stride
                    + " (expected: stride >= " + width * format.bytesPerPixel + " and " + (long) stride * height + " bytes)");
        }
        BytePointer s = scratch((long) stride * height);
        s.position(0).put(rgb, off, stride * height);
        src.put(0, s);
        srcStride.put(0, stride);
        BytePointer d = new BytePointer(dst.buffer());
        framePlanes(dst, d, this.dst, dstStride);
        swscale.sws_scale(context(width, height, format.avFormat, dst.width(), dst.height(), AV_PIX_FMT_YUV420P),
                src, srcStride, 0, height, this.dst, dstStride);
    }

    /** Converts a frame to packed RGB of the frame's size, {@code width * bytesPerPixel} bytes per row. */
    public byte[] i420ToRgb(VideoFrame frame, RgbFormat format) {
        int stride = frame.width() * format.bytesPerPixel;
        byte[] out = new byte[stride * frame.height()];
        BytePointer s = new BytePointer(frame.buffer());
        framePlanes(frame, s, src, srcStride);
        BytePointer d = scratch((long) stride * frame.height());
        dst.put(0, d.position(0));
        dstStride.put(0, stride);
        swscale.sws_scale(context(frame.width(), frame.height(), AV_PIX_FMT_YUV420P, frame.width(), frame.height(),
                format.avFormat), src, srcStride, 0, frame.height(), dst, dstStride);
        d.position(0).get(out);
        return out;
    }

    /**
     * Converts a decoded FFmpeg frame of any pixel format and size into {@code dst} (scaling to its size).
     * For capture sources; the AVFrame stays the caller's.
     */
    public void convert(org.bytedeco.ffmpeg.avutil.AVFrame src, VideoFrame dst) {
        for (int i = 0; i < 4; i++) {
            this.src.put(i, src.data(i));
            srcStride.put(i, src.linesize(i));
        }
        framePlanes(dst, new BytePointer(dst.buffer()), dst(), dstStride);
        swscale.sws_scale(context(src.width(), src.height(), src.format(), dst.width(), dst.height(), AV_PIX_FMT_YUV420P),
                this.src, srcStride, 0, src.height(), this.dst, dstStride);
    }

    private PointerPointer<BytePointer> dst() {
        return dst;
    }

    /** Scales (or copies) one I420 frame into another of any size. */
    public void scale(VideoFrame from, VideoFrame to) {
        framePlanes(from, new BytePointer(from.buffer()), src, srcStride);
        framePlanes(to, new BytePointer(to.buffer()), dst, dstStride);
        swscale.sws_scale(context(from.width(), from.height(), AV_PIX_FMT_YUV420P, to.width(), to.height(),
                AV_PIX_FMT_YUV420P), src, srcStride, 0, from.height(), dst, dstStride);
    }

    static void framePlanes(VideoFrame f, BytePointer base, PointerPointer<BytePointer> planes, IntPointer strides) {
        planes.put(0, new BytePointer(base).position(f.offsetY()));
        planes.put(1, new BytePointer(base).position(f.offsetU()));
        planes.put(2, new BytePointer(base).position(f.offsetV()));
        strides.put(0, f.strideY()).put(1, f.strideU()).put(2, f.strideV());
    }

    @Override
    public void close() {
        if (sws != null) {
            swscale.sws_freeContext(sws);
            sws = null;
        }
        scratch.close();
        src.close();
        dst.close();
        srcStride.close();
        dstStride.close();
    }
}
