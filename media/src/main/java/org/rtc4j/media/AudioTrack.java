package org.rtc4j.media;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An audio track (W3C MediaStreamTrack, kind "audio"): one source, any number of sinks; when disabled it
 * delivers silence of the same shape and timing. Threading and ownership as in {@link VideoTrack}.
 */
public final class AudioTrack implements AudioSink, AutoCloseable {
    private final String id;
    private final MediaSource<AudioSink> source;
    private final CopyOnWriteArrayList<AudioSink> sinks = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private volatile boolean started;

    public AudioTrack(String id, MediaSource<AudioSink> source) {
        this.id = id;
        this.source = source;
    }

    public String id() {
        return id;
    }

    public String kind() {
        return "audio";
    }

    public synchronized void start() throws MediaException {
        if (!started && source != null) {
            source.start(this);
            started = true;
        }
    }

    public void addSink(AudioSink sink) {
        sinks.addIfAbsent(sink);
    }

    public void removeSink(AudioSink sink) {
        sinks.remove(sink);
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean muted() {
        return !started;
    }

    @Override
    public void onFrame(AudioFrame frame) {
        if (enabled) {
            for (AudioSink s : sinks) {
                s.onFrame(frame);
            }
            return;
        }
        try (AudioFrame silent = AudioFrame.allocate(frame.channels(), frame.durationMs())) {
            silent.captureTimeNanos(frame.captureTimeNanos());
            for (AudioSink s : sinks) {
                s.onFrame(silent);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (started && source != null) {
            source.stop();
        }
        started = false;
    }
}
