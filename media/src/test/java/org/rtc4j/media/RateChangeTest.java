package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Run-time rate changes as a congestion controller makes them: VP8 and VP9 move to a new bitrate and
 * follow a new frame rate without reopening the encoder and without a keyframe; H.264, whose FFmpeg
 * wrapper cannot, reopens and sends one. The moving test pattern carries noise so that the encoder
 * has use for every bit it is given.
 */
class RateChangeTest {
    private static final int W = 640;
    private static final int H = 480;

    /** Encodes {@code seconds} of noisy test pattern at {@code fps} from {@code startFrame}; returns what came out. */
    private static List<EncodedVideoFrame> encode(FfmpegVideoEncoder enc, VideoFrame.Pool pool, int startFrame, long startNanos,
                                                  double seconds, double fps) throws MediaException {
        List<EncodedVideoFrame> out = new ArrayList<>();
        int n = (int) Math.round(seconds * fps);
        for (int i = 0; i < n; i++) {
            try (VideoFrame f = pool.acquire()) {
                int number = startFrame + i;
                TestPattern.draw(f, number, number);
                sprinkle(f, number);
                f.captureTimeNanos(startNanos + Math.round(i * 1e9 / fps));
                enc.encode(f, out::add);
            }
        }
        return out;
    }

    /** Pseudo-random noise over the luma plane, different in every frame. */
    private static void sprinkle(VideoFrame f, int seed) {
        java.nio.ByteBuffer b = f.buffer();
        int x = seed * 1103515245 + 12345;
        for (int row = 0; row < f.height(); row += 2) {
            for (int col = 0; col < f.width(); col += 3) {
                x = x * 1103515245 + 12345;
                int at = f.offsetY() + row * f.strideY() + col;
                b.put(at, (byte) ((b.get(at) & 0xFF) + ((x >>> 16) & 31) - 16));
            }
        }
    }

    /** Bit/s of the frames in the last {@code seconds} of a phase of {@code total} seconds. */
    private static double kbps(List<EncodedVideoFrame> frames, double fps, double tailSeconds) {
        int tail = (int) Math.round(tailSeconds * fps);
        long bytes = 0;
        for (EncodedVideoFrame f : frames.subList(frames.size() - tail, frames.size())) {
            bytes += f.data().length;
        }
        return bytes * 8 / tailSeconds / 1000;
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9"})
    void bitrateChangesWithoutAKeyframe(VideoCodec codec) throws Exception {
        VideoFrame.Pool pool = new VideoFrame.Pool(W, H, 2);
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(codec, W, H, 800_000, 30))) {
            List<EncodedVideoFrame> high = encode(enc, pool, 0, 0, 4, 30);
            enc.setRates(200_000, 30);
            List<EncodedVideoFrame> low = encode(enc, pool, 120, 4_000_000_000L, 4, 30);
            enc.setRates(800_000, 30);
            List<EncodedVideoFrame> back = encode(enc, pool, 240, 8_000_000_000L, 4, 30);
            double h = kbps(high, 30, 3);
            double l = kbps(low, 30, 3);
            double b = kbps(back, 30, 3);
            System.out.printf("%s: %.0f -> %.0f -> %.0f kbit/s%n", codec, h, l, b);
            assertThat(enc.reopens()).isZero();
            assertThat(high.subList(1, high.size())).noneMatch(EncodedVideoFrame::keyframe);
            assertThat(low).noneMatch(EncodedVideoFrame::keyframe);
            assertThat(back).noneMatch(EncodedVideoFrame::keyframe);
            assertThat(l).isBetween(200 * 0.6, 200 * 1.3);
            assertThat(h).isBetween(800 * 0.6, 800 * 1.3);
            assertThat(b).isBetween(800 * 0.6, 800 * 1.3);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9"})
    void frameRateFollowsTheTimestamps(VideoCodec codec) throws Exception {
        VideoFrame.Pool pool = new VideoFrame.Pool(W, H, 2);
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(codec, W, H, 400_000, 30))) {
            List<EncodedVideoFrame> fast = encode(enc, pool, 0, 0, 4, 30);
            enc.setRates(400_000, 10);
            List<EncodedVideoFrame> slow = encode(enc, pool, 120, 4_000_000_000L, 4, 10);
            double f = kbps(fast, 30, 3);
            double s = kbps(slow, 10, 3);
            System.out.printf("%s: 30 fps %.0f kbit/s, 10 fps %.0f kbit/s%n", codec, f, s);
            assertThat(enc.reopens()).isZero();
            assertThat(slow).noneMatch(EncodedVideoFrame::keyframe);
            // The same bits over a third of the frames: each frame gets about three times as many.
            assertThat(f).isBetween(400 * 0.6, 400 * 1.3);
            assertThat(s).isBetween(400 * 0.6, 400 * 1.3);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9"})
    void temporalLayersChangeRateInPlace(VideoCodec codec) throws Exception {
        VideoFrame.Pool pool = new VideoFrame.Pool(W, H, 2);
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(
                VideoEncoderConfig.realtime(codec, W, H, 900_000, 30).withTemporalLayers(3))) {
            List<EncodedVideoFrame> high = encode(enc, pool, 0, 0, 4, 30);
            enc.setRates(300_000, 30);
            List<EncodedVideoFrame> low = encode(enc, pool, 120, 4_000_000_000L, 4, 30);
            double h = kbps(high, 30, 3);
            double l = kbps(low, 30, 3);
            System.out.printf("%s L1T3: %.0f -> %.0f kbit/s%n", codec, h, l);
            assertThat(enc.reopens()).isZero();
            assertThat(low).noneMatch(EncodedVideoFrame::keyframe);
            assertThat(h).isBetween(900 * 0.6, 900 * 1.3);
            assertThat(l).isBetween(300 * 0.6, 300 * 1.3);
        }
    }

    @Test
    void h264ReopensAndSendsAKeyframe() throws Exception {
        VideoFrame.Pool pool = new VideoFrame.Pool(W, H, 2);
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.H264, W, H, 800_000, 30))) {
            encode(enc, pool, 0, 0, 1, 30);
            enc.setRates(200_000, 30);
            List<EncodedVideoFrame> after = encode(enc, pool, 30, 1_000_000_000L, 1, 30);
            assertThat(enc.reopens()).isEqualTo(1);
            assertThat(after.get(0).keyframe()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9"})
    void aConfigurationThatDoesNotLookRightIsLeftAlone(VideoCodec codec) throws Exception {
        VideoEncoderConfig config = VideoEncoderConfig.realtime(codec, W, H, 500_000, 30);
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(config)) {
            assertThat(LibvpxRateControl.attach(enc.context(), config, 500_000)).isNotNull();
            // Any field that differs from what the encoder was opened with means the layout is not the one
            // rtc4j knows: nothing is written, the caller reopens instead.
            assertThat(LibvpxRateControl.attach(enc.context(), config, 400_000)).isNull();
            assertThat(LibvpxRateControl.attach(enc.context(), VideoEncoderConfig.realtime(codec, 320, 240, 500_000, 30), 500_000))
                    .isNull();
        }
        try (FfmpegVideoEncoder h264 = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.H264, W, H, 500_000, 30))) {
            assertThat(LibvpxRateControl.attach(h264.context(), config, 500_000)).isNull();
        }
    }
}
