package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.nio.ByteBuffer;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * An Opus encoder (RFC 6716) on libopus through libavcodec, configured for WebRTC: 48 kHz, VoIP
 * application, 10 or 20 ms frames, in-band FEC with an expected loss percentage, VBR, and optional DTX.
 *
 * <p>DTX: FFmpeg's libopus wrapper has no DTX option, so rtc4j does it as libopus would: after 200 ms
 * of silence (peak under -72 dBFS) each packet shrinks to its TOC byte, a zero-length frame that the
 * receiver conceals (RFC 6716 §3.2.1), with a whole packet every 400 ms.
 * Each frame gives one packet, an RTP payload as RFC 7587 §4.2 defines it.
 *
 * <p>Bitrate at run time: {@link #setBitrate} takes effect at the next frame without reopening the
 * encoder ({@link LibopusRateControl}); only if libopus's state does not look as expected (another
 * FFmpeg build) does it reopen instead, which {@link #reopens()} counts. Not thread-safe except
 * {@link #setBitrate}.
 */
public final class OpusEncoder implements AudioEncoder {
    /** How to configure the encoder. */
    public record Config(int channels, int frameMs, int bitrateBps, boolean fec, int expectedLossPercent, boolean dtx) {
        public Config {
            AudioFrame.check(channels, frameMs);
            if (bitrateBps < 6000 || bitrateBps > 510_000 || expectedLossPercent < 0 || expectedLossPercent > 100) {
                throw new IllegalArgumentException("bitrate " + bitrateBps + ", loss " + expectedLossPercent
                        + "% (expected: 6000 ~ 510000 bit/s, 0 ~ 100 %)");
            }
        }

        /** WebRTC's usual choice: mono... stereo as given, 20 ms, 32 kbit/s, FEC for 10 % loss, no DTX. */
        public static Config webrtc(int channels) {
            return new Config(channels, 20, 32_000, true, 10, false);
        }
    }

    private final Config config;
    private final String frameDuration;                        // FFmpeg's frame_duration option, in ms
    private final boolean vbr;
    private AVCodecContext ctx;
    private final AVFrame frame = avutil.av_frame_alloc();
    private final AVPacket packet = avcodec.av_packet_alloc();
    private volatile int targetBitrate;
    private int appliedBitrate;
    private LibopusRateControl liveRate;                       // null: bitrate changes reopen
    private long reopens;
    private long pts;
    private int silentFrames;
    private boolean closed;

    public OpusEncoder(Config config) throws MediaException {
        this(config, Integer.toString(config.frameMs()), true);
    }

    /**
     * For tests in this package: packets of any frame duration libopus takes ({@code "2.5"}, {@code "5"},
     * {@code "10"}, {@code "20"}, {@code "40"}, {@code "60"} ms), fed through {@link #encode(ByteBuffer, int)}
     * with that many samples; {@code vbr} false for hard CBR (frames of one size). The config's frameMs is
     * then only what {@link #encode(AudioFrame)} checks.
     */
    OpusEncoder(Config config, String frameDuration, boolean vbr) throws MediaException {
        Natives.ensureFfmpeg();
        this.config = config;
        this.frameDuration = frameDuration;
        this.vbr = vbr;
        this.ctx = open(config.bitrateBps());
        this.liveRate = LibopusRateControl.attach(ctx, config.channels(), config.bitrateBps());
        this.targetBitrate = config.bitrateBps();
        this.appliedBitrate = config.bitrateBps();
    }

    private AVCodecContext open(int bitrate) throws MediaException {
        Config c = config;
        AVCodec codec = avcodec.avcodec_find_encoder_by_name("libopus");
        if (codec == null) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, "encoder libopus is not in this FFmpeg build ("
                    + Natives.FFMPEG_ARTIFACT + ", " + Natives.platform() + ")");
        }
        AVCodecContext ctx = avcodec.avcodec_alloc_context3(codec);
        ctx.sample_rate(AudioFrame.SAMPLE_RATE);
        ctx.sample_fmt(AV_SAMPLE_FMT_S16);
        avutil.av_channel_layout_default(ctx.ch_layout(), c.channels());
        ctx.bit_rate(bitrate);
        ctx.time_base(avutil.av_make_q(1, AudioFrame.SAMPLE_RATE));
        AVDictionary opts = new AVDictionary(null);
        avutil.av_dict_set(opts, "application", "voip", 0);
        avutil.av_dict_set(opts, "frame_duration", frameDuration, 0);
        avutil.av_dict_set(opts, "vbr", vbr ? "on" : "off", 0);
        avutil.av_dict_set(opts, "packet_loss", Integer.toString(c.expectedLossPercent()), 0);
        avutil.av_dict_set(opts, "fec", c.fec() ? "1" : "0", 0);
        int r = avcodec.avcodec_open2(ctx, codec, opts);
        avutil.av_dict_free(opts);
        if (r < 0) {
            avcodec.avcodec_free_context(ctx);
            throw new MediaException(MediaException.Reason.CODEC, "cannot open libopus: " + Natives.error(r));
        }
        return ctx;
    }

    @Override
    public CodecCapability capability() {
        return capabilityFor(config.fec());
    }

    /** Opus in SDP: {@code opus/48000/2} (always two channels, RFC 7587 §7), minptime and in-band FEC. */
    public static CodecCapability capabilityFor(boolean fec) {
        return new CodecCapability("opus", 48_000, 2, fec ? CodecCapability.params("minptime", "10", "useinbandfec", "1")
                : CodecCapability.params("minptime", "10"));
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    @Override
    public byte[] encode(AudioFrame in) throws MediaException {
        if (closed) {
            throw new IllegalStateException("encoder closed");
        }
        if (in.channels() != config.channels() || in.durationMs() != config.frameMs()) {
            throw new IllegalArgumentException("frame of " + in.channels() + " channels, " + in.durationMs()
                    + " ms (expected: " + config.channels() + " channels, " + config.frameMs() + " ms)");
        }
        byte[] out = encode(in.buffer(), in.samplesPerChannel());
        if (out.length > 0 && config.dtx()) {
            silentFrames = isSilent(in) ? silentFrames + 1 : 0;
            int silentMs = silentFrames * config.frameMs();
            if (silentMs > 200 && (silentMs - 200) % 400 != 0) {
                return new byte[] {(byte) (out[0] & 0xfc)};  // code 0: one frame, here of length zero
            }
        }
        return out;
    }

    /**
     * Encodes {@code samplesPerChannel} interleaved 16-bit samples from the start of {@code pcm} (a direct
     * buffer), as many as one packet's frame duration holds.
     *
     * @return the packet, or an empty array when libopus gave none
     */
    byte[] encode(ByteBuffer pcm, int samplesPerChannel) throws MediaException {
        if (closed) {
            throw new IllegalStateException("encoder closed");
        }
        int b = targetBitrate;
        if (b != appliedBitrate) {
            if (liveRate == null || !liveRate.stage(b)) {
                AVCodecContext fresh = open(b);
                avcodec.avcodec_free_context(ctx);
                ctx = fresh;
                liveRate = LibopusRateControl.attach(ctx, config.channels(), b);
                reopens++;
            }
            appliedBitrate = b;
        }
        frame.nb_samples(samplesPerChannel);
        frame.format(AV_SAMPLE_FMT_S16);
        frame.sample_rate(AudioFrame.SAMPLE_RATE);
        avutil.av_channel_layout_copy(frame.ch_layout(), ctx.ch_layout());
        frame.data(0, new BytePointer(pcm));
        frame.linesize(0, samplesPerChannel * config.channels() * 2);
        frame.pts(pts);
        pts += samplesPerChannel;
        int r = avcodec.avcodec_send_frame(ctx, frame);
        frame.data(0, null);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.CODEC, "opus encode failed: " + Natives.error(r));
        }
        byte[] out = null;
        while (true) {
            r = avcodec.avcodec_receive_packet(ctx, packet);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                break;
            }
            if (r < 0) {
                throw new MediaException(MediaException.Reason.CODEC, "opus encode failed: " + Natives.error(r));
            }
            byte[] p = new byte[packet.size()];
            packet.data().get(p);
            avcodec.av_packet_unref(packet);
            out = p;                                         // libopus gives one packet per frame
        }
        return out == null ? new byte[0] : out;
    }

    private static boolean isSilent(AudioFrame f) {
        java.nio.ShortBuffer s = f.samples();
        for (int i = 0, n = f.channels() * f.samplesPerChannel(); i < n; i++) {
            int v = s.get(i);
            if (v > 8 || v < -8) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void setBitrate(int bitrateBps) {
        if (bitrateBps < 6000 || bitrateBps > 510_000) {
            throw new IllegalArgumentException("bitrate " + bitrateBps + " (expected: 6000 ~ 510000)");
        }
        targetBitrate = bitrateBps;
    }

    /** How many bitrate changes reopened the encoder: none with the FFmpeg build rtc4j depends on. */
    public long reopens() {
        return reopens;
    }

    /** The open codec context, for tests in this package. */
    AVCodecContext context() {
        return ctx;
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
