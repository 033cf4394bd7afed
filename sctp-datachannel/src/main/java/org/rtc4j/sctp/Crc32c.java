package org.rtc4j.sctp;

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

    /** The checksum of {@code buf[off, off + len)} as if bytes 8..11 of the packet were zero. */
    public long compute(byte[] buf, int off, int len) {
        crc.reset();
        crc.update(buf, off, 8);
        crc.update(ZEROS, 0, 4);
        crc.update(buf, off + 12, len - 12);
        return crc.getValue();
    }

    /** Writes the checksum of {@code buf[off, off + len)} into its checksum field. */
    public void stamp(byte[] buf, int off, int len) {
        writeField(buf, off, compute(buf, off, len));
    }

    /** Whether the checksum field of the packet at {@code buf[off, off + len)} holds its CRC32c. */
    public boolean matches(byte[] buf, int off, int len) {
        return readField(buf, off) == compute(buf, off, len);
    }

    /** The checksum field of the packet at {@code off}, as the CRC value it encodes. */
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
