package org.rtc4j.sctp;

import java.util.Arrays;

/**
 * A DATA chunk (RFC 9260 §3.3.1): one fragment of a user message on a stream.
 *
 * <p>The static accessors read the fields of a DATA chunk value in place, for the association's
 * receive path: their {@code off} is where the value starts ({@link ChunkReader#valueOffset()}), and
 * the caller has checked that the value holds at least {@link #HEADER_LENGTH} bytes. The record is the
 * allocated model.
 *
 * @param flags the flags byte: {@link #END}, {@link #BEGINNING}, {@link #UNORDERED}, {@link #IMMEDIATE}
 * @param tsn the transmission sequence number (unsigned 32 bits)
 * @param streamId the stream identifier
 * @param ssn the stream sequence number (ignored for unordered fragments)
 * @param ppid the payload protocol identifier (unsigned 32 bits, RFC 8831 §8 for WebRTC)
 * @param data the user data, owned by this record
 */
public record DataChunk(int flags, long tsn, int streamId, int ssn, long ppid, byte[] data) implements SctpChunk {
    /** E: the last fragment of a message. */
    public static final int END = 1;
    /** B: the first fragment of a message. */
    public static final int BEGINNING = 2;
    /** U: an unordered message. */
    public static final int UNORDERED = 4;
    /** I: the receiver should SACK at once (RFC 7053). */
    public static final int IMMEDIATE = 8;
    /** The fixed part of the value: TSN, stream, SSN, PPID. */
    public static final int HEADER_LENGTH = 12;

    static DataChunk decode(int flags, byte[] b, int off, int len) throws SctpException {
        SctpChunk.requireLength(DATA, len, HEADER_LENGTH);
        if (len == HEADER_LENGTH) {
            throw new SctpException(SctpException.Reason.BAD_VALUE, "DATA chunk without user data (RFC 9260 §3.3.1)");
        }
        return new DataChunk(flags, tsn(b, off), streamId(b, off), ssn(b, off), ppid(b, off),
                Arrays.copyOfRange(b, off + HEADER_LENGTH, off + len));
    }

    /** The TSN of the DATA chunk value at {@code b[off]}. */
    public static long tsn(byte[] b, int off) {
        return Bytes.u32(b, off);
    }

    /** The stream of the DATA chunk value at {@code b[off]}. */
    public static int streamId(byte[] b, int off) {
        return Bytes.u16(b, off + 4);
    }

    /** The SSN of the DATA chunk value at {@code b[off]}. */
    public static int ssn(byte[] b, int off) {
        return Bytes.u16(b, off + 6);
    }

    /** The PPID of the DATA chunk value at {@code b[off]}. */
    public static long ppid(byte[] b, int off) {
        return Bytes.u32(b, off + 8);
    }

    /** Writes a DATA chunk's fixed fields at {@code out[off]} (the chunk header is the caller's). */
    static void writeHeader(byte[] out, int off, long tsn, int streamId, int ssn, long ppid) {
        Bytes.put32(out, off, tsn);
        Bytes.put16(out, off + 4, streamId);
        Bytes.put16(out, off + 6, ssn);
        Bytes.put32(out, off + 8, ppid);
    }

    public boolean beginning() {
        return (flags & BEGINNING) != 0;
    }

    public boolean end() {
        return (flags & END) != 0;
    }

    public boolean unordered() {
        return (flags & UNORDERED) != 0;
    }

    @Override
    public int type() {
        return DATA;
    }

    @Override
    public int valueLength() {
        return HEADER_LENGTH + data.length;
    }

    @Override
    public void writeValue(byte[] out, int off) {
        writeHeader(out, off, tsn, streamId, ssn, ppid);
        System.arraycopy(data, 0, out, off + HEADER_LENGTH, data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataChunk d && d.flags == flags && d.tsn == tsn && d.streamId == streamId && d.ssn == ssn
                && d.ppid == ppid && Arrays.equals(d.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(tsn) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DATA[tsn=" + tsn + ", stream=" + streamId + ", ssn=" + ssn + ", ppid=" + ppid + ", flags=" + flags
                + ", " + data.length + " bytes]";
    }
}
