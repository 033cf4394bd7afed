package org.rtc4j.media;

/**
 * Turns 48 kHz {@link AudioFrame}s into encoded audio packets, one packet per frame (each is one RTP
 * payload, RFC 7587 §4.2 for Opus).
 *
 * <p>Not thread-safe except {@link #setBitrate}, which applies at the next frame. Buffer ownership: the
 * input frame stays the caller's; the output array is a fresh copy.
 */
public interface AudioEncoder extends AutoCloseable {
    /** The SDP form of this codec. */
    CodecCapability capability();

    /**
     * Encodes one frame.
     *
     * @return the packet; with DTX a silent frame may give a packet of one or two bytes
     * @throws IllegalArgumentException when the frame's channels or duration are not the configured ones
     */
    byte[] encode(AudioFrame frame) throws MediaException;

    /** Changes the target bitrate at run time. */
    void setBitrate(int bitrateBps);

    @Override
    void close();
}
