package org.rtc4j.sctp;

import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The SCTP checksum: CRC32c over the packet with the checksum field taken as zero (RFC 9260 §6.8 and
 * Appendix A), stored least significant byte first. Uses the JDK's {@link CRC32C}, which the JIT
 * turns into the CPU's CRC32 instructions.
 *
 * <p>Not thread-safe: one instance per association (it reuses one {@link CRC32C}); reads the caller's
 * buffer and keeps no reference to it.
 */
public final class Crc32c {
    private static final byte[] ZEROS = new byte[4];
    private final CRC32C crc = new CRC32C();

    /**
     * The checksum of the packet at {@code buf[off, off + len)}: its CRC32c as if bytes 8..11 (the
     * checksum field) were zero, as an unsigned 32-bit value.
     *
     * @throws IllegalArgumentException if {@code len} is below the 12-byte common header
     * @throws IndexOutOfBoundsException if the range is not inside {@code buf}
     */
    public long compute(byte[] buf, int off, int len) {
        if (len < SctpPacket.HEADER_LENGTH) {
            throw new IllegalArgumentException("packet of " + len + " bytes (expected: at least 12)");
        }
        Objects.checkFromIndexSize(off, len, buf.length);
        crc.reset();
        crc.update(buf, off, 8);
        crc.update(ZEROS, 0, 4);
        crc.update(buf, off + 12, len - 12);
        return crc.getValue();
    }

    /** The plain CRC32c of {@code buf[off, off + len)}, no field zeroed (RFC 3720 Appendix B.4 vectors). */
    long checksum(byte[] buf, int off, int len) {
        crc.reset();
        crc.update(buf, off, len);
        return crc.getValue();
    }

    /**
     * Writes the checksum of {@code buf[off, off + len)} into its checksum field.
     *
     * @throws IllegalArgumentException if {@code len} is below the 12-byte common header
     */
    public void stamp(byte[] buf, int off, int len) {
        writeField(buf, off, compute(buf, off, len));
    }

    /**
     * Whether the checksum field of the packet at {@code buf[off, off + len)} holds its CRC32c; false
     * for fewer than 12 bytes, which are no packet.
     */
    public boolean matches(byte[] buf, int off, int len) {
        return len >= SctpPacket.HEADER_LENGTH && readField(buf, off) == compute(buf, off, len);
    }

    /** The checksum field of the packet at {@code off} (least significant byte first), as the CRC value it holds. */
    public static long readField(byte[] buf, int off) {
        return (buf[off + 8] & 0xFFL) | (buf[off + 9] & 0xFFL) << 8 | (buf[off + 10] & 0xFFL) << 16
                | (buf[off + 11] & 0xFFL) << 24;
    }

    static void writeField(byte[] buf, int off, long value) {
        buf[off + 8] = (byte) value;
        buf[off + 9] = (byte) (value >>> 8);
        buf[off + 10] = (byte) (value >>> 16);
        buf[off + 11] = (byte) (value >>> 24);
    }
}
