package org.rtc4j.media;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@link VideoTrack} and {@link AudioTrack} share (W3C MediaStreamTrack): an id, one source that
 * is started and stopped with the track, any number of sinks, and the enabled flag; a disabled track
 * delivers a replacement frame (black, silent) of the same shape and timing.
 *
 * <p>Thread-safe: sinks may be added and removed and {@code enabled} changed from any thread; frames go
 * out on the source's thread, and each sink sees a frame during its call only.
 *
 * @param <S> the sink type, which the track itself implements towards its source
 */
public abstract class MediaTrack<S> implements AutoCloseable {
    private final String id;
    private final MediaSource<S> source;
    private final CopyOnWriteArrayList<S> sinks = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private volatile boolean started;

    /** @param source may be null when the application feeds the track's {@code onFrame} itself */
    MediaTrack(String id, MediaSource<S> source) {
        this.id = id;
        this.source = source;
    }

    public String id() {
        return id;
    }

    /** {@code "video"} or {@code "audio"}. */
    public abstract String kind();

    /** The track as its source's sink. */
    abstract S asSink();

    /** Starts the source. */
    public synchronized void start() throws MediaException {
        if (!started && source != null) {
            source.start(asSink());
            started = true;
        }
    }

    public void addSink(S sink) {
        sinks.addIfAbsent(sink);
    }

    public void removeSink(S sink) {
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

    /** The sinks, for delivery. */
    final List<S> sinks() {
        return sinks;
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
