package org.rtc4j.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as RFC 3711 §4.1.1 defines it: keystream block {@code j} is
 * {@code AES(key, IV + j)} with {@code j} in the low 16 bits. One initialised
 * {@code AES/ECB/NoPadding} cipher is reused and encrypts all counter blocks of a packet in one
 * call; the counter blocks and the keystream live in scratch arrays owned by this object, which grow
 * once to the largest packet (and offset) seen and are then reused, so the steady state allocates
 * nothing. Not thread-safe.
 */
final class AesCounterMode {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * Packets that end within this many bytes of their buffer's start get the vectorised XOR (the
     * keystream array grows to at most this size); packets further into a buffer take a slower path.
     */
    static final int ALIGNED_LIMIT = 65536 + 64;

    private final Cipher ecb;
    private byte[] counters = new byte[1536];
    private byte[] keystream = new byte[1536];

    AesCounterMode(byte[] key) throws SrtpException {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new SrtpException("AES/ECB/NoPadding is not available", e);
        }
    }

    /**
     * XORs {@code len} bytes of {@code buf} at {@code off} with the keystream for {@code iv}.
     *
     * @param iv 16 bytes; the last two are ignored and replaced by the block counter (not modified)
     */
    void apply(byte[] iv, byte[] buf, int off, int len) {
        apply((long) BE_LONGS.get(iv, 0), (long) BE_LONGS.get(iv, 8), buf, off, len);
    }

    /**
     * XORs {@code len} bytes of {@code buf} at {@code off} with the keystream for the IV whose first
     * and last 8 bytes, big-endian, are {@code ivHigh} and {@code ivLow} (the low 16 bits of
     * {@code ivLow} are ignored and replaced by the block counter). {@code len} is below 1 MiB.
     */
    void apply(long ivHigh, long ivLow, byte[] buf, int off, int len) {
        if (len <= 0) {
            return;
        }
        int blocks = (len + 15) >>> 4;
        int n = blocks << 4;
        // The keystream is written at the data's own offset when that fits ALIGNED_LIMIT, so the XOR
        // below reads both arrays at one index, a loop C2 vectorises on JDK 17 (with different
        // indices it does not, and bytes then cost about 1.4 ns each).
        int at = off + n <= ALIGNED_LIMIT ? off : 0;
        if (counters.length < n) {
            counters = new byte[n];
        }
        if (keystream.length < at + n) {
            keystream = new byte[at + n];
        }
        // Counter block j is the IV with j in its low 16 bits: two 8-byte stores per block, and one
        // ECB call encrypts all of them.
        long lo = ivLow & ~0xffffL;
        byte[] c = counters;
        for (int j = 0, p = 0; j < blocks; j++, p += 16) {
            BE_LONGS.set(c, p, ivHigh);
            BE_LONGS.set(c, p + 8, lo | j);
        }
        byte[] k = keystream;
        try {
            ecb.update(c, 0, n, k, at);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB failed on a whole number of blocks", e);
        }
        if (at == off) {
            xorSameIndex(buf, k, off, off + len);
        } else {
            int i = 0;
            for (; i + 8 <= len; i += 8) {
                long v = (long) LONGS.get(buf, off + i) ^ (long) LONGS.get(k, i);
                LONGS.set(buf, off + i, v);
            }
            for (; i < len; i++) {
                buf[off + i] ^= k[i];
            }
        }
    }

    private static void xorSameIndex(byte[] buf, byte[] k, int from, int to) {
        for (int i = from; i < to; i++) {
            buf[i] ^= k[i];
        }
    }

    /** Writes {@code len} bytes of keystream for {@code iv} to {@code out} at {@code off}. */
    void keystream(byte[] iv, byte[] out, int off, int len) {
        java.util.Arrays.fill(out, off, off + len, (byte) 0);
        apply(iv, out, off, len);
    }
}
