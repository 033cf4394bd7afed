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

    /** A stretch of encoding at one rate. */
    private record Phase(int bitrateBps, double fps) {
    }

    /**
     * Encodes 4 s per phase, changing rates between phases as a congestion controller would, and checks
     * that the encoder was never reopened, that only the first frame is a keyframe, and that the last
     * 3 s of each phase come within 60-130 % of that phase's target.
     */
    private static void runPhases(VideoEncoderConfig config, Phase... phases) throws MediaException {
        VideoFrame.Pool pool = new VideoFrame.Pool(W, H, 2);
        StringBuilder seen = new StringBuilder(config.codec() + " L1T" + config.temporalLayers() + ":");
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(config)) {
            int frame = 0;
            for (int i = 0; i < phases.length; i++) {
                Phase p = phases[i];
                enc.setRates(p.bitrateBps(), p.fps());
                List<EncodedVideoFrame> out = encode(enc, pool, frame, i * 4_000_000_000L, 4, p.fps());
                frame += out.size();
                double kbps = kbps(out, p.fps(), 3);
                seen.append(String.format(" %.0f kbit/s at %.0f fps;", kbps, p.fps()));
                assertThat(out.subList(i == 0 ? 1 : 0, out.size())).as("phase " + i).noneMatch(EncodedVideoFrame::keyframe);
                assertThat(kbps).as("phase " + i).isBetween(p.bitrateBps() / 1000 * 0.6, p.bitrateBps() / 1000 * 1.3);
            }
            System.out.println(seen);
            assertThat(enc.reopens()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9"})
    void bitrateChangesWithoutAKeyframe(VideoCodec codec) throws Exception {
        runPhases(VideoEncoderConfig.realtime(codec, W, H, 800_000, 30),
                new Phase(800_000, 30), new Phase(200_000, 30), new Phase(800_000, 30));
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9"})
    void frameRateFollowsTheTimestamps(VideoCodec codec) throws Exception {
        // The same bits over a third of the frames: each frame gets about three times as many.
        runPhases(VideoEncoderConfig.realtime(codec, W, H, 400_000, 30), new Phase(400_000, 30), new Phase(400_000, 10));
    }

    @ParameterizedTest
    @EnumSource(names = {"VP8", "VP9"})
    void temporalLayersChangeRateInPlace(VideoCodec codec) throws Exception {
        runPhases(VideoEncoderConfig.realtime(codec, W, H, 900_000, 30).withTemporalLayers(3),
                new Phase(900_000, 30), new Phase(300_000, 30));
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
