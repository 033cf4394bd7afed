package org.rtc4j.capture;

import org.rtc4j.media.TestPattern;
import org.rtc4j.media.VideoFrame;
import org.rtc4j.media.VideoSink;

/**
 * A synthetic camera: {@link TestPattern} frames at a fixed size and rate, each carrying its frame number
 * and its capture time (wall-clock milliseconds, so another process can compute latency from a decoded
 * frame) drawn in. Frames come from a pool and are released after the sink returns.
 */
public final class TestPatternSource extends PacedSource<VideoSink> {
    private final int width;
    private final int height;
    private final double fps;
    private final VideoFrame.Pool pool;
    private volatile long frames;

    public TestPatternSource(int width, int height, double fps) {
        super("pattern");
        if (fps <= 0 || fps > 240) {
            throw new IllegalArgumentException("fps " + fps + " (expected: 0 < fps <= 240)");
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.pool = new VideoFrame.Pool(width, height, 3);
    }

    /** Draws frame {@code n} with the given capture times, outside any thread (for tests and harnesses). */
    public VideoFrame frame(long n, long captureNanos, long captureMillis) {
        VideoFrame f = pool.acquire();
        TestPattern.draw(f, n, captureMillis);
        return f.captureTimeNanos(captureNanos);
    }

    @Override
    void produce(VideoSink sink) {
        long start = System.nanoTime();
        long periodNanos = Math.round(1e9 / fps);
        for (long n = 0; waitUntil(start + n * periodNanos); n++) {
            try (VideoFrame f = frame(n, System.nanoTime(), System.currentTimeMillis())) {
                sink.onFrame(f);
            }
            frames = n + 1;
        }
    }

    /** Frames delivered so far. */
    public long frameCount() {
        return frames;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
