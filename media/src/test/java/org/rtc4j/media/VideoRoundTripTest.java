package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Test pattern -> encoder -> decoder for every codec at 640x480 and 1280x720.
 *
 * <p>The PSNR bound: at these bitrates (about 0.16 bit per pixel, 1.5 and 2.5 Mbit/s at 30 fps, what a
 * browser sends for these sizes) the codecs reach 35 to 45 dB on this synthetic, fairly smooth content.
 * The test asks for 30 dB average and 28 dB for the worst frame: comfortably below what the codecs reach,
 * and far above what any plumbing bug gives (a plane or stride mix-up, the wrong frame, a half-decoded
 * frame all land under 20 dB; an unrelated frame of this pattern is about 12 dB).
 */
class VideoRoundTripTest {
    static final double MIN_AVERAGE_PSNR = 30;
    static final double MIN_FRAME_PSNR = 28;

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (VideoCodec c : VideoCodec.values()) {
            a.add(Arguments.of(c, 640, 480, 1_500_000));
            a.add(Arguments.of(c, 1280, 720, 2_500_000));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("cases")
    void roundTrip(VideoCodec codec, int width, int height, int bitrate) throws Exception {
        Assumptions.assumeTrue(FfmpegVideoEncoder.isAvailable(codec), codec + " encoder not in this FFmpeg build");
        int frames = 30;
        VideoFrame.Pool pool = new VideoFrame.Pool(width, height, 4);
        List<byte[]> sources = new ArrayList<>();
        List<EncodedVideoFrame> encoded = new ArrayList<>();
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(codec, width, height, bitrate, 30))) {
            for (int i = 0; i < frames; i++) {
                try (VideoFrame f = pool.acquire()) {
                    TestPattern.draw(f, i, 1000 + i * 33L);
                    f.captureTimeNanos(i * 33_333_333L);
                    sources.add(f.toI420());
                    enc.encode(f, encoded::add);
                }
            }
        }
        assertThat(encoded).hasSize(frames);
        assertThat(encoded.get(0).keyframe()).isTrue();
        assertThat(Keyframes.isKeyframe(codec, encoded.get(0).data(), 0, encoded.get(0).data().length)).isTrue();
        assertThat(encoded.subList(1, frames)).allMatch(e -> !e.keyframe());
        long bytes = encoded.stream().mapToLong(e -> e.data().length).sum();

        double sum = 0;
        double min = 100;
        int decodedCount = 0;
        int timeCodeMisreads = 0;
        try (FfmpegVideoDecoder dec = FfmpegVideoDecoder.create(codec);
             VideoFrame src = VideoFrame.allocate(width, height)) {
            for (int i = 0; i < frames; i++) {
                byte[] d = encoded.get(i).data();
                List<VideoFrame> out = new ArrayList<>();
                dec.decode(d, 0, d.length, encoded.get(i).captureTimeNanos(), out::add);
                assertThat(out).hasSize(1);
                try (VideoFrame got = out.get(0)) {
                    assertThat(got.width()).isEqualTo(width);
                    assertThat(got.height()).isEqualTo(height);
                    src.fromI420(sources.get(i), 0);
                    double p = FrameMetrics.psnr(src, got);
                    sum += p;
                    min = Math.min(min, p);
                    assertThat(TestPattern.readFrameNumber(got)).isEqualTo(i);
                    if (TestPattern.readCaptureMillis(got) != 1000 + i * 33L) {
                        timeCodeMisreads++;
                    }
                    decodedCount++;
                }
            }
        }
        double avg = sum / decodedCount;
        System.out.printf("%s %dx%d: %d frames, %.0f kbit/s, PSNR average %.2f dB, worst %.2f dB%n", codec, width, height,
                frames, bytes * 8.0 * 30 / frames / 1000, avg, min);
        // SVT-AV1's fast presets may smear a 16x16 code block of the time row (a skipped block under the
        // pattern's global motion; preset 12 did in 11 of 30 frames, preset 10 in none so far); the frame
        // number is read exactly in every frame.
        assertThat(timeCodeMisreads).isLessThanOrEqualTo(codec == VideoCodec.AV1 ? 1 : 0);
        assertThat(avg).isGreaterThan(MIN_AVERAGE_PSNR);
        assertThat(min).isGreaterThan(MIN_FRAME_PSNR);
    }
}
