package org.rtc4j.sctp;

import static org.rtc4j.sctp.Bytes.u16;
import static org.rtc4j.sctp.Bytes.u8;

import java.util.Objects;

/**
 * A cursor over the chunks of one SCTP packet, in place (RFC 9260 §3.2): it checks each chunk's
 * framing and exposes its type, flags and value without copying, so that an association reads
 * DATA and SACK chunks without allocating. {@link SctpPacket#decode} builds the typed model on it.
 *
 * <p>The accessors describe the chunk that the last {@link #next()} moved to; they are meaningless
 * before it returns true.
 *
 * <p>Buffers: {@link #reset} borrows the caller's buffer until the next reset; the reader copies
 * nothing and must not be used after the caller reuses the buffer. Reusable, not thread-safe.
 */
public final class ChunkReader {
    private byte[] buf;
    private int end;
    private int next;
    private int chunkOffset;
    private int type;
    private int flags;
    private int valueLength;

    /**
     * Starts reading the packet at {@code buf[off, off + len)}.
     *
     * @throws SctpException if the packet is shorter than its 12-byte common header
     * @throws IndexOutOfBoundsException if the range is not inside {@code buf}
     */
    public ChunkReader reset(byte[] buf, int off, int len) throws SctpException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < SctpPacket.HEADER_LENGTH) {
            throw new SctpException(SctpException.Reason.TRUNCATED, "packet of " + len + " bytes (expected: at least 12)");
        }
        this.buf = buf;
        this.end = off + len;
        this.next = off + SctpPacket.HEADER_LENGTH;
        this.chunkOffset = -1;
        return this;
    }

    /**
     * Moves to the next chunk.
     *
     * @return false when the packet has no more chunks
     * @throws SctpException if the chunk's header is cut off or its length is below 4 or past the end
     */
    public boolean next() throws SctpException {
        if (next >= end) {
            return false;
        }
        if (end - next < 4) {
            throw new SctpException(SctpException.Reason.TRUNCATED, "chunk header of " + (end - next) + " bytes at offset " + next);
        }
        int length = u16(buf, next + 2);
        if (length < 4 || length > end - next) {
            throw new SctpException(SctpException.Reason.BAD_LENGTH,
                    "chunk length " + length + " (expected: 4 ~ " + (end - next) + ")");
        }
        chunkOffset = next;
        type = u8(buf, next);
        flags = u8(buf, next + 1);
        valueLength = length - 4;
        // The last chunk's padding may be missing; any other chunk is padded to 4 bytes.
        next = Math.min(end, next + Bytes.padded(length));
        return true;
    }

    /** The current chunk's type (RFC 9260 §3.2, see {@link SctpChunk}). */
    public int type() {
        return type;
    }

    /** The current chunk's flags byte. */
    public int flags() {
        return flags;
    }

    /** Where the current chunk's value starts in the buffer. */
    public int valueOffset() {
        return chunkOffset + 4;
    }

    /** The current chunk's value length: its length field less the 4-byte header, padding excluded. */
    public int valueLength() {
        return valueLength;
    }

    /** The buffer being read. */
    public byte[] buffer() {
        return buf;
    }

    /** Decodes the current chunk into the typed model (allocates; for tests, tools and rare chunks). */
    public SctpChunk decodeChunk() throws SctpException {
        return SctpChunk.decode(type, flags, buf, valueOffset(), valueLength);
    }
}
