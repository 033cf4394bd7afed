package org.rtc4j.media;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;

/**
 * A block of raw audio as WebRTC moves it: signed 16-bit PCM at 48 kHz (Opus's rate, RFC 7587 §4),
 * mono or interleaved stereo, 10 ms (480 samples per channel) or 20 ms (960), with the capture time of
 * its first sample (nanoseconds on the source's monotonic clock).
 *
 * <p>Buffer ownership: samples live in a direct buffer, usually from a {@link Pool}. Reference counted
 * like {@link VideoFrame}: {@link #retain()} per extra holder, {@link #release()} ({@link #close()})
 * when done; the last release returns the buffer to its pool. Using a released frame throws
 * {@link IllegalStateException}.
 */
public final class AudioFrame implements AutoCloseable {
    /** The one sample rate of WebRTC audio frames here. */
    public static final int SAMPLE_RATE = 48_000;

    private final int channels;
    private final int samplesPerChannel;
    private final PooledBuffer buffer;
    private final ShortBuffer samples;
    private long captureTimeNanos;

    private AudioFrame(int channels, int samplesPerChannel, ByteBuffer buffer, BufferPool pool) {
        this.channels = channels;
        this.samplesPerChannel = samplesPerChannel;
        this.buffer = new PooledBuffer(buffer, pool);
        this.samples = buffer.asShortBuffer();
    }

    /** An unpooled, silent frame. */
    public static AudioFrame allocate(int channels, int durationMs) {
        check(channels, durationMs);
        return new AudioFrame(channels, durationMs * 48, ByteBuffer.allocateDirect(durationMs * 48 * channels * 2)
                .order(java.nio.ByteOrder.nativeOrder()), null);
    }

    static void check(int channels, int durationMs) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels " + channels + " (expected: 1 or 2)");
        }
        if (durationMs != 10 && durationMs != 20) {
            throw new IllegalArgumentException("duration " + durationMs + " ms (expected: 10 or 20)");
        }
    }

    public int channels() {
        return channels;
    }

    public int samplesPerChannel() {
        return samplesPerChannel;
    }

    public int durationMs() {
        return samplesPerChannel / 48;
    }

    public int sampleRate() {
        return SAMPLE_RATE;
    }

    /** The interleaved samples (native byte order), {@code channels * samplesPerChannel} of them. */
    public ShortBuffer samples() {
        checkLive();
        return samples;
    }

    /** The same samples as bytes, for native code. */
    public ByteBuffer buffer() {
        return buffer.get();
    }

    public long captureTimeNanos() {
        return captureTimeNanos;
    }

    public AudioFrame captureTimeNanos(long nanos) {
        this.captureTimeNanos = nanos;
        return this;
    }

    /** Copies the interleaved samples out. */
    public short[] toArray() {
        short[] out = new short[channels * samplesPerChannel];
        samples().get(0, out);
        return out;
    }

    public AudioFrame retain() {
        buffer.retain();
        return this;
    }

    public void release() {
        buffer.release();
    }

    @Override
    public void close() {
        release();
    }

    public boolean isLive() {
        return buffer.isLive();
    }

    private void checkLive() {
        buffer.checkLive();
    }

    @Override
    public String toString() {
        return "AudioFrame[" + channels + "ch, " + durationMs() + " ms, t=" + captureTimeNanos + "ns]";
    }

    /** Audio frames of one shape backed by a {@link BufferPool}. Thread-safe. */
    public static final class Pool {
        private final int channels;
        private final int samplesPerChannel;
        private final BufferPool buffers;

        public Pool(int channels, int durationMs, int maxFree) {
            check(channels, durationMs);
            this.channels = channels;
            this.samplesPerChannel = durationMs * 48;
            this.buffers = new BufferPool(samplesPerChannel * channels * 2, maxFree);
        }

        public int channels() {
            return channels;
        }

        public int durationMs() {
            return samplesPerChannel / 48;
        }

        public AudioFrame acquire() {
            return new AudioFrame(channels, samplesPerChannel, buffers.acquire(), buffers);
        }

        public BufferPool buffers() {
            return buffers;
        }
    }
}
