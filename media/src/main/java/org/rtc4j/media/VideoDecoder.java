package org.rtc4j.media;

import java.util.function.Consumer;

/**
 * Turns encoded video frames (as the {@code rtp} depacketizers assemble them) back into raw
 * {@link VideoFrame}s.
 *
 * <p>Errors: a corrupt or truncated frame throws {@link MediaException} with reason
 * {@link MediaException.Reason#CORRUPT}; from then on, and before the first keyframe, delta frames throw
 * {@link MediaException.Reason#NEED_KEYFRAME} (the caller asks for one with a PLI) until a keyframe
 * decodes. Threading: not thread-safe; use one codec thread. Buffer ownership: the input is read during
 * the call only; each decoded frame handed to the sink carries one reference that the sink must release.
 */
public interface VideoDecoder extends AutoCloseable {
    /** The codec this decoder reads. */
    VideoCodec codec();

    /**
     * Decodes one encoded frame and hands the resulting frames (normally one) to {@code sink}.
     *
     * @param captureTimeNanos stamped on the decoded frame
     * @return how many frames were handed to the sink
     */
    int decode(byte[] data, int off, int len, long captureTimeNanos, Consumer<VideoFrame> sink) throws MediaException;

    /** Frees native state. */
    @Override
    void close();
}
