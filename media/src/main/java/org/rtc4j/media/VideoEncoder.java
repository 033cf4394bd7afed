package org.rtc4j.media;

import java.util.function.Consumer;

/**
 * Turns raw {@link VideoFrame}s into {@link EncodedVideoFrame}s for one stream, in real time: every
 * implementation is configured for zero look-ahead, so each input gives at most one output, at once.
 *
 * <p>Threading: an encoder is not thread-safe; call it from one codec thread, never from the network
 * loop. {@link #requestKeyframe()} and {@link #setRates} may be called from any thread; they apply at the
 * next {@link #encode}. Buffer ownership: the input frame stays the caller's (the encoder neither keeps
 * nor releases it); outputs are fresh copies.
 */
public interface VideoEncoder extends AutoCloseable {
    /** The codec this encoder produces. */
    VideoCodec codec();

    /**
     * Encodes one frame and hands its output (zero or one frame; zero when rate control drops it) to
     * {@code sink}.
     *
     * @throws IllegalArgumentException when the frame's size is not the configured one
     * @throws MediaException when the codec fails
     */
    void encode(VideoFrame frame, Consumer<EncodedVideoFrame> sink) throws MediaException;

    /** Makes the next encoded frame a keyframe (after a PLI or FIR from the receiver). */
    void requestKeyframe();

    /**
     * Changes the target bitrate and frame rate (from congestion control) without restarting the stream;
     * applies at the next frame.
     */
    void setRates(int bitrateBps, double framerate);

    /** The current target bitrate, bits per second. */
    int bitrate();

    /** Frees native state; further calls throw {@link IllegalStateException}. */
    @Override
    void close();
}
