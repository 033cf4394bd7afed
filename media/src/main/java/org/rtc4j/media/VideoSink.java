package org.rtc4j.media;

/**
 * Receives video frames (a renderer, an encoder thread's queue, a recorder). Ownership: the frame is
 * valid during the call; a sink that keeps it must {@link VideoFrame#retain()} it and release it later.
 * Called on the source's thread; a sink must return quickly (hand heavy work to its own thread).
 */
@FunctionalInterface
public interface VideoSink {
    void onFrame(VideoFrame frame);
}
