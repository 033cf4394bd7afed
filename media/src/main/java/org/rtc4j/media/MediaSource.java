package org.rtc4j.media;

/**
 * A producer of frames that runs on its own thread (a camera, a file, a test pattern) and delivers to
 * one consumer. {@link #start} begins delivery; {@link #stop} ends it and waits until no delivery is in
 * progress, so after it returns the consumer is not called again.
 *
 * @param <S> the sink type
 */
public interface MediaSource<S> extends AutoCloseable {
    /** Starts delivering frames to {@code sink}. */
    void start(S sink) throws MediaException;

    /** Stops delivering and waits for the delivery thread to finish. */
    void stop();

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
