package org.rtc4j.media;

/**
 * A video track in the sense of W3C Media Capture (MediaStreamTrack, kind "video"): fed by one source,
 * delivered to any number of sinks (a renderer, an RTP sender's encoder, a recorder). When disabled it
 * delivers black frames of the same size and timing, as the W3C specification requires; {@link #muted()}
 * says the source stopped producing.
 *
 * <p>Thread-safe: sinks may be added and removed and {@code enabled} changed from any thread; frames go out
 * on the source's thread. Ownership: each sink sees the frame during its call only (see {@link VideoSink}).
 */
public final class VideoTrack extends MediaTrack<VideoSink> implements VideoSink {
    private volatile VideoFrame.Pool blackPool;

    /** A track on {@code source} (may be null when the application feeds {@link #onFrame}); {@link #start()} starts the source. */
    public VideoTrack(String id, MediaSource<VideoSink> source) {
        super(id, source);
    }

    @Override
    public String kind() {
        return "video";
    }

    @Override
    VideoSink asSink() {
        return this;
    }

    /** Delivers a frame from the source (or from the application) to the sinks. */
    @Override
    public void onFrame(VideoFrame frame) {
        if (enabled()) {
            for (VideoSink s : sinks()) {
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
            for (VideoSink s : sinks()) {
                s.onFrame(black);
            }
        }
    }
}
