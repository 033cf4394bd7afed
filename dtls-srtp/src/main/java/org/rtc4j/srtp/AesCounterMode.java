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
 * {@code AES/ECB/NoPadding} cipher is reused; the counter blocks and the keystream live in scratch
 * arrays owned by this object, which grow once to the largest packet seen and are then reused, so
 * the steady state allocates nothing. Not thread-safe.
 */
final class AesCounterMode {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
        if (len <= 0) {
            return;
        }
        int blocks = (len + 15) >>> 4;
        int n = blocks << 4;
        if (counters.length < n) {
            counters = new byte[n];
            keystream = new byte[n];
        }
        byte[] c = counters;
        for (int j = 0; j < blocks; j++) {
            int p = j << 4;
            System.arraycopy(iv, 0, c, p, 14);
            c[p + 14] = (byte) (j >>> 8);
            c[p + 15] = (byte) j;
        }
        try {
            ecb.update(c, 0, n, keystream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB failed on a whole number of blocks", e);
        }
        byte[] k = keystream;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            long v = (long) LONGS.get(buf, off + i) ^ (long) LONGS.get(k, i);
            LONGS.set(buf, off + i, v);
        }
        for (; i < len; i++) {
            buf[off + i] ^= k[i];
        }
    }

    /** Writes {@code len} bytes of keystream for {@code iv} to {@code out} at {@code off}. */
    void keystream(byte[] iv, byte[] out, int off, int len) {
        java.util.Arrays.fill(out, off, off + len, (byte) 0);
        apply(iv, out, off, len);
    }
}
