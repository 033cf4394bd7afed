package org.rtc4j.sctp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An SCTP packet (RFC 9260 §3): the common header (ports, verification tag, checksum) and its chunks,
 * as an immutable value. Decoding checks the framing, not the checksum ({@link Crc32c#matches} does
 * that); encoding stamps a CRC32c, or zero where RFC 9653 allows it.
 *
 * <p>This is the allocated model, for tests, tools and the rare control chunks; the association's
 * data path reads chunks in place with {@link ChunkReader}.
 *
 * @param verificationTag unsigned 32 bits
 * @param chunks in order; owned by this record
 */
public record SctpPacket(int sourcePort, int destinationPort, long verificationTag, List<SctpChunk> chunks) {
    /** The common header: ports, verification tag, checksum. */
    public static final int HEADER_LENGTH = 12;

    public SctpPacket {
        chunks = List.copyOf(chunks);
    }

    /** A packet from one chunk. */
    public static SctpPacket of(int sourcePort, int destinationPort, long verificationTag, SctpChunk chunk) {
        return new SctpPacket(sourcePort, destinationPort, verificationTag, List.of(chunk));
    }

    /**
     * Decodes {@code b[off, off + len)} (copied; the checksum is not checked). The last chunk's padding
     * may be absent; a common header alone decodes to a packet without chunks.
     *
     * @throws SctpException if the header or a chunk is malformed
     */
    public static SctpPacket decode(byte[] b, int off, int len) throws SctpException {
        ChunkReader reader = new ChunkReader().reset(b, off, len);
        List<SctpChunk> chunks = new ArrayList<>();
        while (reader.next()) {
            chunks.add(reader.decodeChunk());
        }
        return new SctpPacket(sourcePort(b, off), destinationPort(b, off), verificationTag(b, off), chunks);
    }

    /** Decodes a whole array (see {@link #decode(byte[], int, int)}). */
    public static SctpPacket decode(byte[] b) throws SctpException {
        return decode(b, 0, b.length);
    }

    /** The source port of the packet at {@code b[off]}. */
    public static int sourcePort(byte[] b, int off) {
        return Bytes.u16(b, off);
    }

    /** The destination port of the packet at {@code b[off]}. */
    public static int destinationPort(byte[] b, int off) {
        return Bytes.u16(b, off + 2);
    }

    /** The verification tag of the packet at {@code b[off]}. */
    public static long verificationTag(byte[] b, int off) {
        return Bytes.u32(b, off + 4);
    }

    /** Writes a common header with a zero checksum at {@code out[off]}. */
    static void writeHeader(byte[] out, int off, int sourcePort, int destinationPort, long verificationTag) {
        Bytes.put16(out, off, sourcePort);
        Bytes.put16(out, off + 2, destinationPort);
        Bytes.put32(out, off + 4, verificationTag);
        Bytes.put32(out, off + 8, 0);
    }

    /** Writes one chunk (header, value, zeroed padding) at {@code out[off]}; returns the padded length. */
    static int writeChunk(SctpChunk chunk, byte[] out, int off) {
        int length = chunkLength(chunk);
        out[off] = (byte) chunk.type();
        out[off + 1] = (byte) chunk.flags();
        Bytes.put16(out, off + 2, length);
        chunk.writeValue(out, off + 4);
        int padded = Bytes.padded(length);
        Arrays.fill(out, off + length, off + padded, (byte) 0);
        return padded;
    }

    /** A chunk's length field: header and value, without the final padding. */
    private static int chunkLength(SctpChunk chunk) {
        int length = 4 + chunk.valueLength();
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(SctpChunk.typeName(chunk.type()) + " chunk of " + length
                    + " bytes (expected: at most 65535)");
        }
        return length;
    }

    /**
     * The encoded length: the header and every chunk padded to 4 bytes.
     *
     * @throws IllegalArgumentException if a chunk is longer than its 16-bit length field can say
     */
    public int encodedLength() {
        int n = HEADER_LENGTH;
        for (SctpChunk chunk : chunks) {
            n += Bytes.padded(chunkLength(chunk));
        }
        return n;
    }

    /**
     * Encodes into {@code out[off]}, which needs {@link #encodedLength()} bytes.
     *
     * @param crc the checksum to stamp with, or null to leave the field zero (RFC 9653)
     * @return the bytes written
     * @throws IllegalArgumentException if a chunk is longer than its 16-bit length field can say
     */
    public int encode(byte[] out, int off, Crc32c crc) {
        writeHeader(out, off, sourcePort, destinationPort, verificationTag);
        int p = off + HEADER_LENGTH;
        for (SctpChunk chunk : chunks) {
            p += writeChunk(chunk, out, p);
        }
        if (crc != null) {
            crc.stamp(out, off, p - off);
        }
        return p - off;
    }

    /** Encodes into a new array with a CRC32c. */
    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        encode(out, 0, new Crc32c());
        return out;
    }
}
