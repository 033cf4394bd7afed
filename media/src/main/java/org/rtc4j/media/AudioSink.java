package org.rtc4j.media;

/**
 * Receives audio frames. Ownership and threading as in {@link VideoSink}: valid during the call, retain
 * to keep, return quickly.
 */
@FunctionalInterface
public interface AudioSink {
    void onFrame(AudioFrame frame);
}
