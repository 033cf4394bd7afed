package org.rtc4j.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.media.AudioFrame;
import org.rtc4j.media.Container;
import org.rtc4j.media.EncodedVideoFrame;
import org.rtc4j.media.FfmpegVideoDecoder;
import org.rtc4j.media.FfmpegVideoEncoder;
import org.rtc4j.media.MediaException;
import org.rtc4j.media.MediaRecorder;
import org.rtc4j.media.OpusDecoder;
import org.rtc4j.media.OpusEncoder;
import org.rtc4j.media.TestPattern;
import org.rtc4j.media.VideoCodec;
import org.rtc4j.media.VideoEncoderConfig;
import org.rtc4j.media.VideoFrame;
import org.rtc4j.media.VideoTrack;

/**
 * Sources on their own threads: the synthetic pattern and tone, FFmpeg's lavfi virtual devices through the
 * same avdevice path a webcam and a microphone take, looping files, and device listing on a machine with
 * no devices. Waits are latches with a timeout, never sleeps.
 */
class CaptureTest {
    @TempDir
    Path dir;

    @Test
    void testPatternFramesCarryNumberAndCaptureTimeAndArePaced() throws Exception {
        List<long[]> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ten = new CountDownLatch(10);
        TestPatternSource source = new TestPatternSource(640, 480, 30);
        VideoTrack track = new VideoTrack("pattern", source);
        track.addSink(f -> {
            seen.add(new long[] {TestPattern.readFrameNumber(f), TestPattern.readCaptureMillis(f), System.currentTimeMillis(),
                    f.captureTimeNanos()});
            ten.countDown();
        });
        long start = System.nanoTime();
        track.start();
        assertThat(ten.await(5, TimeUnit.SECONDS)).isTrue();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        track.close();
        assertThat(source.isRunning()).isFalse();
        List<long[]> got = new ArrayList<>(seen);
        for (int i = 0; i < 10; i++) {
            assertThat(got.get(i)[0]).isEqualTo(i);
            // the drawn capture time (wall-clock ms mod 2^32) against the wall clock when the sink saw it
            assertThat((got.get(i)[2] & 0xffff_ffffL) - got.get(i)[1]).isBetween(0L, 1000L);
        }
        assertThat(elapsedMs).as("nine frame intervals at 30 fps").isGreaterThanOrEqualTo(290);
        assertThat(got.get(9)[3] - got.get(0)[3]).isCloseTo(300_000_000L, within(60_000_000L));
    }

    @Test
    void toneSurvivesOpus() throws Exception {
        ToneSource tone = new ToneSource(440, 0.5, 1);
        List<Short> decoded = new ArrayList<>();
        try (OpusEncoder enc = new OpusEncoder(new OpusEncoder.Config(1, 10, 32_000, true, 5, false));
             OpusDecoder dec = new OpusDecoder(1)) {
            for (int n = 0; n < 100; n++) {
                try (AudioFrame f = tone.frame(n, n * 10_000_000L)) {
                    byte[] p = enc.encode(f);
                    int frames = dec.decode(p, 0, p.length, 0, out -> {
                        try (out) {
                            for (short s : out.toArray()) {
                                decoded.add(s);
                            }
                        }
                    });
                    assertThat(frames).isEqualTo(1);
                }
            }
        }
        short[] tail = new short[decoded.size() / 2];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = decoded.get(decoded.size() / 2 + i);
        }
        assertThat(frequency(tail, 1)).isCloseTo(440, within(1.0));
    }

    @Test
    void lavfiTestsrc2IsAPacedCameraThatEncodes() throws Exception {
        FfmpegSource camera = FfmpegSource.lavfi("testsrc2=size=640x480:rate=30");
        List<EncodedVideoFrame> encoded = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch frames = new CountDownLatch(15);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.VP8, 640, 480, 800_000, 30))) {
            camera.start(f -> {
                try {
                    assertThat(f.width()).isEqualTo(640);
                    enc.encode(f, encoded::add);           // on the capture thread, as a codec thread would
                } catch (Throwable t) {
                    errors.add(t);
                }
                frames.countDown();
            });
            assertThat(frames.await(10, TimeUnit.SECONDS)).isTrue();
            camera.stop();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(errors).isEmpty();
        assertThat(elapsedMs).as("14 intervals at 30 fps").isGreaterThanOrEqualTo(440);
        assertThat(encoded.get(0).keyframe()).isTrue();
        try (FfmpegVideoDecoder dec = FfmpegVideoDecoder.create(VideoCodec.VP8)) {
            for (EncodedVideoFrame e : new ArrayList<>(encoded)) {
                assertThat(dec.decode(e.data(), 0, e.data().length, 0, VideoFrame::release)).isEqualTo(1);
            }
        }
    }

    @Test
    void lavfiSineIsAMicrophone() throws Exception {
        FfmpegSource mic = FfmpegSource.lavfi("sine=frequency=1000:sample_rate=44100").audioChannels(1);
        List<Short> samples = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch frames = new CountDownLatch(30);
        mic.audioSink(f -> {
            assertThat(f.samplesPerChannel()).isEqualTo(480);
            for (short s : f.toArray()) {
                samples.add(s);
            }
            frames.countDown();
        });
        mic.start(null);
        assertThat(frames.await(10, TimeUnit.SECONDS)).isTrue();
        mic.stop();
        short[] s = new short[samples.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = samples.get(i);
        }
        assertThat(frequency(s, 1)).isCloseTo(1000, within(1.0));     // resampled 44.1 -> 48 kHz
    }

    @Test
    void fileSourceLoops() throws Exception {
        Path file = dir.resolve("clip.webm");
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.VP8, 320, 240, 300_000, 30));
             MediaRecorder rec = new MediaRecorder(file, Container.WEBM, VideoCodec.VP8, 320, 240, 0)) {
            VideoFrame.Pool pool = new VideoFrame.Pool(320, 240, 2);
            for (int i = 0; i < 6; i++) {
                try (VideoFrame f = pool.acquire()) {
                    TestPattern.draw(f, i, i);
                    f.captureTimeNanos(i * 33_333_333L);
                    enc.encode(f, e -> {
                        try {
                            rec.writeVideo(e);
                        } catch (MediaException ex) {
                            throw new IllegalStateException(ex);
                        }
                    });
                }
            }
        }
        FfmpegSource source = FfmpegSource.file(file).loop(true);
        CountDownLatch frames = new CountDownLatch(14);
        List<Integer> lumas = Collections.synchronizedList(new ArrayList<>());
        source.start(f -> {
            lumas.add(f.width());
            frames.countDown();
        });
        assertThat(frames.await(10, TimeUnit.SECONDS)).isTrue();
        source.stop();
        assertThat(source.loopCount()).isGreaterThanOrEqualTo(2);
        assertThat(lumas).allMatch(w -> w == 320);
    }

    @Test
    void devicesOnAMachineWithoutThem() throws Exception {
        assertThat(Devices.hasInputFormat("lavfi")).isTrue();
        assertThat(Devices.hasInputFormat("v4l2")).isTrue();
        assertThat(Devices.hasInputFormat("x11grab")).isTrue();
        assertThat(Devices.hasInputFormat("no-such-device")).isFalse();
        assertThat(Devices.list("v4l2")).isNotNull();               // empty here: no /dev/video*
        FfmpegSource missing = FfmpegSource.webcam("/dev/video-none", 640, 480, 30);
        assertThatThrownBy(() -> missing.start(f -> { })).isInstanceOf(MediaException.class)
                .hasMessageContaining("/dev/video-none");
    }

    static double frequency(short[] s, int channels) {
        double first = -1;
        double last = -1;
        int crossings = 0;
        for (int i = 1; i < s.length / channels; i++) {
            int a = s[(i - 1) * channels];
            int b = s[i * channels];
            if (a < 0 && b >= 0) {
                double t = i - 1 + (double) -a / (b - a);
                if (first < 0) {
                    first = t;
                } else {
                    crossings++;
                }
                last = t;
            }
        }
        return crossings * 48_000.0 / (last - first);
    }
}
