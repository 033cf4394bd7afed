package org.rtc4j.stun;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian reads and writes on byte arrays, without bounds checks beyond the JVM's own. */
final class Bytes {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static int getU16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    static void putInt(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }

    static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    static void putLong(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }

    /** The length rounded up to a multiple of four, as STUN attributes are padded (RFC 8489 §14). */
    static int pad4(int length) {
        return (length + 3) & ~3;
    }

    /** Compares two ranges in time that does not depend on where they differ. */
    static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
