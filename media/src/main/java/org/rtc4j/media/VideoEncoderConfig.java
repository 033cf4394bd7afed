package org.rtc4j.media;

/**
 * How to configure a {@link VideoEncoder}. Real-time settings are implied (no look-ahead, no B-frames,
 * CBR-like rate control, keyframes only on demand or every {@code keyframeInterval} frames).
 *
 * @param codec the codec
 * @param width frame width (even)
 * @param height frame height (even)
 * @param bitrateBps initial target bitrate
 * @param framerate initial frame rate
 * @param keyframeInterval frames between forced keyframes; 0 means only on demand (WebRTC's choice)
 * @param threads encoder threads (1 ~ 16)
 * @param speed the codec's speed knob: libvpx {@code cpu-used}, SVT-AV1 preset; ignored by openh264
 * @param temporalLayers 1, or 2 or 3 temporal layers (VP8 and VP9: libvpx's patterns with periods 2 and 4,
 *        layer bitrates 60/100 % and 40/60/100 % cumulative, as libwebrtc splits them)
 */
public record VideoEncoderConfig(VideoCodec codec, int width, int height, int bitrateBps, double framerate,
                                 int keyframeInterval, int threads, int speed, int temporalLayers) {
    public VideoEncoderConfig {
        if (temporalLayers < 1 || temporalLayers > 3 || (temporalLayers > 1 && codec != VideoCodec.VP8 && codec != VideoCodec.VP9)) {
            throw new IllegalArgumentException(codec + " with " + temporalLayers
                    + " temporal layers (expected: 1, or 2 or 3 for VP8 and VP9)");
        }
        VideoFrame.checkSize(width, height);
        if ((width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("size " + width + "x" + height + " (expected: even width and height)");
        }
        if (bitrateBps < 10_000 || framerate <= 0 || framerate > 240 || threads < 1 || threads > 16 || keyframeInterval < 0) {
            throw new IllegalArgumentException("bitrate " + bitrateBps + ", framerate " + framerate + ", threads " + threads
                    + ", keyframeInterval " + keyframeInterval
                    + " (expected: bitrate >= 10000, 0 < framerate <= 240, 1 <= threads <= 16, keyframeInterval >= 0)");
        }
    }

    /** Checks run-time rates as every {@link VideoEncoder#setRates} takes them. */
    static void checkRates(int bitrateBps, double framerate) {
        if (bitrateBps < 10_000 || framerate <= 0 || framerate > 240) {
            throw new IllegalArgumentException("bitrate " + bitrateBps + ", framerate " + framerate
                    + " (expected: bitrate >= 10000, 0 < framerate <= 240)");
        }
    }

    /**
     * A real-time configuration with WebRTC-like defaults: on-demand keyframes, two threads, and a speed
     * that holds 720p30 on two cores.
     */
    public static VideoEncoderConfig realtime(VideoCodec codec, int width, int height, int bitrateBps, double framerate) {
        int speed = switch (codec) {
            case VP8 -> 10;
            case VP9 -> 8;
            case AV1 -> 10;
            case H264 -> 0;
        };
        return new VideoEncoderConfig(codec, width, height, bitrateBps, framerate, 0, 2, speed, 1);
    }

    public VideoEncoderConfig withSpeed(int newSpeed) {
        return new VideoEncoderConfig(codec, width, height, bitrateBps, framerate, keyframeInterval, threads, newSpeed, temporalLayers);
    }

    public VideoEncoderConfig withThreads(int newThreads) {
        return new VideoEncoderConfig(codec, width, height, bitrateBps, framerate, keyframeInterval, newThreads, speed, temporalLayers);
    }

    public VideoEncoderConfig withKeyframeInterval(int frames) {
        return new VideoEncoderConfig(codec, width, height, bitrateBps, framerate, frames, threads, speed, temporalLayers);
    }

    public VideoEncoderConfig withTemporalLayers(int layers) {
        return new VideoEncoderConfig(codec, width, height, bitrateBps, framerate, keyframeInterval, threads, speed, layers);
    }
}
