package org.rtc4j.media;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link VideoEncoder} on its own thread: a {@link VideoSink} (add it to a {@link VideoTrack}) that
 * queues frames and returns at once, so neither the capture thread nor the network loop ever waits for an
 * encoder. The queue is bounded; when the encoder falls behind, the oldest waiting frame is dropped
 * (and counted), which keeps latency bounded as a real-time sender must.
 *
 * <p>Ownership: a queued frame is retained and released after encoding or dropping. Encoded frames go to
 * {@code output} on the worker thread. Keyframe requests and rate changes pass straight to the encoder,
 * which applies them at its next frame. {@link #close()} stops the thread and closes the encoder.
 */
public final class VideoEncodeWorker implements VideoSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoEncodeWorker.class);

    private final VideoEncoder encoder;
    private final Consumer<EncodedVideoFrame> output;
    private final ArrayBlockingQueue<VideoFrame> queue;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong encoded = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param queueCapacity frames that may wait (1 or 2 for live video)
     */
    public VideoEncodeWorker(VideoEncoder encoder, int queueCapacity, Consumer<EncodedVideoFrame> output) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity " + queueCapacity + " (expected: >= 1)");
        }
        this.encoder = encoder;
        this.output = output;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "rtc4j-encode-" + encoder.codec());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onFrame(VideoFrame frame) {
        if (!running) {
            return;
        }
        frame.retain();
        while (!queue.offer(frame)) {
            VideoFrame old = queue.poll();
            if (old != null) {
                old.release();
                dropped.incrementAndGet();
            }
        }
    }

    private void run() {
        while (running) {
            VideoFrame f;
            try {
                f = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (f == null) {
                continue;
            }
            try {
                encoder.encode(f, output);
                encoded.incrementAndGet();
            } catch (MediaException | RuntimeException e) {
                LOG.warn("{} encode failed: {}", encoder.codec(), e.toString());
            } finally {
                f.release();
            }
        }
    }

    /** Asks for a keyframe (PLI/FIR). */
    public void requestKeyframe() {
        encoder.requestKeyframe();
    }

    /** Changes the target rates (congestion control). */
    public void setRates(int bitrateBps, double framerate) {
        encoder.setRates(bitrateBps, framerate);
    }

    /** Frames dropped because the encoder was behind. */
    public long droppedFrames() {
        return dropped.get();
    }

    /** Frames encoded. */
    public long encodedFrames() {
        return encoded.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        VideoFrame f;
        while ((f = queue.poll()) != null) {
            f.release();
        }
        encoder.close();
    }
}
