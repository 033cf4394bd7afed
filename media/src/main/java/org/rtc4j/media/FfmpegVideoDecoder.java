package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_BITSTREAM;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_CRCCHECK;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import java.util.function.Consumer;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VideoDecoder} on FFmpeg's libavcodec: FFmpeg's own VP8, VP9 and H.264 decoders (the fastest
 * software decoders FFmpeg has), openh264's decoder on request ({@link #create(VideoCodec, String, int)}
 * with {@code "libopenh264"}), and libaom for AV1 (FFmpeg's native AV1 decoder needs a GPU).
 *
 * <p>The decoder is strict ({@code AV_EF_EXPLODE}, bitstream and CRC checks), slice-threaded only (frame
 * threading would delay output by a frame per thread), and outputs no corrupt frames: a corrupt or
 * truncated frame, or one that gives no picture (the decoder runs with no delay, so a whole frame always
 * gives one), is a {@link MediaException.Reason#CORRUPT} error, after which the decoder is flushed
 * and waits for a keyframe. Decoded frames come from a pool of the decoded size.
 */
public final class FfmpegVideoDecoder implements VideoDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegVideoDecoder.class);
    /** avcodec.h FF_THREAD_SLICE (the presets leave the macro out). */
    private static final int FF_THREAD_SLICE = 2;
    /** frame.h AV_FRAME_FLAG_CORRUPT. */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;

    private final VideoCodec codec;
    private final String name;
    private final AVCodecContext ctx;
    private final AVPacket packet;
    private final AVFrame frame;
    private VideoFrame.Pool pool;
    private boolean needKeyframe = true;
    private boolean closed;

    private FfmpegVideoDecoder(VideoCodec codec, String name, int threads) throws MediaException {
        AVCodec c = avcodec.avcodec_find_decoder_by_name(name);
        if (c == null) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, "decoder " + name + " is not in this FFmpeg build ("
                    + Natives.FFMPEG_ARTIFACT + ", " + Natives.platform() + ")");
        }
        this.codec = codec;
        this.name = name;
        this.ctx = avcodec.avcodec_alloc_context3(c);
        ctx.err_recognition(AV_EF_EXPLODE | AV_EF_CRCCHECK | AV_EF_BITSTREAM);
        ctx.thread_type(FF_THREAD_SLICE);
        ctx.thread_count(threads);
        ctx.flags(ctx.flags() | AV_CODEC_FLAG_LOW_DELAY);
        int r = avcodec.avcodec_open2(ctx, c, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (r < 0) {
            avcodec.avcodec_free_context(ctx);
            throw new MediaException(MediaException.Reason.CODEC, "cannot open decoder " + name + ": " + Natives.error(r));
        }
        this.packet = avcodec.av_packet_alloc();
        this.frame = avutil.av_frame_alloc();
    }

    /** A decoder with the default implementation for {@code codec} and one thread. */
    public static FfmpegVideoDecoder create(VideoCodec codec) throws MediaException {
        return create(codec, defaultDecoderName(codec), 1);
    }

    /**
     * A decoder by libavcodec name ("vp8", "libvpx", "vp9", "h264", "libopenh264", "libaom-av1").
     *
     * @param threads slice threads
     */
    public static FfmpegVideoDecoder create(VideoCodec codec, String decoderName, int threads) throws MediaException {
        Natives.ensureFfmpeg();
        return new FfmpegVideoDecoder(codec, decoderName, threads);
    }

    /** The libavcodec decoder used by default. */
    public static String defaultDecoderName(VideoCodec codec) {
        return switch (codec) {
            case VP8 -> "vp8";
            case VP9 -> "vp9";
            case H264 -> "h264";
            case AV1 -> "libaom-av1";
        };
    }

    @Override
    public VideoCodec codec() {
        return codec;
    }

    /** The libavcodec decoder in use. */
    public String decoderName() {
        return name;
    }

    @Override
    public int decode(byte[] data, int off, int len, long captureTimeNanos, Consumer<VideoFrame> sink) throws MediaException {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
        if (off < 0 || len < 0 || off + len > data.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " of " + data.length + " bytes");
        }
        if (needKeyframe) {
            if (!Keyframes.isKeyframe(codec, data, off, len)) {
                throw new MediaException(MediaException.Reason.NEED_KEYFRAME, codec + " decoder waits for a keyframe");
            }
        }
        if (len == 0) {
            return fail("empty frame", 0);
        }
        int r = avcodec.av_new_packet(packet, len);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.CODEC, "av_new_packet: " + Natives.error(r));
        }
        int delivered = 0;
        try {
            packet.data().put(data, off, len);
            packet.pts(captureTimeNanos);
            r = avcodec.avcodec_send_packet(ctx, packet);
            if (r < 0 && r != AVERROR_EAGAIN()) {
                return fail("send", r);
            }
            while (true) {
                r = avcodec.avcodec_receive_frame(ctx, frame);
                if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                    break;
                }
                if (r < 0) {
                    return fail("receive", r);
                }
                try {
                    if ((frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                        return fail("corrupt frame", 0);
                    }
                    VideoFrame out = copy(frame);
                    out.captureTimeNanos(captureTimeNanos);
                    needKeyframe = false;
                    delivered++;
                    sink.accept(out);
                } finally {
                    avutil.av_frame_unref(frame);
                }
            }
        } finally {
            avcodec.av_packet_unref(packet);
        }
        if (delivered == 0) {
            // Low delay and no frame threading: every whole frame gives a picture at once, so none means
            // the input was not a frame (garbage with no start code, a lone parameter set).
            return fail("no picture", 0);
        }
        return delivered;
    }

    private int fail(String where, int code) throws MediaException {
        avcodec.avcodec_flush_buffers(ctx);
        needKeyframe = true;
        String msg = codec + " frame does not decode (" + name + " " + where + (code != 0 ? ": " + Natives.error(code) : "")
                + "); waiting for a keyframe";
        LOG.debug(msg);
        throw new MediaException(MediaException.Reason.CORRUPT, msg);
    }

    private VideoFrame copy(AVFrame f) throws MediaException {
        int fmt = f.format();
        if (fmt != AV_PIX_FMT_YUV420P && fmt != AV_PIX_FMT_YUVJ420P) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, codec + " decoded to pixel format "
                    + avutil.av_get_pix_fmt_name(fmt).getString() + " (expected: yuv420p)");
        }
        int w = f.width();
        int h = f.height();
        if (pool == null || pool.width() != w || pool.height() != h) {
            pool = new VideoFrame.Pool(w, h, 4);
        }
        VideoFrame out = pool.acquire();
        BytePointer dst = new BytePointer(out.buffer());
        copyPlane(f.data(0), f.linesize(0), dst, out.offsetY(), out.strideY(), w, h);
        copyPlane(f.data(1), f.linesize(1), dst, out.offsetU(), out.strideU(), out.chromaWidth(), out.chromaHeight());
        copyPlane(f.data(2), f.linesize(2), dst, out.offsetV(), out.strideV(), out.chromaWidth(), out.chromaHeight());
        return out;
    }

    static void copyPlane(BytePointer src, int srcStride, BytePointer dst, int dstOff, int dstStride, int w, int h) {
        if (srcStride == dstStride) {
            Pointer.memcpy(new BytePointer(dst).position(dstOff), src, (long) dstStride * (h - 1) + w);
            return;
        }
        BytePointer s = new BytePointer(src);
        BytePointer d = new BytePointer(dst);
        for (int r = 0; r < h; r++) {
            Pointer.memcpy(d.position(dstOff + (long) r * dstStride), s.position((long) r * srcStride), w);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        AVCodecContext c = ctx;
        avcodec.avcodec_free_context(c);
        avcodec.av_packet_free(packet);
        avutil.av_frame_free(frame);
    }
}
