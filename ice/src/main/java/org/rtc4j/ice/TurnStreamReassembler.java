package org.rtc4j.ice;

import org.rtc4j.stun.ChannelData;
import org.rtc4j.stun.PacketClassifier;
import org.rtc4j.stun.StunException;
import org.rtc4j.stun.StunMessage;

/**
 * Cuts a TCP or TLS byte stream from a TURN server back into STUN messages and padded ChannelData
 * frames (RFC 8656 §12.5), in a buffer of fixed size.
 *
 * <p>The buffer holds exactly the largest frame either protocol allows (a STUN message of
 * {@link StunMessage#MAX_LENGTH} bytes; a padded ChannelData frame is at most 65540), so a server can
 * never make it grow: bytes are taken only as far as they fit, and a full buffer always holds a
 * complete frame to consume. Package-private: {@link TurnAllocation} owns one per stream.
 */
final class TurnStreamReassembler {
    /** The capacity: the largest frame on a TURN stream. */
    static final int CAPACITY = Math.max(StunMessage.MAX_LENGTH, ChannelData.HEADER_LENGTH + 0x10000);

    private final byte[] buffer = new byte[CAPACITY];
    private int start;
    private int end;

    /**
     * Copies as many bytes as fit; returns how many were taken (0 only when the buffer holds a
     * complete frame that must be consumed first).
     */
    int offer(byte[] b, int off, int len) {
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
     * @throws StunException {@code WRONG_PROTOCOL} when the stream holds neither STUN nor ChannelData,
     *                       after which framing is lost for good
     */
    int nextFrameLength() throws StunException {
        return PacketClassifier.streamFrameLength(buffer, start, end - start);
    }

    /** The buffer the frames are read from; read only between {@link #nextFrameLength()} and {@link #consume}. */
    byte[] buffer() {
        return buffer;
    }

    /** Where the next frame starts in {@link #buffer()}. */
    int frameOffset() {
        return start;
    }

    /** Drops the frame just read. */
    void consume(int length) {
        start += length;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** Forgets everything buffered, after framing was lost. */
    void clear() {
        start = 0;
        end = 0;
    }

    /** How many bytes wait for the rest of their frame. */
    int buffered() {
        return end - start;
    }
}
