package org.rtc4j.media;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A video track in the sense of W3C Media Capture (MediaStreamTrack, kind "video"): fed by one source,
 * delivered to any number of sinks (a renderer, an RTP sender's encoder, a recorder). When disabled it
 * delivers black frames of the same size and timing, as the W3C specification requires; {@link #muted()}
 * says the source stopped producing.
 *
 * <p>Thread-safe: sinks may be added and removed and {@code enabled} changed from any thread; frames go out
 * on the source's thread. Ownership: each sink sees the frame during its call only (see {@link VideoSink}).
 */
public final class VideoTrack implements VideoSink, AutoCloseable {
    private final String id;
    private final MediaSource<VideoSink> source;
    private final CopyOnWriteArrayList<VideoSink> sinks = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private volatile boolean started;
    private volatile VideoFrame.Pool blackPool;

    /** A track on {@code source} (may be null when the application feeds {@link #onFrame}); {@link #start()} starts the source. */
    public VideoTrack(String id, MediaSource<VideoSink> source) {
        this.id = id;
        this.source = source;
    }

    public String id() {
        return id;
    }

    public String kind() {
        return "video";
    }

    /** Starts the source. */
    public synchronized void start() throws MediaException {
        if (!started && source != null) {
            source.start(this);
            started = true;
        }
    }

    public void addSink(VideoSink sink) {
        sinks.addIfAbsent(sink);
    }

    public void removeSink(VideoSink sink) {
        sinks.remove(sink);
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether the source is not delivering (not started or stopped). */
    public boolean muted() {
        return !started;
    }

    /** Delivers a frame from the source (or from the application) to the sinks. */
    @Override
    public void onFrame(VideoFrame frame) {
        if (enabled) {
            for (VideoSink s : sinks) {
                s.onFrame(frame);
            }
            return;
        }
        VideoFrame.Pool p = blackPool;
        if (p == null || p.width() != frame.width() || p.height() != frame.height()) {
            p = new VideoFrame.Pool(frame.width(), frame.height(), 2);
            blackPool = p;
        }
        try (VideoFrame black = p.acquire()) {
            black.fillBlack();
            black.captureTimeNanos(frame.captureTimeNanos()).rotation(frame.rotation());
            for (VideoSink s : sinks) {
                s.onFrame(black);
            }
        }
    }

    /** Stops the source ("ended"). */
    @Override
    public synchronized void close() {
        if (started && source != null) {
            source.stop();
        }
        started = false;
    }
}
