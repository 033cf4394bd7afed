package org.rtc4j.media;

import java.util.function.Consumer;

/**
 * Turns encoded audio packets (RTP payloads; for Opus, RFC 7587 §4.2) back into 48 kHz {@link AudioFrame}s,
 * and conceals lost packets.
 *
 * <p>A packet holds whatever duration its codec allows (Opus: 2.5 to 120 ms, RFC 6716 §3.1 and §3.2), but
 * frames are 10 or 20 ms, so one packet gives zero, one or several frames, handed to a sink in order: 20 ms
 * frames when the packet's audio divides into them, else 10 ms frames; audio that does not fill a 10 ms
 * frame (2.5 and 5 ms packets) waits inside the decoder and comes out with the packets that complete it.
 * Each frame's capture time is that of its first sample: the capture time of the packet it came from plus
 * that sample's offset in the packet.
 *
 * <p>Not thread-safe. Buffer ownership: the input is read during the call only; each frame handed to the
 * sink carries one reference that the sink owns and must release (also when the call then throws); audio
 * still waiting inside the decoder is dropped by {@link #close()}.
 */
public interface AudioDecoder extends AutoCloseable {
    /**
     * Decodes one packet and hands the frames it completes to {@code sink}.
     *
     * @param captureTimeNanos the capture time of the packet's first sample
     * @return how many frames were handed to the sink (0 while a short packet's audio waits for more)
     * @throws MediaException with reason {@link MediaException.Reason#CORRUPT} for a packet that does not
     *         decode; the decoder stays usable and the next packet decodes
     */
    int decode(byte[] data, int off, int len, long captureTimeNanos, Consumer<AudioFrame> sink) throws MediaException;

    /**
     * Stands in for {@code durationMs} (10 or 20) of lost audio (packet-loss concealment), handed to
     * {@code sink} as {@link #decode} hands decoded audio: after any audio still waiting in the decoder.
     *
     * @return how many frames were handed to the sink
     */
    int conceal(int durationMs, long captureTimeNanos, Consumer<AudioFrame> sink) throws MediaException;

    @Override
    void close();
}
