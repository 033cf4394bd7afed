package org.rtc4j.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints encode and decode speed of rtc4j's real-time VP8, VP9 and H.264 encoders (FFmpeg 7.1 in the
 * JavaCPP presets: libvpx, openh264) at 640x480 and 1280x720, with per-frame encode latency, beside the
 * speed of Debian's {@code ffmpeg} binary on the same raw frames with the same settings, measured in the
 * same run, and a last row for the pure-Java fallback (JCodec's H.264 encoder and decoder at 640x480).
 * (Debian's ffmpeg has no openh264, so its H.264 row is libx264 ultrafast/zerolatency/baseline;
 * its decode rows decode rtc4j's own encoded streams, one thread as rtc4j's decoder uses.)
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar org.rtc4j.media.CodecHarness [frames]
 * </pre>
 *
 * Frames are the moving test pattern, drawn before timing starts; only encoder and decoder calls are timed.
 */
public final class CodecHarness {
    private CodecHarness() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int warmup = 20;
        Path dir = Files.createTempDirectory("rtc4j-codec-harness");
        boolean haveFfmpeg = Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
        System.out.printf(Locale.ROOT, "rtc4j codec harness: %d frames after %d warm-up, %d cores, %s, FFmpeg presets %s%n",
                frames, warmup, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"),
                Natives.FFMPEG_ARTIFACT);
        System.out.println("settings: real time, 2 encoder threads, CBR; VP8 cpu-used 10, VP9 cpu-used 8, H.264 openh264 constrained baseline");
        System.out.printf(Locale.ROOT, "%-5s %-9s %9s %10s %9s %9s %9s %10s | %12s %12s%n", "codec", "size", "kbit/s",
                "enc fps", "lat avg", "lat p95", "lat max", "dec fps", "ffmpeg enc", "ffmpeg dec");
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            int w = size[0];
            int h = size[1];
            Path yuv = dir.resolve("pattern-" + w + "x" + h + ".yuv");
            List<VideoFrame> source = new ArrayList<>();
            try (OutputStream out = Files.newOutputStream(yuv)) {
                for (int i = 0; i < 60; i++) {                       // 60 distinct frames, cycled
                    VideoFrame f = VideoFrame.allocate(w, h);
                    TestPattern.draw(f, i, i * 33L);
                    source.add(f);
                }
                for (int i = 0; i < warmup + frames; i++) {
                    out.write(source.get(i % 60).toI420());
                }
            }
            for (VideoCodec codec : List.of(VideoCodec.VP8, VideoCodec.VP9, VideoCodec.H264)) {
                int bitrate = w == 640 ? 1_000_000 : 2_500_000;
                VideoEncoderConfig config = VideoEncoderConfig.realtime(codec, w, h, bitrate, 30);
                List<EncodedVideoFrame> encoded = new ArrayList<>();
                long[] latency = new long[frames];
                long encodeNanos = 0;
                try (FfmpegVideoEncoder enc = FfmpegVideoEncoder.create(config)) {
                    for (int i = 0; i < warmup + frames; i++) {
                        VideoFrame f = source.get(i % 60);
                        f.captureTimeNanos(i * 33_333_333L);
                        long t0 = System.nanoTime();
                        int n = encoded.size();
                        enc.encode(f, encoded::add);
                        long dt = System.nanoTime() - t0;
                        if (i >= warmup) {
                            latency[i - warmup] = dt;
                            encodeNanos += dt;
                        }
                        if (encoded.size() == n) {
                            throw new IllegalStateException(codec + " dropped frame " + i);
                        }
                    }
                }
                List<EncodedVideoFrame> measured = encoded.subList(warmup, encoded.size());
                double kbps = measured.stream().mapToLong(e -> e.data().length).sum() * 8.0 * 30 / frames / 1000;
                long decodeNanos = 0;
                try (FfmpegVideoDecoder dec = FfmpegVideoDecoder.create(codec)) {
                    for (int i = 0; i < encoded.size(); i++) {
                        byte[] d = encoded.get(i).data();
                        long t0 = System.nanoTime();
                        dec.decode(d, 0, d.length, 0, VideoFrame::release);
                        if (i >= warmup) {
                            decodeNanos += System.nanoTime() - t0;
                        }
                    }
                }
                Arrays.sort(latency);
                double encFps = frames * 1e9 / encodeNanos;
                double decFps = frames * 1e9 / decodeNanos;
                String ffEnc = "-";
                String ffDec = "-";
                if (haveFfmpeg) {
                    ffEnc = fps(ffmpegEncode(codec, yuv, w, h, bitrate), warmup + frames);
                    Path stream = writeStream(dir, codec, w, h, encoded);
                    ffDec = fps(ffmpegDecode(stream), warmup + frames);
                }
                System.out.printf(Locale.ROOT, "%-5s %-9s %9.0f %10.1f %7.2fms %7.2fms %7.2fms %10.1f | %12s %12s%n", codec,
                        w + "x" + h, kbps, encFps, encodeNanos / 1e6 / frames, latency[(int) (frames * 0.95)] / 1e6,
                        latency[frames - 1] / 1e6, decFps, ffEnc, ffDec);
            }
            source.forEach(VideoFrame::release);
        }
        jcodecRow(frames, warmup);
        System.out.println("ffmpeg columns: frames / wall time (rtime of -benchmark) of Debian's " + ffmpegVersion()
                + " on the same frames; its H.264 encoder is libx264.");
    }

    /** The pure-Java fallback: JCodec's H.264 encoder and decoder at 640x480. */
    static void jcodecRow(int frames, int warmup) throws Exception {
        int w = 640;
        int h = 480;
        List<VideoFrame> source = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            VideoFrame f = VideoFrame.allocate(w, h);
            TestPattern.draw(f, i, i);
            source.add(f);
        }
        List<EncodedVideoFrame> encoded = new ArrayList<>();
        long[] latency = new long[frames];
        long encodeNanos = 0;
        try (JCodecH264Encoder enc = new JCodecH264Encoder(w, h, 1_000_000, 30)) {
            for (int i = 0; i < warmup + frames; i++) {
                long t0 = System.nanoTime();
                enc.encode(source.get(i % 30), encoded::add);
                long dt = System.nanoTime() - t0;
                if (i >= warmup) {
                    latency[i - warmup] = dt;
                    encodeNanos += dt;
                }
            }
        }
        long decodeNanos = 0;
        try (JCodecH264Decoder dec = new JCodecH264Decoder()) {
            for (int i = 0; i < encoded.size(); i++) {
                byte[] d = encoded.get(i).data();
                long t0 = System.nanoTime();
                dec.decode(d, 0, d.length, 0, VideoFrame::release);
                if (i >= warmup) {
                    decodeNanos += System.nanoTime() - t0;
                }
            }
        }
        Arrays.sort(latency);
        double kbps = encoded.subList(warmup, encoded.size()).stream().mapToLong(e -> e.data().length).sum() * 8.0 * 30 / frames / 1000;
        System.out.printf(Locale.ROOT, "%-5s %-9s %9.0f %10.1f %7.2fms %7.2fms %7.2fms %10.1f | %12s %12s%n", "JCdc",
                w + "x" + h, kbps, frames * 1e9 / encodeNanos, encodeNanos / 1e6 / frames, latency[(int) (frames * 0.95)] / 1e6,
                latency[frames - 1] / 1e6, frames * 1e9 / decodeNanos, "(pure Java)", "");
        source.forEach(VideoFrame::release);
    }

    static String fps(double seconds, int frames) {
        return seconds <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1f fps", frames / seconds);
    }

    static Path writeStream(Path dir, VideoCodec codec, int w, int h, List<EncodedVideoFrame> encoded) throws Exception {
        if (codec == VideoCodec.H264) {
            Path p = dir.resolve("stream.h264");
            try (OutputStream out = Files.newOutputStream(p)) {
                for (EncodedVideoFrame e : encoded) {
                    out.write(e.data());
                }
            }
            return p;
        }
        Path p = dir.resolve("stream-" + codec + ".ivf");
        try (MediaRecorder rec = new MediaRecorder(p, Container.IVF, codec, w, h, 0)) {
            for (EncodedVideoFrame e : encoded) {
                rec.writeVideo(e);
            }
        }
        return p;
    }

    static double ffmpegEncode(VideoCodec codec, Path yuv, int w, int h, int bitrate) throws Exception {
        String b = Integer.toString(bitrate);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-hide_banner", "-nostats", "-benchmark", "-f", "rawvideo",
                "-pix_fmt", "yuv420p", "-s", w + "x" + h, "-r", "30", "-i", yuv.toString()));
        switch (codec) {
            case VP8 -> cmd.addAll(List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "10", "-lag-in-frames", "0",
                    "-error-resilient", "1", "-auto-alt-ref", "0", "-static-thresh", "100", "-undershoot-pct", "100",
                    "-overshoot-pct", "15", "-max-intra-rate", "300", "-qmin", "2", "-qmax", "56", "-slices", "2", "-g", "100000"));
            case VP9 -> cmd.addAll(List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-lag-in-frames", "0",
                    "-error-resilient", "1", "-row-mt", "1", "-tile-columns", w >= 1280 ? "1" : "0", "-aq-mode", "3",
                    "-undershoot-pct", "100", "-overshoot-pct", "15", "-max-intra-rate", "300", "-qmin", "2", "-qmax", "56",
                    "-g", "100000"));
            case H264 -> cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v",
                    "baseline", "-g", "100000"));
            default -> throw new IllegalArgumentException(codec.toString());
        }
        cmd.addAll(List.of("-b:v", b, "-minrate", b, "-maxrate", b, "-bufsize", b, "-threads", "2", "-f", "null", "-"));
        return runBenchmark(cmd);
    }

    static double ffmpegDecode(Path stream) throws Exception {
        return runBenchmark(List.of("/usr/bin/ffmpeg", "-hide_banner", "-nostats", "-benchmark", "-threads", "1", "-i",
                stream.toString(), "-f", "null", "-"));
    }

    private static final Pattern RTIME = Pattern.compile("rtime=([0-9.]+)s");

    static double runBenchmark(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.err.println("ffmpeg failed: " + String.join(" ", cmd) + "\n" + out);
            return -1;
        }
        Matcher m = RTIME.matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    static String ffmpegVersion() {
        try {
            Process p = new ProcessBuilder("/usr/bin/ffmpeg", "-version").start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("ffmpeg");
            p.waitFor();
            return first.replaceAll(" Copyright.*", "");
        } catch (IOException | InterruptedException e) {
            return "ffmpeg";
        }
    }
}
