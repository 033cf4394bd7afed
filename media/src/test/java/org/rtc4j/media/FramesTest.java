package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Frames, pools, conversions, resampling, tracks and capabilities. */
class FramesTest {
    @Test
    void pooledFramesAreReusedAndReleasedDeterministically() {
        VideoFrame.Pool pool = new VideoFrame.Pool(640, 480, 2);
        for (int i = 0; i < 100; i++) {
            VideoFrame f = pool.acquire();
            f.retain();
            f.release();
            assertThat(f.isLive()).isTrue();
            f.close();
            assertThat(f.isLive()).isFalse();
            assertThatThrownBy(f::buffer).isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
        }
        assertThat(pool.buffers().allocatedCount()).isEqualTo(1);
        assertThat(pool.acquire().strideY() % 32).isZero();
        AudioFrame.Pool apool = new AudioFrame.Pool(2, 20, 2);
        for (int i = 0; i < 100; i++) {
            apool.acquire().release();
        }
        assertThat(apool.buffers().allocatedCount()).isEqualTo(1);
        assertThat(apool.acquire().samplesPerChannel()).isEqualTo(960);
        assertThatThrownBy(() -> new VideoFrame.Pool(1, 480, 1)).hasMessageContaining("expected: 2 ~ 8192");
    }

    @Test
    void rgbRoundTripThroughSwscale() throws Exception {
        try (ImageConverter conv = new ImageConverter(); VideoFrame f = VideoFrame.allocate(640, 480);
             VideoFrame back = VideoFrame.allocate(640, 480)) {
            TestPattern.draw(f, 3, 3);
            byte[] rgb = conv.i420ToRgb(f, ImageConverter.RgbFormat.RGB24);
            assertThat(rgb).hasSize(640 * 480 * 3);
            conv.rgbToI420(rgb, 0, 640, 480, 640 * 3, ImageConverter.RgbFormat.RGB24, back);
            // Chroma is subsampled and rounded twice; luma survives within a unit or two.
            // The pattern's saturated colours partly fall outside the RGB cube, so clipping costs luma too.
            assertThat(FrameMetrics.psnrY(f, back)).isGreaterThan(32);
            assertThat(TestPattern.readFrameNumber(back)).isEqualTo(3);
            // A grey frame (U = V = 128) is inside the gamut: only rounding remains.
            for (int y = 0; y < 480; y++) {
                for (int x = 0; x < 640; x++) {
                    f.buffer().put(y * f.strideY() + x, (byte) (16 + (x + y) % 220));
                }
            }
            TestPattern.fillRect(f, 0, 0, 0, 0, 0, 0, 0);
            for (int i = f.offsetU(); i < f.buffer().capacity(); i++) {
                f.buffer().put(i, (byte) 128);
            }
            rgb = conv.i420ToRgb(f, ImageConverter.RgbFormat.BGRA);
            conv.rgbToI420(rgb, 0, 640, 480, 640 * 4, ImageConverter.RgbFormat.BGRA, back);
            assertThat(FrameMetrics.psnr(f, back)).isGreaterThan(45);
            try (VideoFrame small = VideoFrame.allocate(320, 240)) {
                conv.scale(f, small);
                assertThat(small.y(5, 5)).isCloseTo(f.y(10, 10), within(20));
            }
        }
    }

    @Test
    void resamplerTurns44100MonoInto48kStereoFrames() throws Exception {
        List<AudioFrame> out = new ArrayList<>();
        try (AudioResampler r = new AudioResampler(44_100, 1, 2, 10)) {
            short[] in = new short[4410];
            for (int block = 0; block < 10; block++) {                 // one second of 1 kHz
                for (int i = 0; i < in.length; i++) {
                    in[i] = (short) (10000 * Math.sin(2 * Math.PI * 1000 * (block * 4410 + i) / 44_100.0));
                }
                r.process(in, in.length, block * 100_000_000L, out::add);
            }
        }
        assertThat(out.size()).isBetween(98, 100);
        short[] all = new short[out.size() * 960];
        for (int i = 0; i < out.size(); i++) {
            out.get(i).samples().get(0, all, i * 960, 960);
            assertThat(out.get(i).captureTimeNanos()).isCloseTo(i * 10_000_000L, within(2_000_000L));
            out.get(i).release();
        }
        short[] tail = java.util.Arrays.copyOfRange(all, all.length / 2, all.length);
        assertThat(Tone.frequency(tail, 2, 0)).isCloseTo(1000, within(1.0));
        assertThat(Tone.frequency(tail, 2, 1)).isCloseTo(1000, within(1.0));
    }

    @Test
    void disabledTracksDeliverBlackAndSilence() {
        VideoTrack track = new VideoTrack("v0", null);
        List<Integer> lumas = new ArrayList<>();
        track.addSink(f -> lumas.add(f.y(100, 100)));
        try (VideoFrame f = VideoFrame.allocate(320, 240)) {
            TestPattern.fillRect(f, 0, 0, 320, 240, 200, 128, 128);
            track.onFrame(f);
            track.setEnabled(false);
            track.onFrame(f);
        }
        assertThat(lumas).containsExactly(200, 16);
        AudioTrack audio = new AudioTrack("a0", null);
        List<Double> levels = new ArrayList<>();
        audio.addSink(f -> levels.add(Tone.rms(f.toArray())));
        try (AudioFrame a = AudioFrame.allocate(1, 10)) {
            Tone.fill(a, 0, 0.5, 440);
            audio.onFrame(a);
            audio.setEnabled(false);
            audio.onFrame(a);
        }
        assertThat(levels.get(0)).isGreaterThan(0.3);
        assertThat(levels.get(1)).isZero();
    }

    @Test
    void capabilitiesInSdpForm() {
        assertThat(Codecs.videoCapabilities()).extracting(CodecCapability::rtpmap)
                .containsExactly("VP8/90000", "VP9/90000", "H264/90000", "AV1/90000");
        CodecCapability h264 = VideoCodec.H264.capability();
        assertThat(h264.fmtpLine()).contains("profile-level-id=42e01f").contains("packetization-mode=1");
        assertThat(Codecs.audioCapabilities()).singleElement().satisfies(c -> {
            assertThat(c.rtpmap()).isEqualTo("opus/48000/2");
            assertThat(c.fmtpLine()).isEqualTo("minptime=10;useinbandfec=1");
        });
    }
}
