package org.rtc4j.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;

/**
 * Changes the bitrate of a running libopus encoder without reopening it: the effect of
 * {@code OPUS_SET_BITRATE} on the multistream encoder FFmpeg's libopus wrapper drives, which only stores
 * the value in {@code OpusMSEncoder.bitrate_bps}; libopus shares it among the streams again at every
 * frame. FFmpeg 7.1 calls that control only when it opens, so rtc4j stores the value itself, at the
 * offset of libopus 1.3's struct (a 268-byte channel layout, then five ints), after checking that the
 * fields around it hold what this encoder was opened with (channel count, one stream, coupling,
 * channel mapping, no LFE, VoIP application, frame size by argument, mapping type, current bitrate);
 * otherwise {@link #attach} or {@link #stage} says no and the caller reopens.
 */
final class LibopusRateControl {
    /** FFmpeg's LibopusEncContext: {@code AVClass *}, then {@code OpusMSEncoder *}. */
    private static final long ENCODER_POINTER = 8;
    private static final long ENCODER_SIZE = 292;
    private static final long CHANNELS = 0;
    private static final long STREAMS = 4;
    private static final long COUPLED_STREAMS = 8;
    private static final long MAPPING = 12;
    private static final long LFE_STREAM = 272;
    private static final long APPLICATION = 276;
    private static final long VARIABLE_DURATION = 280;
    private static final long MAPPING_TYPE = 284;
    private static final long BITRATE = 288;
    private static final int OPUS_APPLICATION_VOIP = 2048;
    private static final int OPUS_FRAMESIZE_ARG = 5000;

    private final NativeStruct encoder;
    private final int channels;
    private int expectedBitrate;

    private LibopusRateControl(NativeStruct encoder, int channels, int bitrate) {
        this.encoder = encoder;
        this.channels = channels;
        this.expectedBitrate = bitrate;
    }

    /** The rate control of a VoIP encoder just opened at {@code bitrateBps}, or null when its state does not look as it must. */
    static LibopusRateControl attach(AVCodecContext ctx, int channels, int bitrateBps) {
        NativeStruct encoder = NativeStruct.behind(ctx.priv_data(), ENCODER_POINTER, ENCODER_SIZE);
        if (encoder == null) {
            return null;
        }
        LibopusRateControl control = new LibopusRateControl(encoder, channels, bitrateBps);
        return control.layoutHolds() ? control : null;
    }

    private boolean layoutHolds() {
        return encoder.holds(new long[] {CHANNELS, STREAMS, COUPLED_STREAMS, LFE_STREAM, APPLICATION, VARIABLE_DURATION,
                MAPPING_TYPE, BITRATE}, new int[] {channels, 1, channels - 1, -1, OPUS_APPLICATION_VOIP, OPUS_FRAMESIZE_ARG, 0,
                expectedBitrate})
                && encoder.getByte(MAPPING) == 0 && (channels == 1 || encoder.getByte(MAPPING + 1) == 1);
    }

    /** Sets the bitrate for the next frame; false, writing nothing, when the state no longer looks as it must. */
    boolean stage(int bitrateBps) {
        if (!layoutHolds()) {
            return false;
        }
        encoder.putInt(BITRATE, bitrateBps);
        expectedBitrate = bitrateBps;
        return true;
    }
}
