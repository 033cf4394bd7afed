package org.rtc4j.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;

/**
 * Changes the target bitrate of a running libvpx VP8 or VP9 encoder without reopening it, as
 * libwebrtc does with {@code vpx_codec_enc_config_set}: no keyframe, the rate controller keeps its
 * state and moves to the new target within a few frames.
 *
 * <p>FFmpeg 7.1's libvpxenc reads the bitrate only when it opens, but at every frame it compares
 * {@code AVCodecContext.qmax} with the encoder's configuration and, when they differ, passes a copy
 * of that configuration with the new quantizer to {@code vpx_codec_enc_config_set}. The configuration
 * it copies is libvpx's own ({@code vpx_codec_ctx.config.enc}, reached through libvpxenc's private
 * state). So a rate change writes the new {@code rc_target_bitrate} (and the temporal layers' cumulative
 * {@code ts_target_bitrate} and {@code layer_target_bitrate}) there, with {@code rc_max_quantizer} one off {@code qmax}; the next
 * frame's comparison then applies the whole configuration, quantizer restored. Offsets follow libvpx's
 * public {@code vpx_codec_enc_cfg} (ABI of libvpx 1.15) and are checked against the values the encoder was
 * opened with before every write ({@link NativeStruct}); {@link #confirmed} reads back that libvpx took
 * it. Either check failing makes the caller reopen instead.
 *
 * <p>Frame rate needs none of this: libvpx derives it from the frames' timestamps.
 */
final class LibvpxRateControl {
    /** libvpxenc's context: {@code AVClass *}, then {@code vpx_codec_ctx} whose sixth member is {@code config.enc}. */
    private static final long CONFIG_POINTER = 8 + 40;
    private static final long CONFIG_SIZE = 504;
    private static final long G_W = 12;
    private static final long G_H = 16;
    private static final long TIMEBASE_NUM = 28;
    private static final long TIMEBASE_DEN = 32;
    private static final long END_USAGE = 72;
    private static final long TARGET_BITRATE = 112;
    private static final long MAX_QUANTIZER = 120;
    private static final long TS_NUMBER_LAYERS = 216;
    private static final long TS_TARGET_BITRATE = 220;
    private static final long LAYER_TARGET_BITRATE = 328;   // VP9's SVC reads the layers' targets here
    private static final int VPX_CBR = 1;

    private final NativeStruct config;
    private final VideoEncoderConfig settings;
    private final int qmax;
    private int expectedKbps;

    private LibvpxRateControl(NativeStruct config, VideoEncoderConfig settings, int qmax, int kbps) {
        this.config = config;
        this.settings = settings;
        this.qmax = qmax;
        this.expectedKbps = kbps;
    }

    /**
     * The rate control of an encoder just opened with {@code settings} at {@code bitrateBps}, or null
     * when libvpx's configuration cannot be found or does not look as it must (then rates need a reopen).
     */
    static LibvpxRateControl attach(AVCodecContext ctx, VideoEncoderConfig settings, int bitrateBps) {
        if (settings.codec() != VideoCodec.VP8 && settings.codec() != VideoCodec.VP9 || ctx.qmax() < 1 || ctx.qmax() > 62) {
            return null;
        }
        NativeStruct config = NativeStruct.behind(ctx.priv_data(), CONFIG_POINTER, CONFIG_SIZE);
        if (config == null) {
            return null;
        }
        LibvpxRateControl control = new LibvpxRateControl(config, settings, ctx.qmax(), bitrateBps / 1000);
        return control.layoutHolds() ? control : null;
    }

    private boolean layoutHolds() {
        return config.holds(new long[] {G_W, G_H, TIMEBASE_NUM, TIMEBASE_DEN, END_USAGE, TARGET_BITRATE, MAX_QUANTIZER,
                TS_NUMBER_LAYERS}, new int[] {settings.width(), settings.height(), 1, 90_000, VPX_CBR, expectedKbps, qmax,
                settings.temporalLayers()});
    }

    /**
     * Writes a new target for the next frame to apply. Returns false, writing nothing, when the
     * configuration no longer holds what this encoder last set.
     */
    boolean stage(int bitrateBps) {
        if (!layoutHolds()) {
            return false;
        }
        int kbps = bitrateBps / 1000;
        config.putInt(TARGET_BITRATE, kbps);
        int[] layers = layerTargetsKbps(bitrateBps, settings.temporalLayers());
        for (int i = 0; i < layers.length && layers.length > 1; i++) {
            config.putInt(TS_TARGET_BITRATE + 4L * i, layers[i]);
            config.putInt(LAYER_TARGET_BITRATE + 4L * i, layers[i]);
        }
        config.putInt(MAX_QUANTIZER, qmax + 1);             // makes libvpxenc re-apply the configuration
        expectedKbps = kbps;
        return true;
    }

    /** After the frame that followed {@link #stage}: whether libvpx took the new configuration. */
    boolean confirmed() {
        return layoutHolds();
    }

    /**
     * Cumulative per-layer targets in kbit/s as libwebrtc splits them: 60/100 % for two temporal
     * layers, 40/60/100 % for three.
     */
    static int[] layerTargetsKbps(int bitrateBps, int layers) {
        return switch (layers) {
            case 1 -> new int[] {bitrateBps / 1000};
            case 2 -> new int[] {bitrateBps * 6 / 10_000, bitrateBps / 1000};
            case 3 -> new int[] {bitrateBps * 4 / 10_000, bitrateBps * 6 / 10_000, bitrateBps / 1000};
            default -> throw new IllegalArgumentException(layers + " temporal layers (expected: 1 ~ 3)");
        };
    }
}
