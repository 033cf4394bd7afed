package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Corrupt and truncated frames give an error and the next keyframe decodes; wrong sizes are rejected. */
class BadInputTest {
    static List<EncodedVideoFrame> encode(VideoCodec codec, int n, int keyAt) throws MediaException {
        List<EncodedVideoFrame> out = new ArrayList<>();
        VideoFrame.Pool pool = new VideoFrame.Pool(384, 288, 2);
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(codec, 384, 288, 400_000, 30))) {
            for (int i = 0; i < n; i++) {
                if (i == keyAt) {
                    enc.requestKeyframe();
                }
                try (VideoFrame f = pool.acquire()) {
                    TestPattern.draw(f, i, i);
                    f.captureTimeNanos(i * 33_333_333L);
                    enc.encode(f, out::add);
                }
            }
        }
        return out;
    }

    static int decode(VideoDecoder dec, byte[] d) throws MediaException {
        return dec.decode(d, 0, d.length, 0, VideoFrame::release);
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void truncatedAndCorruptFramesErrorThenKeyframeRecovers(VideoCodec codec) throws Exception {
        Assumptions.assumeTrue(FfmpegVideoEncoder.isAvailable(codec));
        List<EncodedVideoFrame> frames = encode(codec, 8, 5);
        assertThat(frames.get(5).keyframe()).as("keyframe on demand").isTrue();
        assertThat(frames.get(4).keyframe()).isFalse();
        byte[] key0 = frames.get(0).data();
        Random random = new Random(7);
        for (String kind : List.of("truncated", "garbage")) {
            try (FfmpegVideoDecoder dec = FfmpegVideoDecoder.create(codec)) {
                assertThat(decode(dec, key0)).isEqualTo(1);
                byte[] bad;
                if (kind.equals("truncated")) {
                    byte[] d = frames.get(1).data();
                    bad = Arrays.copyOf(d, d.length / 2);
                } else {
                    bad = new byte[frames.get(1).data().length];
                    random.nextBytes(bad);
                    // A zero first byte keeps the garbage from being, by chance, a valid one-byte frame
                    // (VP9 show_existing_frame): no VP8/VP9 marker, no H.264 start code, no AV1 OBU type.
                    bad[0] = 0;
                }
                assertThatThrownBy(() -> decode(dec, bad)).as(codec + " " + kind).isInstanceOf(MediaException.class)
                        .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.CORRUPT);
                assertThatThrownBy(() -> decode(dec, frames.get(2).data())).isInstanceOf(MediaException.class)
                        .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.NEED_KEYFRAME);
                List<VideoFrame> got = new ArrayList<>();
                byte[] key5 = frames.get(5).data();
                assertThat(dec.decode(key5, 0, key5.length, 0, got::add)).isEqualTo(1);
                assertThat(TestPattern.readFrameNumber(got.get(0))).isEqualTo(5);
                got.get(0).release();
                assertThat(decode(dec, frames.get(6).data())).isEqualTo(1);
            }
        }
    }

    @Test
    void wrongFrameSizeIsRejectedClearly() throws Exception {
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.VP8, 640, 480, 500_000, 30));
             VideoFrame f = VideoFrame.allocate(320, 240)) {
            assertThatThrownBy(() -> enc.encode(f, e -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("320x240").hasMessageContaining("expected: 640x480");
        }
        try (OpusEncoder enc = new OpusEncoder(OpusEncoder.Config.webrtc(2)); AudioFrame a = AudioFrame.allocate(1, 10)) {
            assertThatThrownBy(() -> enc.encode(a)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected: 2 channels, 20 ms");
        }
        assertThatThrownBy(() -> VideoEncoderConfig.realtime(VideoCodec.H264, 641, 480, 500_000, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("even");
        assertThatThrownBy(() -> AudioFrame.allocate(3, 20)).hasMessageContaining("expected: 1 or 2");
    }

    @Test
    void corruptOpusPacketErrorsAndTheNextDecodes() throws Exception {
        try (OpusEncoder enc = new OpusEncoder(OpusEncoder.Config.webrtc(1)); OpusDecoder dec = new OpusDecoder(1);
             AudioFrame a = AudioFrame.allocate(1, 20)) {
            byte[] p1 = enc.encode(a);
            byte[] p2 = enc.encode(a);
            assertThat(dec.decode(p1, 0, p1.length, 0, AudioFrame::release)).isEqualTo(1);
            byte[] bad = {(byte) 0xff};                      // code 3 (RFC 6716 §3.2.5) without its frame count byte
            assertThatThrownBy(() -> dec.decode(bad, 0, bad.length, 0, AudioFrame::release)).isInstanceOf(MediaException.class)
                    .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.CORRUPT);
            byte[] truncated = Arrays.copyOf(new byte[] {(byte) 0xfb, (byte) 0x83}, 2);  // 3 frames promised, none there
            assertThatThrownBy(() -> dec.decode(truncated, 0, truncated.length, 0, AudioFrame::release))
                    .isInstanceOf(MediaException.class);
            DecodedAudio ok = new DecodedAudio();
            assertThat(dec.decode(p2, 0, p2.length, 0, ok)).isEqualTo(1);
            assertThat(ok.durationsMs).containsExactly(20);
        }
    }

    @Test
    void missingNativesNameThePlatformAndArtifact() {
        assertThatThrownBy(() -> Natives.load("org.rtc4j.media.NoSuchNativeBinding"))
                .isInstanceOf(MediaException.class)
                .hasMessageContaining("linux-x86_64").hasMessageContaining("org.bytedeco:ffmpeg:7.1.1-1.5.12")
                .extracting(e -> ((MediaException) e).reason()).isEqualTo(MediaException.Reason.NATIVE_MISSING);
    }
}
