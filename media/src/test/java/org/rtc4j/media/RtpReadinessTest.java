package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rtc4j.rtp.Depacketizer;
import org.rtc4j.rtp.H264Depacketizer;
import org.rtc4j.rtp.H264Packetizer;
import org.rtc4j.rtp.Packetizer;
import org.rtc4j.rtp.Vp8Depacketizer;
import org.rtc4j.rtp.Vp8Packetizer;
import org.rtc4j.rtp.Vp9Depacketizer;
import org.rtc4j.rtp.Vp9Packetizer;

/**
 * The encoders' output is what the {@code rtp} payload formats expect: VP8 frames whose key flag the
 * packetized form shows (RFC 7741 §4.3), H.264 access units in Annex B with SPS, PPS and IDR at keyframes
 * (RFC 6184), VP9 frames (RFC 9628); each frame goes through packetizer and depacketizer unchanged and
 * still decodes. (Run-time rate changes: {@link RateChangeTest}.)
 */
class RtpReadinessTest {
    static List<EncodedVideoFrame> encode(FfmpegVideoEncoder enc, int from, int n) throws MediaException {
        List<EncodedVideoFrame> out = new ArrayList<>();
        VideoFrame.Pool pool = new VideoFrame.Pool(enc.config().width(), enc.config().height(), 2);
        for (int i = from; i < from + n; i++) {
            try (VideoFrame f = pool.acquire()) {
                TestPattern.draw(f, i, i);
                f.captureTimeNanos(i * 33_333_333L);
                enc.encode(f, out::add);
            }
        }
        return out;
    }

    static byte[] throughRtp(Packetizer p, Depacketizer d, byte[] frame, boolean key) throws Exception {
        p.begin(frame, 0, frame.length);
        byte[] payload = new byte[1500];
        byte[] out = new byte[frame.length + 1024];
        int n = 0;
        boolean anyKey = false;
        d.beginFrame();
        while (p.hasNext()) {
            int len = p.next(payload, 0);
            assertThat(len).isLessThanOrEqualTo(1200);
            anyKey |= d.isKeyframe(payload, 0, len);
            n += d.depacketize(payload, 0, len, out, n);
        }
        assertThat(anyKey).as("the depacketizer sees a keyframe").isEqualTo(key);
        return Arrays.copyOf(out, n);
    }

    @Test
    void vp8AndVp9FramesSurviveThePayloadFormatAndShowTheirKeyFlag() throws Exception {
        for (VideoCodec codec : List.of(VideoCodec.VP8, VideoCodec.VP9)) {
            try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(codec, 640, 480, 1_000_000, 30));
                 FfmpegVideoDecoder dec = FfmpegVideoDecoder.create(codec)) {
                List<EncodedVideoFrame> frames = encode(enc, 0, 10);
                Packetizer p = codec == VideoCodec.VP8 ? new Vp8Packetizer() : new Vp9Packetizer();
                Depacketizer d = codec == VideoCodec.VP8 ? new Vp8Depacketizer() : new Vp9Depacketizer();
                for (EncodedVideoFrame e : frames) {
                    if (codec == VideoCodec.VP8) {
                        assertThat((e.data()[0] & 1) == 0).as("VP8 P bit inverted = key").isEqualTo(e.keyframe());
                    }
                    byte[] back = throughRtp(p, d, e.data(), e.keyframe());
                    assertThat(back).isEqualTo(e.data());
                    assertThat(dec.decode(back, 0, back.length, 0, VideoFrame::release)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void h264IsAnnexBWithParameterSetsAtEachIdr() throws Exception {
        try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.H264, 1280, 720, 2_000_000, 30));
             FfmpegVideoDecoder dec = FfmpegVideoDecoder.create(VideoCodec.H264)) {
            List<EncodedVideoFrame> frames = encode(enc, 0, 5);
            enc.requestKeyframe();
            frames.addAll(encode(enc, 5, 5));
            H264Packetizer p = new H264Packetizer();
            H264Depacketizer d = new H264Depacketizer();
            for (int i = 0; i < frames.size(); i++) {
                EncodedVideoFrame e = frames.get(i);
                List<Integer> types = nalTypes(e.data());
                assertThat(e.data()).startsWith(0, 0, 0, 1);
                if (i == 0 || i == 5) {
                    assertThat(e.keyframe()).isTrue();
                    assertThat(types).contains(7, 8, 5);
                    int sps = indexOfNal(e.data(), 7);
                    // profile_idc 66 (baseline) with constraint_set1 (constrained baseline), level 3.1 at 720p
                    assertThat(String.format("%02x%02x", e.data()[sps + 1], e.data()[sps + 2])).isEqualTo("42c0");
                } else {
                    assertThat(e.keyframe()).isFalse();
                    assertThat(types).doesNotContain(5, 7);
                }
                byte[] back = throughRtp(p, d, e.data(), e.keyframe());
                assertThat(nalTypes(back)).isEqualTo(types);
                assertThat(dec.decode(back, 0, back.length, 0, VideoFrame::release)).isEqualTo(1);
            }
        }
    }

    static List<Integer> nalTypes(byte[] d) {
        List<Integer> t = new ArrayList<>();
        for (int i = 0; i + 3 < d.length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                t.add(d[i + 3] & 0x1f);
                i += 2;
            }
        }
        return t;
    }

    static int indexOfNal(byte[] d, int type) {
        for (int i = 0; i + 3 < d.length; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1 && (d[i + 3] & 0x1f) == type) {
                return i + 3;
            }
        }
        return -1;
    }
}
