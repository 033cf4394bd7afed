package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** JCodec decodes openh264's constrained baseline as well as FFmpeg does (same PSNR bound as the native round trips). */
class JCodecDecoderTest {
    @Test
    void openh264DecoderReadsOpenh264() throws Exception {
        List<EncodedVideoFrame> encoded = new ArrayList<>();
        VideoFrame.Pool pool = new VideoFrame.Pool(640, 480, 2);
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.H264, 640, 480, 1_000_000, 30))) {
            for (int i = 0; i < 10; i++) {
                try (VideoFrame f = pool.acquire()) {
                    TestPattern.draw(f, i, i);
                    f.captureTimeNanos(i * 33_333_333L);
                    enc.encode(f, encoded::add);
                }
            }
        }
        try (FfmpegVideoDecoder dec = FfmpegVideoDecoder.create(VideoCodec.H264, "libopenh264", 1)) {
            for (int i = 0; i < 10; i++) {
                byte[] d = encoded.get(i).data();
                List<VideoFrame> out = new ArrayList<>();
                assertThat(dec.decode(d, 0, d.length, 0, out::add)).isEqualTo(1);
                assertThat(TestPattern.readFrameNumber(out.get(0))).isEqualTo(i);
                out.forEach(VideoFrame::release);
            }
        }
    }

    @Test
    void decodesOpenh264At640x480AndRecoversAfterATruncatedFrame() throws Exception {
        int w = 640;
        int h = 480;
        VideoFrame.Pool pool = new VideoFrame.Pool(w, h, 2);
        List<byte[]> sources = new ArrayList<>();
        List<EncodedVideoFrame> encoded = new ArrayList<>();
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.H264, w, h, 1_500_000, 30))) {
            for (int i = 0; i < 20; i++) {
                if (i == 15) {
                    enc.requestKeyframe();
                }
                try (VideoFrame f = pool.acquire()) {
                    TestPattern.draw(f, i, i);
                    f.captureTimeNanos(i * 33_333_333L);
                    sources.add(f.toI420());
                    enc.encode(f, encoded::add);
                }
            }
        }
        double min = 100;
        try (JCodecH264Decoder dec = new JCodecH264Decoder(); VideoFrame src = VideoFrame.allocate(w, h)) {
            for (int i = 0; i < 10; i++) {
                byte[] d = encoded.get(i).data();
                List<VideoFrame> out = new ArrayList<>();
                assertThat(dec.decode(d, 0, d.length, 0, out::add)).isEqualTo(1);
                try (VideoFrame got = out.get(0)) {
                    src.fromI420(sources.get(i), 0);
                    min = Math.min(min, FrameMetrics.psnr(src, got));
                    assertThat(TestPattern.readFrameNumber(got)).isEqualTo(i);
                }
            }
            System.out.printf("JCodec H.264 640x480: worst PSNR %.2f dB%n", min);
            assertThat(min).isGreaterThan(VideoRoundTripTest.MIN_FRAME_PSNR);
            byte[] cut = Arrays.copyOf(encoded.get(10).data(), encoded.get(10).data().length / 3);
            boolean errored;
            try {
                dec.decode(cut, 0, cut.length, 0, VideoFrame::release);
                errored = false;
            } catch (MediaException e) {
                errored = true;
            }
            if (errored) {
                assertThatThrownBy(() -> dec.decode(encoded.get(11).data(), 0, encoded.get(11).data().length, 0, VideoFrame::release))
                        .isInstanceOf(MediaException.class);
            }
            byte[] key = encoded.get(15).data();
            List<VideoFrame> out = new ArrayList<>();
            assertThat(dec.decode(key, 0, key.length, 0, out::add)).isEqualTo(1);
            assertThat(TestPattern.readFrameNumber(out.get(0))).isEqualTo(15);
            out.get(0).release();
        }
    }

    @Test
    void jcodecEncoderIsReadByFfmpegAndByJCodec() throws Exception {
        int w = 640;
        int h = 480;
        List<EncodedVideoFrame> encoded = new ArrayList<>();
        List<byte[]> sources = new ArrayList<>();
        VideoFrame.Pool pool = new VideoFrame.Pool(w, h, 2);
        long t0 = System.nanoTime();
        try (JCodecH264Encoder enc = new JCodecH264Encoder(w, h, 1_500_000, 30)) {
            for (int i = 0; i < 15; i++) {
                if (i == 10) {
                    enc.requestKeyframe();
                }
                try (VideoFrame f = pool.acquire()) {
                    TestPattern.draw(f, i, i);
                    sources.add(f.toI420());
                    enc.encode(f, encoded::add);
                }
            }
        }
        double fps = 15 / ((System.nanoTime() - t0) / 1e9);
        assertThat(encoded.get(0).keyframe()).isTrue();
        assertThat(encoded.get(10).keyframe()).isTrue();
        assertThat(Keyframes.isKeyframe(VideoCodec.H264, encoded.get(10).data(), 0, encoded.get(10).data().length)).isTrue();
        double min = 100;
        try (FfmpegVideoDecoder ff = FfmpegVideoDecoder.create(VideoCodec.H264); JCodecH264Decoder jc = new JCodecH264Decoder();
             VideoFrame src = VideoFrame.allocate(w, h)) {
            for (int i = 0; i < encoded.size(); i++) {
                byte[] d = encoded.get(i).data();
                List<VideoFrame> a = new ArrayList<>();
                List<VideoFrame> b = new ArrayList<>();
                assertThat(ff.decode(d, 0, d.length, 0, a::add)).isEqualTo(1);
                assertThat(jc.decode(d, 0, d.length, 0, b::add)).isEqualTo(1);
                src.fromI420(sources.get(i), 0);
                min = Math.min(min, FrameMetrics.psnr(src, a.get(0)));
                assertThat(TestPattern.readFrameNumber(a.get(0))).isEqualTo(i);
                assertThat(b.get(0).toI420()).as("both decoders agree").isEqualTo(a.get(0).toI420());
                a.forEach(VideoFrame::release);
                b.forEach(VideoFrame::release);
            }
        }
        System.out.printf("JCodec H.264 encoder 640x480: %.1f fps (cold), worst PSNR %.2f dB%n", fps, min);
        assertThat(min).isGreaterThan(VideoRoundTripTest.MIN_FRAME_PSNR);
    }
}
