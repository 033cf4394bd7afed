package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.util.function.Consumer;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VideoEncoder} on FFmpeg's libavcodec: VP8 and VP9 through libvpx ({@code deadline=realtime},
 * {@code cpu-used}, error resilience, no look-ahead, CBR, two VP8 token partitions), H.264 through
 * Cisco's openh264 (constrained baseline, {@link VideoCodec#H264_PROFILE_LEVEL_ID}, Annex B with SPS/PPS
 * before each IDR, one slice), and AV1 through SVT-AV1 (fastest preset, low-delay prediction, CBR; the presets' libaom encoder
 * crashes in {@code avcodec_open2}, so it is not used).
 *
 * <p>Run-time rate changes ({@link #setRates}, applied at the next frame): VP8 and VP9 change bitrate
 * in place, without a keyframe, through {@link LibvpxRateControl}, and follow the frame rate from the
 * frames' timestamps, as libwebrtc's libvpx encoders do. FFmpeg's openh264 and SVT-AV1 wrappers read
 * both only when they open, so for H.264 and AV1 a change reopens the encoder, which costs one keyframe;
 * so does VP8/VP9 if libvpx's configuration does not look as expected (another FFmpeg build).
 * {@link #reopens()} counts those. Keyframes on demand set the next frame's picture
 * type to I, which each wrapper forwards ({@code VPX_EFLAG_FORCE_KF}, {@code ForceIntraFrame}).
 *
 * <p>Timestamps: frames carry capture times; the encoder works on the 90 kHz RTP clock and keeps them
 * strictly increasing. Threading and ownership as in {@link VideoEncoder}.
 */
public final class FfmpegVideoEncoder implements VideoEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegVideoEncoder.class);

    private final VideoEncoderConfig config;
    private AVCodecContext ctx;
    private final AVFrame frame;
    private final AVPacket packet;
    private volatile boolean keyframeRequested;
    private volatile int targetBitrate;
    private volatile double targetFramerate;
    private int appliedBitrate;
    private double appliedFramerate;
    private LibvpxRateControl liveRate;                        // null: rate changes reopen
    private boolean rateStaged;
    private long reopens;
    private long lastPts = Long.MIN_VALUE;
    private long frames;
    private long framesSinceKeyframe;
    private int patternIndex;                                  // mirrors libvpxenc's current_temporal_idx
    private boolean closed;

    private FfmpegVideoEncoder(VideoEncoderConfig config) throws MediaException {
        this.config = config;
        this.targetBitrate = config.bitrateBps();
        this.targetFramerate = config.framerate();
        this.ctx = open(config, config.bitrateBps(), config.framerate());
        this.liveRate = LibvpxRateControl.attach(ctx, config, config.bitrateBps());
        this.appliedBitrate = config.bitrateBps();
        this.appliedFramerate = config.framerate();
        this.frame = avutil.av_frame_alloc();
        this.packet = avcodec.av_packet_alloc();
    }

    /** Opens an encoder. */
    public static FfmpegVideoEncoder create(VideoEncoderConfig config) throws MediaException {
        Natives.ensureFfmpeg();
        return new FfmpegVideoEncoder(config);
    }

    /** The libavcodec encoder name for a codec. */
    public static String encoderName(VideoCodec codec) {
        return switch (codec) {
            case VP8 -> "libvpx";
            case VP9 -> "libvpx-vp9";
            case H264 -> "libopenh264";
            case AV1 -> System.getProperty("rtc4j.av1.encoder", "libsvtav1");
        };
    }

    /** Whether this FFmpeg build has the encoder for {@code codec}. */
    public static boolean isAvailable(VideoCodec codec) {
        try {
            Natives.ensureFfmpeg();
        } catch (MediaException e) {
            return false;
        }
        return avcodec.avcodec_find_encoder_by_name(encoderName(codec)) != null;
    }

    private static AVCodecContext open(VideoEncoderConfig c, int bitrate, double framerate) throws MediaException {
        String name = encoderName(c.codec());
        AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
        if (codec == null) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, "encoder " + name + " is not in this FFmpeg build ("
                    + Natives.FFMPEG_ARTIFACT + ", " + Natives.platform() + ")");
        }
        AVCodecContext ctx = avcodec.avcodec_alloc_context3(codec);
        ctx.width(c.width());
        ctx.height(c.height());
        ctx.pix_fmt(AV_PIX_FMT_YUV420P);
        ctx.time_base(avutil.av_make_q(1, 90_000));
        ctx.framerate(avutil.av_d2q(framerate, 1000));
        ctx.bit_rate(bitrate);
        if (c.codec() != VideoCodec.AV1) {                  // SVT-AV1 takes CBR through its own parameters
            ctx.rc_max_rate(bitrate);
            ctx.rc_min_rate(bitrate);
            ctx.rc_buffer_size(bitrate);                     // one second of data, as libwebrtc
            ctx.rc_initial_buffer_occupancy(bitrate / 2);
        }
        // Periodic keyframes are forced by this class (see encode), never chosen by the codec: a keyframe
        // the codec placed in mid-pattern would carry an upper temporal layer's index, and a forwarder
        // that drops that layer would drop the keyframe.
        ctx.gop_size(100_000);
        ctx.max_b_frames(0);
        ctx.thread_count(c.threads());
        ctx.flags(ctx.flags() | AV_CODEC_FLAG_LOW_DELAY);
        AVDictionary opts = new AVDictionary(null);
        switch (c.codec()) {
            case VP8, VP9 -> {
                avutil.av_dict_set(opts, "deadline", "realtime", 0);
                avutil.av_dict_set(opts, "cpu-used", Integer.toString(c.speed()), 0);
                avutil.av_dict_set(opts, "lag-in-frames", "0", 0);
                avutil.av_dict_set(opts, "error-resilient", "default", 0);
                avutil.av_dict_set(opts, "auto-alt-ref", "0", 0);
                avutil.av_dict_set(opts, "undershoot-pct", "100", 0);
                avutil.av_dict_set(opts, "overshoot-pct", "15", 0);
                avutil.av_dict_set(opts, "max-intra-rate", "300", 0);
                avutil.av_dict_set(opts, "static-thresh", "100", 0);
                ctx.qmin(2);
                ctx.qmax(56);
                if (c.temporalLayers() > 1) {
                    // libvpxenc's predefined patterns (ts_layering_mode must come last); cumulative kbit/s.
                    String rates = java.util.Arrays.stream(LibvpxRateControl.layerTargetsKbps(bitrate, c.temporalLayers()))
                            .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
                    avutil.av_dict_set(opts, "ts-parameters", "ts_target_bitrate=" + rates + ":ts_layering_mode="
                            + c.temporalLayers(), 0);
                }
                if (c.codec() == VideoCodec.VP8) {
                    ctx.slices(2);                           // VP8E_SET_TOKEN_PARTITIONS: two partitions
                } else {
                    avutil.av_dict_set(opts, "row-mt", "1", 0);
                    avutil.av_dict_set(opts, "tile-columns", c.width() >= 1280 ? "1" : "0", 0);
                    avutil.av_dict_set(opts, "aq-mode", "3", 0);
                    avutil.av_dict_set(opts, "tune-content", "default", 0);
                }
            }
            case H264 -> {
                ctx.profile(avcodec.AV_PROFILE_H264_CONSTRAINED_BASELINE);
                avutil.av_dict_set(opts, "rc_mode", "bitrate", 0);
                avutil.av_dict_set(opts, "allow_skip_frames", "0", 0);
                avutil.av_dict_set(opts, "coder", "cavlc", 0);
                ctx.slices(1);
            }
            case AV1 -> {
                avutil.av_dict_set(opts, "preset", Integer.toString(c.speed()), 0);
                // Low-delay prediction (no look-ahead, no reordering), CBR.
                avutil.av_dict_set(opts, "svtav1-params", "pred-struct=1:rc=2:lp=" + c.threads(), 0);
            }
        }
        int r = avcodec.avcodec_open2(ctx, codec, opts);
        AVDictionary left = opts;
        if (avutil.av_dict_count(left) > 0) {
            LOG.debug("{}: options not taken: {}", name, avutil.av_dict_count(left));
        }
        avutil.av_dict_free(opts);
        if (r < 0) {
            avcodec.avcodec_free_context(ctx);
            throw new MediaException(MediaException.Reason.CODEC, "cannot open " + name + " at " + c.width() + "x"
                    + c.height() + ": " + Natives.error(r));
        }
        return ctx;
    }

    @Override
    public VideoCodec codec() {
        return config.codec();
    }

    /** The configuration this encoder was opened with. */
    public VideoEncoderConfig config() {
        return config;
    }

    @Override
    public void encode(VideoFrame in, Consumer<EncodedVideoFrame> sink) throws MediaException {
        if (closed) {
            throw new IllegalStateException("encoder closed");
        }
        if (in.width() != config.width() || in.height() != config.height()) {
            throw new IllegalArgumentException("frame is " + in.width() + "x" + in.height() + " (expected: "
                    + config.width() + "x" + config.height() + ", the size this " + config.codec() + " encoder was configured for)");
        }
        long start = System.nanoTime();
        applyRates();
        BytePointer base = new BytePointer(in.buffer());
        frame.format(AV_PIX_FMT_YUV420P);
        frame.width(in.width());
        frame.height(in.height());
        frame.data(0, new BytePointer(base).position(in.offsetY()));
        frame.data(1, new BytePointer(base).position(in.offsetU()));
        frame.data(2, new BytePointer(base).position(in.offsetV()));
        frame.linesize(0, in.strideY());
        frame.linesize(1, in.strideU());
        frame.linesize(2, in.strideV());
        long pts = in.captureTimeNanos() / 100_000L * 9L;
        if (pts <= lastPts) {
            pts = lastPts + 1;
        }
        lastPts = pts;
        frame.pts(pts);
        boolean key = keyframeRequested || (config.keyframeInterval() > 0 && framesSinceKeyframe >= config.keyframeInterval());
        keyframeRequested = false;
        frame.pict_type(key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        frame.duration(Math.max(1, Math.round(90_000 / appliedFramerate)));
        int r = avcodec.avcodec_send_frame(ctx, frame);
        frame.data(0, null).data(1, null).data(2, null);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.CODEC, config.codec() + " encode failed: " + Natives.error(r));
        }
        if (rateStaged) {
            rateStaged = false;
            if (!liveRate.confirmed()) {
                LOG.warn("{}: libvpx did not take the bitrate change in place; reopening from now on", config.codec());
                liveRate = null;
                appliedBitrate = 0;                          // the next frame reopens at the target
            }
        }
        frames++;
        int layer = temporalLayer(key);
        drain(in.captureTimeNanos(), start, layer, sink);
        framesSinceKeyframe++;
    }

    /** The layer of the frame just sent, following libvpxenc's patterns (reset by a forced keyframe). */
    private int temporalLayer(boolean forcedKey) {
        int n = config.temporalLayers();
        if (n == 1) {
            return 0;
        }
        if (forcedKey) {
            patternIndex = 0;
        }
        int[] ids = n == 2 ? new int[] {0, 1} : new int[] {0, 2, 1, 2};
        int layer = ids[patternIndex];
        patternIndex = (patternIndex + 1) % ids.length;
        return layer;
    }

    private void drain(long captureNanos, long start, int layer, Consumer<EncodedVideoFrame> sink) throws MediaException {
        while (true) {
            int r = avcodec.avcodec_receive_packet(ctx, packet);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                throw new MediaException(MediaException.Reason.CODEC, config.codec() + " encode failed: " + Natives.error(r));
            }
            try {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                if (key) {
                    framesSinceKeyframe = 0;
                }
                sink.accept(new EncodedVideoFrame(config.codec(), data, captureNanos, key, config.width(), config.height(),
                        System.nanoTime() - start, layer));
            } finally {
                avcodec.av_packet_unref(packet);
            }
        }
    }

    private void applyRates() throws MediaException {
        int b = targetBitrate;
        double f = targetFramerate;
        if (b == appliedBitrate && f == appliedFramerate) {
            return;
        }
        if (liveRate != null && (b == appliedBitrate || liveRate.stage(b))) {
            // libvpx: the frame durations carry the frame rate, the staged configuration the bitrate.
            rateStaged = b != appliedBitrate;
            appliedBitrate = b;
            appliedFramerate = f;
            return;
        }
        // FFmpeg's openh264 and SVT-AV1 wrappers read rate settings only in avcodec_open2, so reopen:
        // the next frame is a keyframe.
        AVCodecContext fresh = open(config, b, f);
        avcodec.avcodec_free_context(ctx);
        ctx = fresh;
        liveRate = LibvpxRateControl.attach(ctx, config, b);
        patternIndex = 0;
        reopens++;
        LOG.debug("{} encoder reopened at {} bit/s, {} fps", config.codec(), b, f);
        appliedBitrate = b;
        appliedFramerate = f;
    }

    /**
     * How many rate changes reopened the encoder (each costs a keyframe): none for VP8 and VP9 with
     * the FFmpeg build rtc4j depends on.
     */
    public long reopens() {
        return reopens;
    }

    /** The open codec context, for tests in this package. */
    AVCodecContext context() {
        return ctx;
    }

    @Override
    public void requestKeyframe() {
        keyframeRequested = true;
    }

    @Override
    public void setRates(int bitrateBps, double framerate) {
        VideoEncoderConfig.checkRates(bitrateBps, framerate);
        targetBitrate = bitrateBps;
        targetFramerate = framerate;
    }

    @Override
    public int bitrate() {
        return targetBitrate;
    }

    /** Frames encoded so far. */
    public long frameCount() {
        return frames;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        avcodec.avcodec_free_context(ctx);
        avutil.av_frame_free(frame);
        avcodec.av_packet_free(packet);
    }
}
