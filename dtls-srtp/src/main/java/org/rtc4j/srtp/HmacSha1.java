package org.rtc4j.srtp;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA1 (RFC 2104) over two reused {@link MessageDigest} objects, written into a caller-supplied
 * array. {@code javax.crypto.Mac.doFinal(byte[], int)} allocates its result on every call;
 * {@link MessageDigest#digest(byte[], int, int)} does not, which keeps the SRTP path allocation-free.
 * Not thread-safe.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private final MessageDigest inner;
    private final MessageDigest outer;
    private final byte[] ipad = new byte[64];
    private final byte[] opad = new byte[64];
    private final byte[] innerHash = new byte[LENGTH];

    HmacSha1(byte[] key) throws SrtpException {
        if (key.length > 64) {
            throw new IllegalArgumentException("HMAC key longer than a block: " + key.length + " (expected: 0 ~ 64)");
        }
        try {
            inner = MessageDigest.getInstance("SHA-1");
            outer = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new SrtpException("SHA-1 is not available", e);
        }
        for (int i = 0; i < 64; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        inner.update(ipad);
    }

    /** Adds bytes to the message; the first call after {@link #finish} starts a new message. */
    void update(byte[] buf, int off, int len) {
        inner.update(buf, off, len);
    }

    /** Writes the 20-byte MAC of the message to {@code out} at {@code off} and starts a new message. */
    void finish(byte[] out, int off) {
        try {
            inner.digest(innerHash, 0, LENGTH);
            inner.update(ipad);
            outer.update(opad);
            outer.update(innerHash, 0, LENGTH);
            outer.digest(out, off, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 output does not fit 20 bytes", e);
        }
    }
}
