package org.rtc4j.rtp;

/**
 * Turns the payloads of one frame's RTP packets, given in sequence order, back into the encoded frame,
 * and answers the questions frame assembly needs (does this packet start a frame, is it a keyframe).
 *
 * <p>Buffer ownership: payloads are read in place from the caller's buffer; the frame is appended to
 * the caller's output buffer. Malformed payloads are {@link RtpException}s ({@code TOO_LARGE} when
 * the output does not fit). Implementations keep at most a small, bounded state (H.264's last
 * SPS/PPS); not thread-safe.
 */
public interface Depacketizer {
    /** Resets per-frame state before the first payload of a frame. */
    default void beginFrame() {
    }

    /**
     * Whether this payload certainly starts a frame (VP8's S bit with partition 0, every audio
     * packet); false when the format cannot tell (H.264), so frame assembly relies on timestamps.
     */
    boolean isFrameStart(byte[] payload, int off, int len) throws RtpException;

    /** Whether this payload shows the frame is a keyframe (VP8 key frame, H.264 IDR). */
    boolean isKeyframe(byte[] payload, int off, int len) throws RtpException;

    /** Whether every packet is a whole frame (audio), so the marker bit does not end frames. */
    default boolean isAudio() {
        return false;
    }

    /**
     * Appends this payload's part of the frame at {@code out[outOff]} and returns the number of bytes
     * written.
     */
    int depacketize(byte[] payload, int off, int len, byte[] out, int outOff) throws RtpException;

    static void checkRoom(byte[] out, int outOff, int need) throws RtpException {
        if (need > out.length - outOff) {
            throw new RtpException(RtpException.Reason.TOO_LARGE, "frame exceeds the " + out.length + "-byte output");
        }
    }
}
