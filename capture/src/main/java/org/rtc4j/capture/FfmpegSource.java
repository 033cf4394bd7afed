package org.rtc4j.capture;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.rtc4j.media.AudioFrame;
import org.rtc4j.media.AudioResampler;
import org.rtc4j.media.AudioSink;
import org.rtc4j.media.ImageConverter;
import org.rtc4j.media.MediaException;
import org.rtc4j.media.Natives;
import org.rtc4j.media.VideoFrame;
import org.rtc4j.media.VideoSink;

/**
 * A source on FFmpeg's avformat and avdevice: a file (any container and codec FFmpeg reads, optionally
 * looping, paced to real time), a V4L2 webcam, an ALSA or PulseAudio microphone, an X11 screen, or a
 * {@code lavfi} filter graph such as {@code testsrc2} or {@code sine} (FFmpeg's virtual devices, which
 * tests use in place of a camera and a microphone).
 *
 * <p>Video is decoded and converted (swscale) to I420 frames of the source size or of
 * {@link #outputSize}; audio is decoded and resampled (swresample) to 48 kHz 10 ms frames. Frames go to the
 * video sink given to {@link #start} and the audio sink set with {@link #audioSink}, on this source's own
 * thread; each frame is released after the sink returns. Timestamps: capture time is when the frame
 * was delivered ({@link System#nanoTime()}).
 */
public final class FfmpegSource extends PacedSource<VideoSink> {
    private final String url;
    private final String format;
    private final Map<String, String> options;
    private final boolean paced;
    private boolean loop;
    private int outWidth;
    private int outHeight;
    private int audioChannels = 2;
    private volatile AudioSink audioSink;
    private volatile long videoFrames;
    private volatile long audioFrames;
    private volatile long loops;

    private AVFormatContext fmt;
    private AVCodecContext videoCtx;
    private AVCodecContext audioCtx;
    private int videoIndex = -1;
    private int audioIndex = -1;

    private FfmpegSource(String name, String format, String url, Map<String, String> options, boolean paced) {
        super(name);
        this.format = format;
        this.url = url;
        this.options = new LinkedHashMap<>(options);
        this.paced = paced;
    }

    /** A file, paced to real time (as a camera would deliver it). */
    public static FfmpegSource file(Path path) {
        return new FfmpegSource("file", null, path.toString(), Map.of(), true);
    }

    /** Any avdevice input, paced by the device itself. */
    public static FfmpegSource device(String inputFormat, String url, Map<String, String> options) {
        return new FfmpegSource(inputFormat, inputFormat, url, options, false);
    }

    /** A V4L2 camera ({@code /dev/video0}) at the given size and rate (see {@link Devices#list}("v4l2")). */
    public static FfmpegSource webcam(String device, int width, int height, double fps) {
        return device("v4l2", device, Map.of("video_size", width + "x" + height, "framerate", Double.toString(fps)));
    }

    /** A microphone: {@code backend} is "pulse" or "alsa", {@code device} e.g. "default". */
    public static FfmpegSource microphone(String backend, String device) {
        return device(backend, device, Map.of("sample_rate", "48000", "channels", "1"));
    }

    /** An X11 screen ({@code display} like ":0.0"), grabbed at the given size and rate. */
    public static FfmpegSource screen(String display, int width, int height, double fps) {
        return device("x11grab", display, Map.of("video_size", width + "x" + height, "framerate", Double.toString(fps)));
    }

    /**
     * A lavfi filter graph, e.g. {@code testsrc2=size=640x480:rate=30} or
     * {@code sine=frequency=440:sample_rate=48000}; lavfi produces as fast as it is read, so it is paced.
     */
    public static FfmpegSource lavfi(String graph) {
        return new FfmpegSource("lavfi", "lavfi", graph, Map.of(), true);
    }

    /** Restart at the end (files). */
    public FfmpegSource loop(boolean loop) {
        this.loop = loop;
        return this;
    }

    /** Scale video to this size (even numbers) instead of the source's. */
    public FfmpegSource outputSize(int width, int height) {
        this.outWidth = width;
        this.outHeight = height;
        return this;
    }

    /** Output channels for audio (1 or 2; default 2). */
    public FfmpegSource audioChannels(int channels) {
        this.audioChannels = channels;
        return this;
    }

    /** Where audio frames go (null to ignore audio). Set before {@link #start}. */
    public FfmpegSource audioSink(AudioSink sink) {
        this.audioSink = sink;
        return this;
    }

    public long videoFrameCount() {
        return videoFrames;
    }

    public long audioFrameCount() {
        return audioFrames;
    }

    /** How many times a looping file started over. */
    public long loopCount() {
        return loops;
    }

    @Override
    void prepare() throws MediaException {
        Natives.ensureFfmpeg();
        AVInputFormat in = format == null ? null : Devices.inputFormat(format);
        AVDictionary opts = new AVDictionary(null);
        options.forEach((k, v) -> avutil.av_dict_set(opts, k, v, 0));
        AVFormatContext ctx = new AVFormatContext(null);
        int r = avformat.avformat_open_input(ctx, url, in, opts);
        avutil.av_dict_free(opts);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.IO, "cannot open " + (format == null ? "" : format + ":") + url + ": "
                    + Natives.error(r));
        }
        fmt = ctx;
        r = avformat.avformat_find_stream_info(fmt, (AVDictionary) null);
        if (r < 0) {
            release();
            throw new MediaException(MediaException.Reason.IO, "cannot read " + url + ": " + Natives.error(r));
        }
        for (int i = 0; i < fmt.nb_streams(); i++) {
            int type = fmt.streams(i).codecpar().codec_type();
            if (type == avutil.AVMEDIA_TYPE_VIDEO && videoIndex < 0) {
                videoIndex = i;
                videoCtx = openDecoder(fmt.streams(i));
            } else if (type == avutil.AVMEDIA_TYPE_AUDIO && audioIndex < 0) {
                audioIndex = i;
                audioCtx = openDecoder(fmt.streams(i));
            }
        }
        if (videoIndex < 0 && audioIndex < 0) {
            release();
            throw new MediaException(MediaException.Reason.UNSUPPORTED, url + " has neither video nor audio");
        }
    }

    private static AVCodecContext openDecoder(AVStream s) throws MediaException {
        AVCodec codec = avcodec.avcodec_find_decoder(s.codecpar().codec_id());
        if (codec == null) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, "no decoder for codec id " + s.codecpar().codec_id());
        }
        AVCodecContext ctx = avcodec.avcodec_alloc_context3(codec);
        avcodec.avcodec_parameters_to_context(ctx, s.codecpar());
        ctx.thread_count(2);
        int r = avcodec.avcodec_open2(ctx, codec, (AVDictionary) null);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.CODEC, "cannot open decoder: " + Natives.error(r));
        }
        return ctx;
    }

    @Override
    void produce(VideoSink videoSink) throws MediaException {
        AVPacket pkt = avcodec.av_packet_alloc();
        AVFrame frame = avutil.av_frame_alloc();
        VideoFrame.Pool pool = null;
        AudioResampler resampler = null;
        try (ImageConverter converter = new ImageConverter()) {
            long wallStart = System.nanoTime();
            long firstPts = Long.MIN_VALUE;
            long frameInterval = videoIndex >= 0 && fmt.streams(videoIndex).avg_frame_rate().num() > 0
                    ? Math.round(1e9 / avutil.av_q2d(fmt.streams(videoIndex).avg_frame_rate())) : 20_000_000L;
            while (running) {
                int r = avformat.av_read_frame(fmt, pkt);
                if (r == AVERROR_EOF) {
                    if (!loop) {
                        break;
                    }
                    // Start over: the first frame of the next pass is due one frame interval after the last.
                    loops++;
                    firstPts = Long.MIN_VALUE;
                    wallStart = System.nanoTime() + frameInterval;
                    avformat.av_seek_frame(fmt, -1, 0, avformat.AVSEEK_FLAG_BACKWARD);
                    if (videoCtx != null) {
                        avcodec.avcodec_flush_buffers(videoCtx);
                    }
                    if (audioCtx != null) {
                        avcodec.avcodec_flush_buffers(audioCtx);
                    }
                    continue;
                }
                if (r < 0) {
                    throw new MediaException(MediaException.Reason.IO, "read " + url + ": " + Natives.error(r));
                }
                int s = pkt.stream_index();
                AVCodecContext ctx = s == videoIndex ? videoCtx : s == audioIndex ? audioCtx : null;
                if (ctx == null || (s == audioIndex && audioSink == null) || (s == videoIndex && videoSink == null)) {
                    avcodec.av_packet_unref(pkt);
                    continue;
                }
                AVStream stream = fmt.streams(s);
                r = avcodec.avcodec_send_packet(ctx, pkt);
                avcodec.av_packet_unref(pkt);
                if (r < 0 && r != AVERROR_EAGAIN()) {
                    continue;                                // a damaged packet in a file: skip it
                }
                while (running && avcodec.avcodec_receive_frame(ctx, frame) >= 0) {
                    long ts = frame.best_effort_timestamp();
                    long nanos = ts == avutil.AV_NOPTS_VALUE ? 0
                            : avutil.av_rescale_q(ts, stream.time_base(), avutil.av_make_q(1, 1_000_000_000));
                    if (firstPts == Long.MIN_VALUE) {
                        firstPts = nanos;
                    }
                    if (paced && !waitUntil(wallStart + (nanos - firstPts))) {
                        break;
                    }
                    if (s == videoIndex) {
                        int w = outWidth > 0 ? outWidth : frame.width() & ~1;
                        int h = outHeight > 0 ? outHeight : frame.height() & ~1;
                        if (pool == null || pool.width() != w || pool.height() != h) {
                            pool = new VideoFrame.Pool(w, h, 3);
                        }
                        try (VideoFrame out = pool.acquire()) {
                            converter.convert(frame, out);
                            out.captureTimeNanos(System.nanoTime());
                            videoSink.onFrame(out);
                        }
                        videoFrames++;
                    } else {
                        if (resampler == null) {
                            resampler = new AudioResampler(frame.sample_rate(), frame.ch_layout().nb_channels(), frame.format(),
                                    audioChannels, 10);
                        }
                        AudioSink a = audioSink;
                        resampler.process(frame, System.nanoTime(), af -> {
                            try (AudioFrame f = af) {
                                a.onFrame(f);
                            }
                            audioFrames++;
                        });
                    }
                    avutil.av_frame_unref(frame);
                }
            }
        } finally {
            if (resampler != null) {
                resampler.close();
            }
            avutil.av_frame_free(frame);
            avcodec.av_packet_free(pkt);
        }
    }

    @Override
    void release() {
        if (videoCtx != null) {
            avcodec.avcodec_free_context(videoCtx);
            videoCtx = null;
        }
        if (audioCtx != null) {
            avcodec.avcodec_free_context(audioCtx);
            audioCtx = null;
        }
        if (fmt != null) {
            avformat.avformat_close_input(fmt);
            fmt = null;
        }
    }
}
