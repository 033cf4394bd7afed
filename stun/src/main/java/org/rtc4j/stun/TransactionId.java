package org.rtc4j.stun;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The 96-bit transaction id of a STUN message (RFC 8489 §5), an immutable value.
 *
 * <p>Held as two primitive fields so that matching a response to its transaction (a hash lookup)
 * allocates nothing but this object.
 */
public final class TransactionId {
    /** The length of a transaction id in bytes. */
    public static final int LENGTH = 12;

    private final long high;
    private final int low;

    private TransactionId(long high, int low) {
        this.high = high;
        this.low = low;
    }

    /**
     * A new random transaction id. RFC 8489 §5 asks for a cryptographically random value, so pass a
     * {@link java.security.SecureRandom} outside of tests.
     */
    public static TransactionId random(RandomGenerator random) {
        return new TransactionId(random.nextLong(), random.nextInt());
    }

    /**
     * Reads a transaction id.
     *
     * @param bytes  the buffer; it is not retained
     * @param offset where the 12 bytes start
     */
    public static TransactionId read(byte[] bytes, int offset) {
        if (offset < 0 || offset + LENGTH > bytes.length) {
            throw new IllegalArgumentException("transaction id needs 12 bytes at offset " + offset + " of " + bytes.length);
        }
        return new TransactionId(Bytes.getLong(bytes, offset), Bytes.getInt(bytes, offset + 8));
    }

    /** Returns the transaction id with these 12 bytes; the array is not retained. */
    public static TransactionId of(byte[] twelveBytes) {
        if (twelveBytes.length != LENGTH) {
            throw new IllegalArgumentException("transaction id of " + twelveBytes.length + " bytes (expected: 12)");
        }
        return read(twelveBytes, 0);
    }

    /** Parses 24 hexadecimal digits. */
    public static TransactionId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** Writes the 12 bytes at {@code offset} of {@code out}. */
    public void writeTo(byte[] out, int offset) {
        Bytes.putLong(out, offset, high);
        Bytes.putInt(out, offset + 8, low);
    }

    /** Whether the 12 bytes at {@code offset} of {@code bytes} are this id. */
    public boolean matches(byte[] bytes, int offset) {
        return Bytes.getLong(bytes, offset) == high && Bytes.getInt(bytes, offset + 8) == low;
    }

    /** A copy of the 12 bytes. */
    public byte[] toByteArray() {
        byte[] b = new byte[LENGTH];
        writeTo(b, 0);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionId t && t.high == high && t.low == low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + low;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toByteArray());
    }
}
