package org.rtc4j.media;

/** Test helpers for tones: fill frames with a sine, and measure a channel's frequency by zero crossings. */
final class Tone {
    private Tone() {
    }

    /** Fills {@code f} with sines of {@code hz[c]} per channel, continuing from sample index {@code start}. */
    static void fill(AudioFrame f, long start, double amplitude, double... hz) {
        fill(f.samples(), f.channels(), f.samplesPerChannel(), start, amplitude, hz);
    }

    /** Fills {@code samplesPerChannel} interleaved samples of {@code s} the same way. */
    static void fill(java.nio.ShortBuffer s, int ch, int samplesPerChannel, long start, double amplitude, double... hz) {
        for (int i = 0; i < samplesPerChannel; i++) {
            for (int c = 0; c < ch; c++) {
                double v = amplitude * Math.sin(2 * Math.PI * hz[c] * (start + i) / 48_000.0);
                s.put(i * ch + c, (short) Math.round(v * 32767));
            }
        }
    }

    /** Frequency of channel {@code c} of interleaved samples, from rising zero crossings with interpolation. */
    static double frequency(short[] s, int channels, int c) {
        int n = s.length / channels;
        double first = -1;
        double last = -1;
        int crossings = 0;
        for (int i = 1; i < n; i++) {
            int a = s[(i - 1) * channels + c];
            int b = s[i * channels + c];
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

    static double rms(short[] s) {
        double sum = 0;
        for (short v : s) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / Math.max(1, s.length)) / 32768.0;
    }
}
