package org.rtc4j.media;

import java.util.ArrayList;
import java.util.List;

/**
 * What this process can encode and decode, in the form SDP negotiation needs, and decoder creation with
 * the pure-Java fallback.
 */
public final class Codecs {
    private Codecs() {
    }

    /**
     * Video codecs this process can both encode and decode, in offer order (VP8, VP9, H.264, AV1 as
     * browsers order them); empty when the FFmpeg natives are missing.
     */
    public static List<CodecCapability> videoCapabilities() {
        List<CodecCapability> out = new ArrayList<>();
        for (VideoCodec c : VideoCodec.values()) {
            if (FfmpegVideoEncoder.isAvailable(c) && decoderAvailable(c)) {
                out.add(c.capability());
            }
        }
        return out;
    }

    /** Video codecs this process can decode (receive-only offers): with no natives, H.264 through JCodec. */
    public static List<CodecCapability> videoDecodeCapabilities() {
        List<CodecCapability> out = new ArrayList<>();
        for (VideoCodec c : VideoCodec.values()) {
            if (decoderAvailable(c) || c == VideoCodec.H264) {
                out.add(c.capability());
            }
        }
        return out;
    }

    /** Audio codecs: Opus with in-band FEC when libopus is present. */
    public static List<CodecCapability> audioCapabilities() {
        try {
            Natives.ensureFfmpeg();
        } catch (MediaException e) {
            return List.of();
        }
        return org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name("libopus") != null
                ? List.of(OpusEncoder.capabilityFor(true)) : List.of();
    }

    static boolean decoderAvailable(VideoCodec c) {
        try {
            Natives.ensureFfmpeg();
        } catch (MediaException e) {
            return false;
        }
        return org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name(FfmpegVideoDecoder.defaultDecoderName(c)) != null;
    }

    /**
     * A decoder for {@code codec}: FFmpeg's when its natives load, otherwise JCodec's for H.264.
     *
     * @throws MediaException when neither is available
     */
    public static VideoDecoder createDecoder(VideoCodec codec) throws MediaException {
        try {
            return FfmpegVideoDecoder.create(codec);
        } catch (MediaException e) {
            if (codec == VideoCodec.H264 && e.reason() == MediaException.Reason.NATIVE_MISSING) {
                return new JCodecH264Decoder();
            }
            throw e;
        }
    }
}
