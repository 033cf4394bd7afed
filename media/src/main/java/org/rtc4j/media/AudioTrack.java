package org.rtc4j.media;

/**
 * An audio track (W3C MediaStreamTrack, kind "audio"): one source, any number of sinks; when disabled it
 * delivers silence of the same shape and timing. Threading and ownership as in {@link VideoTrack}.
 */
public final class AudioTrack extends MediaTrack<AudioSink> implements AudioSink {
    /** A track on {@code source} (may be null when the application feeds {@link #onFrame}); {@link #start()} starts the source. */
    public AudioTrack(String id, MediaSource<AudioSink> source) {
        super(id, source);
    }

    @Override
    public String kind() {
        return "audio";
    }

    @Override
    AudioSink asSink() {
        return this;
    }

    @Override
    public void onFrame(AudioFrame frame) {
        if (enabled()) {
            for (AudioSink s : sinks()) {
                s.onFrame(frame);
            }
            return;
        }
        try (AudioFrame silent = AudioFrame.allocate(frame.channels(), frame.durationMs())) {
            silent.captureTimeNanos(frame.captureTimeNanos());
            for (AudioSink s : sinks()) {
                s.onFrame(silent);
            }
        }
    }
}
