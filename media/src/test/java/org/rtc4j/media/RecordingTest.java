package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Recording to WebM, MP4, IVF and Ogg: Debian's {@code ffprobe} (an FFmpeg outside rtc4j) accepts each
 * file with the right codecs and packet counts, Debian's {@code ffmpeg} decodes it without an error, and rtc4j reads the same packets back and decodes them.
 */
class RecordingTest {
    @TempDir
    Path dir;

    static final int FRAMES = 30;
    static final int AUDIO_PACKETS = 50;

    @ParameterizedTest(name = "{0} {1} audio={2}")
    @CsvSource({"WEBM, VP8, 2", "WEBM, VP9, 1", "MP4, H264, 2", "IVF, VP8, 0", "IVF, AV1, 0", "OGG, , 2"})
    void recordProbeAndReadBack(Container container, VideoCodec codec, int channels) throws Exception {
        Path file = dir.resolve("rec." + container.name().toLowerCase());
        List<EncodedVideoFrame> video = new ArrayList<>();
        List<byte[]> audio = new ArrayList<>();
        if (codec != null) {
            try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(codec, 640, 480, 800_000, 30))) {
                VideoFrame.Pool pool = new VideoFrame.Pool(640, 480, 2);
                for (int i = 0; i < FRAMES; i++) {
                    try (VideoFrame f = pool.acquire()) {
                        TestPattern.draw(f, i, i);
                        f.captureTimeNanos(1_000_000_000L + i * 33_333_333L);
                        enc.encode(f, video::add);
                    }
                }
            }
        }
        if (channels > 0) {
            try (OpusEncoder enc = new OpusEncoder(new OpusEncoder.Config(channels, 20, 64_000, true, 5, false))) {
                AudioFrame f = AudioFrame.allocate(channels, 20);
                for (int i = 0; i < AUDIO_PACKETS; i++) {
                    double[] hz = channels == 2 ? new double[] {440, 880} : new double[] {440};
                    Tone.fill(f, i * 960L, 0.4, hz);
                    audio.add(enc.encode(f));
                }
            }
        }
        try (MediaRecorder rec = new MediaRecorder(file, container, codec, 640, 480, channels)) {
            int a = 0;
            for (int i = 0; i < Math.max(video.size(), 1); i++) {
                if (!video.isEmpty()) {
                    rec.writeVideo(video.get(i));
                }
                long t = 1_000_000_000L + i * 33_333_333L;
                while (a < audio.size() && (video.isEmpty() || 1_000_000_000L + a * 20_000_000L <= t)) {
                    rec.writeAudio(audio.get(a), 1_000_000_000L + a * 20_000_000L, 960);
                    a++;
                }
            }
            while (a < audio.size()) {
                rec.writeAudio(audio.get(a), 1_000_000_000L + a * 20_000_000L, 960);
                a++;
            }
        }
        assertThat(Files.size(file)).isGreaterThan(100);

        String probe = ffprobe(file);
        System.out.println(container + " " + codec + ": " + probe.replace('\n', ' '));
        if (codec != null) {
            String name = switch (codec) {
                case VP8 -> "vp8";
                case VP9 -> "vp9";
                case H264 -> "h264";
                case AV1 -> "av1";
            };
            assertThat(probe).contains("codec_name=" + name).contains("width=640").contains("height=480")
                    .contains("nb_read_packets=" + FRAMES);
            if (codec == VideoCodec.H264) {
                assertThat(probe).contains("profile=Constrained Baseline");
            }
        }
        if (channels > 0) {
            assertThat(probe).contains("codec_name=opus").contains("sample_rate=48000").contains("channels=" + channels)
                    .contains("nb_read_packets=" + AUDIO_PACKETS);
        }

        int videoRead = 0;
        int audioRead = 0;
        try (MediaFileReader reader = new MediaFileReader(file)) {
            assertThat(reader.videoCodec()).isEqualTo(codec);
            VideoDecoder dec = codec == null ? null : FfmpegVideoDecoder.create(codec);
            OpusDecoder adec = channels == 0 ? null : new OpusDecoder(channels);
            MediaFileReader.Packet p;
            while ((p = reader.next()) != null) {
                if (p.isAudio()) {
                    assertThat(p.data()).isEqualTo(audio.get(audioRead));
                    assertThat(adec.decode(p.data(), 0, p.data().length, p.ptsNanos(), AudioFrame::release)).isEqualTo(1);
                    audioRead++;
                } else {
                    if (codec != VideoCodec.H264) {
                        assertThat(p.data()).isEqualTo(video.get(videoRead).data());
                    }
                    assertThat(p.keyframe()).isEqualTo(videoRead == 0);
                    List<VideoFrame> out = new ArrayList<>();
                    dec.decode(p.data(), 0, p.data().length, p.ptsNanos(), out::add);
                    assertThat(TestPattern.readFrameNumber(out.get(0))).isEqualTo(videoRead);
                    out.forEach(VideoFrame::release);
                    videoRead++;
                }
            }
            if (dec != null) {
                dec.close();
            }
            if (adec != null) {
                adec.close();
            }
        }
        assertThat(videoRead).isEqualTo(codec == null ? 0 : FRAMES);
        assertThat(audioRead).isEqualTo(channels == 0 ? 0 : AUDIO_PACKETS);
    }

    @Test
    void containersRefuseCodecsTheyCannotCarry() {
        assertThatThrownBy(() -> new MediaRecorder(dir.resolve("x.ivf"), Container.IVF, VideoCodec.H264, 640, 480, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IVF cannot carry H264");
        assertThatThrownBy(() -> new MediaRecorder(dir.resolve("x.ivf"), Container.IVF, VideoCodec.VP8, 640, 480, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot carry Opus");
    }

    static String ffprobe(Path file) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffprobe")), "Debian's ffprobe is not installed (test.sh installs it)");
        Process p = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-count_packets", "-show_entries",
                "stream=codec_name,profile,width,height,sample_rate,channels,nb_read_packets", "-of", "default=noprint_wrappers=1",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        // And Debian's ffmpeg decodes every packet without a single error.
        Process d = new ProcessBuilder("/usr/bin/ffmpeg", "-v", "error", "-xerror", "-i", file.toString(), "-f", "null", "-")
                .redirectErrorStream(true).start();
        String errors = new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(d.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(d.exitValue()).as(errors).isZero();
        assertThat(errors).as("ffmpeg decode errors").isBlank();
        return out;
    }
}
