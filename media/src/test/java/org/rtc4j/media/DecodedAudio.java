package org.rtc4j.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** A sink for decoded audio: keeps each frame's samples, duration and capture time, and releases the frame at once. */
final class DecodedAudio implements Consumer<AudioFrame> {
    final List<Integer> durationsMs = new ArrayList<>();
    final List<Long> captureTimes = new ArrayList<>();
    private short[] samples = new short[48_000];
    private int size;

    @Override
    public void accept(AudioFrame f) {
        try (f) {
            int n = f.channels() * f.samplesPerChannel();
            if (size + n > samples.length) {
                samples = Arrays.copyOf(samples, Math.max(2 * samples.length, size + n));
            }
            f.samples().get(0, samples, size, n);
            size += n;
            durationsMs.add(f.durationMs());
            captureTimes.add(f.captureTimeNanos());
        }
    }

    /** All samples so far, interleaved. */
    short[] samples() {
        return Arrays.copyOf(samples, size);
    }

    /** The second half of the samples, past the codec's start-up. */
    short[] tail() {
        return Arrays.copyOfRange(samples, size / 2, size);
    }

    int frames() {
        return durationsMs.size();
    }
}
