package org.rtc4j.rtp;

/**
 * Splits an encoded frame into RTP payloads of at most {@link #maxPayload()} bytes (the MTU budget
 * left for the payload; 1200 by default), in sizes as even as the format allows.
 *
 * <pre>
 * packetizer.begin(frame, 0, frame.length);
 * while (packetizer.hasNext()) {
 *     int n = packetizer.next(out, payloadOffset);   // then set the RTP marker when !hasNext()
 * }
 * </pre>
 *
 * <p>Buffer ownership: the frame is read by reference from {@code begin} until the last
 * {@code next}; payloads are written into the caller's buffer. Steady state allocates nothing.
 * Not thread-safe.
 */
public interface Packetizer {
    /** The default payload budget, bytes. */
    int DEFAULT_MAX_PAYLOAD = 1200;

    /** The largest payload {@link #next} writes. */
    int maxPayload();

    /**
     * Starts a frame; any frame in progress is abandoned.
     *
     * @throws IllegalArgumentException when the frame cannot be packetized (for example a NAL unit
     *         larger than the MTU in H.264 packetization mode 0)
     */
    void begin(byte[] frame, int off, int len);

    /** Whether the frame has payloads left. */
    boolean hasNext();

    /** Writes the next payload at {@code out[off]} and returns its length. */
    int next(byte[] out, int off);

    /** Splits {@code len} into {@code n} near-equal parts: the size of part {@code i}. */
    static int evenPart(int len, int n, int i) {
        int base = len / n;
        return i >= n - len % n ? base + 1 : base;
    }

    /** Parts needed to carry {@code len} bytes in parts of at most {@code cap} (at least 1). */
    static int parts(int len, int cap) {
        return Math.max(1, (len + cap - 1) / cap);
    }
}
