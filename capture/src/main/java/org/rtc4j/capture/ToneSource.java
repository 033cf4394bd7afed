package org.rtc4j.capture;

import org.rtc4j.media.AudioFrame;
import org.rtc4j.media.AudioSink;

/** A synthetic microphone: a sine tone at 48 kHz in 10 ms frames, mono or stereo, paced in real time. */
public final class ToneSource extends PacedSource<AudioSink> {
    private final double hz;
    private final double amplitude;
    private final AudioFrame.Pool pool;
    private volatile long frames;

    /**
     * @param amplitude 0 ~ 1 of full scale
     */
    public ToneSource(double hz, double amplitude, int channels) {
        super("tone");
        if (hz <= 0 || hz >= 24_000 || amplitude < 0 || amplitude > 1) {
            throw new IllegalArgumentException("tone " + hz + " Hz at " + amplitude + " (expected: 0 < hz < 24000, 0 <= amplitude <= 1)");
        }
        this.hz = hz;
        this.amplitude = amplitude;
        this.pool = new AudioFrame.Pool(channels, 10, 3);
    }

    /** Fills and returns frame {@code n} (for tests and harnesses). */
    public AudioFrame frame(long n, long captureNanos) {
        AudioFrame f = pool.acquire();
        int ch = f.channels();
        for (int i = 0; i < 480; i++) {
            short v = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * (n * 480 + i) / 48_000.0));
            for (int c = 0; c < ch; c++) {
                f.samples().put(i * ch + c, v);
            }
        }
        return f.captureTimeNanos(captureNanos);
    }

    @Override
    void produce(AudioSink sink) {
        long start = System.nanoTime();
        for (long n = 0; waitUntil(start + n * 10_000_000L); n++) {
            try (AudioFrame f = frame(n, start + n * 10_000_000L)) {
                sink.onFrame(f);
            }
            frames = n + 1;
        }
    }

    public long frameCount() {
        return frames;
    }
}
