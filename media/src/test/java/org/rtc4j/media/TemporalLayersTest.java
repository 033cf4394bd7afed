package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * VP8 and VP9 temporal layers: the layer of each frame follows libvpx's pattern, and dropping the upper layers
 * (what an SFU does for a slower receiver) leaves a stream that decodes without an error, frame by frame.
 */
class TemporalLayersTest {
    @ParameterizedTest
    @CsvSource({"VP8, 2", "VP8, 3", "VP9, 2", "VP9, 3"})
    void lowerLayersDecodeOnTheirOwn(VideoCodec codec, int layers) throws Exception {
        List<EncodedVideoFrame> frames = new ArrayList<>();
        VideoFrame.Pool pool = new VideoFrame.Pool(640, 480, 2);
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(
                VideoEncoderConfig.realtime(codec, 640, 480, 1_000_000, 30).withTemporalLayers(layers))) {
            for (int i = 0; i < 24; i++) {
                if (i == 13) {
                    enc.requestKeyframe();                    // restarts the pattern
                }
                try (VideoFrame f = pool.acquire()) {
                    TestPattern.draw(f, i, i);
                    f.captureTimeNanos(i * 33_333_333L);
                    enc.encode(f, frames::add);
                }
            }
        }
        int[] pattern = layers == 2 ? new int[] {0, 1} : new int[] {0, 2, 1, 2};
        for (int i = 0; i < frames.size(); i++) {
            int k = i < 13 ? i : i - 13;
            assertThat(frames.get(i).temporalLayer()).as("frame " + i).isEqualTo(pattern[k % pattern.length]);
        }
        assertThat(frames.get(13).keyframe()).isTrue();
        // Decoded pictures of the layers kept must be bit-identical to the same pictures decoded from the
        // whole stream: they can only be if no kept frame referenced a dropped one.
        java.util.Map<Integer, byte[]> full = new java.util.HashMap<>();
        for (int maxLayer = layers - 1; maxLayer >= 0; maxLayer--) {
            int decoded = 0;
            try (FfmpegVideoDecoder dec = FfmpegVideoDecoder.create(codec)) {
                for (EncodedVideoFrame e : frames) {
                    if (e.temporalLayer() > maxLayer) {
                        continue;                             // dropped by a forwarder
                    }
                    List<VideoFrame> out = new ArrayList<>();
                    assertThat(dec.decode(e.data(), 0, e.data().length, 0, out::add)).isEqualTo(1);
                    int index = frames.indexOf(e);
                    assertThat(TestPattern.readFrameNumber(out.get(0))).isEqualTo(index);
                    byte[] picture = out.get(0).toI420();
                    if (maxLayer == layers - 1) {
                        full.put(index, picture);
                    } else {
                        assertThat(picture).as("frame " + index + " with layers <= " + maxLayer).isEqualTo(full.get(index));
                    }
                    out.forEach(VideoFrame::release);
                    decoded++;
                }
            }
            assertThat(decoded).isGreaterThan(0);
        }
    }

    @ParameterizedTest
    @CsvSource({"VP8, 2", "VP8, 3", "VP9, 3"})
    void periodicKeyframesRestartThePatternInTheBaseLayer(VideoCodec codec, int layers) throws Exception {
        List<EncodedVideoFrame> frames = new ArrayList<>();
        VideoFrame.Pool pool = new VideoFrame.Pool(320, 240, 2);
        // An interval that is not a multiple of the pattern's period: left to the codec, keyframes would land
        // in upper layers, and a forwarder dropping those would drop the keyframes.
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(codec, 320, 240, 500_000, 30)
                .withTemporalLayers(layers).withKeyframeInterval(7))) {
            for (int i = 0; i < 30; i++) {
                try (VideoFrame f = pool.acquire()) {
                    TestPattern.draw(f, i, i);
                    f.captureTimeNanos(i * 33_333_333L);
                    enc.encode(f, frames::add);
                }
            }
        }
        List<Integer> keyframes = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).keyframe()) {
                keyframes.add(i);
                assertThat(frames.get(i).temporalLayer()).as("keyframe " + i).isZero();
            }
        }
        assertThat(keyframes).containsExactly(0, 7, 14, 21, 28);
    }

    @Test
    void onlyVp8AndVp9HaveTemporalLayers() {
        assertThatThrownBy(() -> VideoEncoderConfig.realtime(VideoCodec.H264, 640, 480, 1_000_000, 30).withTemporalLayers(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 or 3 for VP8");
    }
}
