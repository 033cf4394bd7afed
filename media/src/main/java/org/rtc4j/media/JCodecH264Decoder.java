package org.rtc4j.media;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * A pure-Java H.264 {@link VideoDecoder} on JCodec, for when no FFmpeg natives exist for the platform.
 * It decodes what browsers send in constrained baseline (CAVLC, no B-frames) from Annex B access units;
 * it is several times slower than FFmpeg's decoder and less strict about damage.
 *
 * <p>JCodec keeps samples as signed bytes (value - 128); frames are converted into pooled
 * {@link VideoFrame}s. Errors, keyframe waiting, threading and ownership as in {@link VideoDecoder}.
 */
public final class JCodecH264Decoder implements VideoDecoder {
    private final H264Decoder decoder = new H264Decoder();
    private byte[][] buffers;
    private int bufferWidth;
    private int bufferHeight;
    private VideoFrame.Pool pool;
    private boolean needKeyframe = true;

    @Override
    public VideoCodec codec() {
        return VideoCodec.H264;
    }

    @Override
    public int decode(byte[] data, int off, int len, long captureTimeNanos, Consumer<VideoFrame> sink) throws MediaException {
        if (off < 0 || len < 0 || off + len > data.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " of " + data.length + " bytes");
        }
        boolean key = Keyframes.isKeyframe(VideoCodec.H264, data, off, len);
        if (needKeyframe && !key) {
            throw new MediaException(MediaException.Reason.NEED_KEYFRAME, "H.264 decoder waits for a keyframe");
        }
        Picture pic;
        try {
            ByteBuffer in = ByteBuffer.wrap(data, off, len).slice();
            if (key) {
                VideoCodecMeta meta = decoder.getCodecMeta(in.duplicate());
                if (meta != null) {
                    int w = (meta.getSize().getWidth() + 15) & ~15;
                    int h = (meta.getSize().getHeight() + 15) & ~15;
                    if (buffers == null || w != bufferWidth || h != bufferHeight) {
                        buffers = Picture.create(w, h, ColorSpace.YUV420J).getData();
                        bufferWidth = w;
                        bufferHeight = h;
                    }
                }
            }
            if (buffers == null) {
                return fail("no sequence parameter set", null);
            }
            pic = decoder.decodeFrame(in, buffers);
        } catch (RuntimeException e) {
            return fail(e.toString(), e);
        }
        if (pic == null) {
            return fail("no picture", null);
        }
        int w = pic.getCroppedWidth();
        int h = pic.getCroppedHeight();
        if (pool == null || pool.width() != w || pool.height() != h) {
            pool = new VideoFrame.Pool(w, h, 4);
        }
        VideoFrame out = pool.acquire();
        ByteBuffer b = out.buffer();
        copy(pic.getPlaneData(0), pic.getPlaneWidth(0), b, out.offsetY(), out.strideY(), w, h);
        copy(pic.getPlaneData(1), pic.getPlaneWidth(1), b, out.offsetU(), out.strideU(), out.chromaWidth(), out.chromaHeight());
        copy(pic.getPlaneData(2), pic.getPlaneWidth(2), b, out.offsetV(), out.strideV(), out.chromaWidth(), out.chromaHeight());
        out.captureTimeNanos(captureTimeNanos);
        needKeyframe = false;
        sink.accept(out);
        return 1;
    }

    private static void copy(byte[] src, int srcStride, ByteBuffer dst, int dstOff, int dstStride, int w, int h) {
        for (int y = 0; y < h; y++) {
            int s = y * srcStride;
            int d = dstOff + y * dstStride;
            for (int x = 0; x < w; x++) {
                dst.put(d + x, (byte) (src[s + x] + 128));
            }
        }
    }

    private int fail(String why, Throwable cause) throws MediaException {
        needKeyframe = true;
        throw new MediaException(MediaException.Reason.CORRUPT, "H.264 frame does not decode (JCodec: " + why
                + "); waiting for a keyframe", cause);
    }

    @Override
    public void close() {
        buffers = null;
    }
}
