package org.rtc4j.media;

/**
 * Turns encoded audio packets back into 48 kHz {@link AudioFrame}s, and conceals lost packets.
 *
 * <p>Not thread-safe. Buffer ownership: the input is read during the call only; the returned frame
 * carries one reference the caller must release.
 */
public interface AudioDecoder extends AutoCloseable {
    /**
     * Decodes one packet.
     *
     * @throws MediaException with reason {@link MediaException.Reason#CORRUPT} for a packet that does not decode
     */
    AudioFrame decode(byte[] data, int off, int len, long captureTimeNanos) throws MediaException;

    /** A frame of {@code durationMs} that stands in for a lost packet (packet-loss concealment). */
    AudioFrame conceal(int durationMs, long captureTimeNanos) throws MediaException;

    @Override
    void close();
}
