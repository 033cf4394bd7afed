package org.rtc4j.ice;

import org.rtc4j.stun.ChannelData;
import org.rtc4j.stun.PacketClassifier;
import org.rtc4j.stun.StunException;
import org.rtc4j.stun.StunMessage;

/**
 * Cuts a TCP or TLS byte stream from a TURN server back into STUN messages and padded ChannelData
 * frames (RFC 8656 §12.5, RFC 6062), in a buffer of fixed size.
 *
 * <p>The buffer holds exactly the largest frame either protocol allows (a STUN message of
 * {@link StunMessage#MAX_LENGTH} bytes; a padded ChannelData frame is at most 65540), so a server can
 * never make it grow: bytes are taken only as far as they fit, and a full buffer holds a complete frame
 * to consume, or the stream is out of sync ({@link #nextFrameLength()} then throws). {@link TurnAllocation}
 * owns one per stream; a driver uses one more to hand whole frames to the agent, so that its RFC 7983
 * demultiplexing never sees a piece of a frame.
 *
 * <p>Use: {@link #offer} bytes, then while {@link #nextFrameLength()} is positive read that many bytes of
 * {@link #buffer()} at {@link #frameOffset()} and {@link #consume} them; offer the rest. Not thread-safe.
 */
public final class TurnStreamReassembler {
    /** The capacity: the largest frame on a TURN stream. */
    public static final int CAPACITY = Math.max(StunMessage.MAX_LENGTH, ChannelData.HEADER_LENGTH + 0x10000);

    private final byte[] buffer = new byte[CAPACITY];
    private int start;
    private int end;

    /**
     * Copies as many bytes as fit; returns how many were taken (0 only when the buffer holds a
     * complete frame that must be consumed first).
     *
     * @param b the bytes; read during the call, not retained
     */
    public int offer(byte[] b, int off, int len) {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = Math.min(len, CAPACITY - end);
        System.arraycopy(b, off, buffer, end, n);
        end += n;
        return n;
    }

    /**
     * The length of the complete frame at {@link #frameOffset()}, or -1 if more bytes are needed.
     *
     * @throws StunException {@code WRONG_PROTOCOL} when the stream holds neither STUN nor ChannelData, or
     *                       {@code BAD_LENGTH} when a header declares a frame longer than {@link #CAPACITY}
     *                       (a STUN length of 0xFFFD to 0xFFFF); framing is then lost for good
     */
    public int nextFrameLength() throws StunException {
        int length = PacketClassifier.streamFrameLength(buffer, start, end - start);
        if (length < 0 && end - start == CAPACITY) {
            throw new StunException(StunException.Reason.BAD_LENGTH,
                    "a frame declares more than the " + CAPACITY + " bytes a TURN stream frame can have");
        }
        return length;
    }

    /** The buffer the frames are read from; read only between {@link #nextFrameLength()} and {@link #consume}. */
    public byte[] buffer() {
        return buffer;
    }

    /** Where the next frame starts in {@link #buffer()}. */
    public int frameOffset() {
        return start;
    }

    /** Drops the frame just read. */
    public void consume(int length) {
        start += length;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** Forgets everything buffered, after framing was lost. */
    public void clear() {
        start = 0;
        end = 0;
    }

    /** How many bytes wait for the rest of their frame. */
    public int buffered() {
        return end - start;
    }
}
