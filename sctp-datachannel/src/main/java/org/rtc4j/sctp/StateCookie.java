package org.rtc4j.sctp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The State Cookie of RFC 9260 §5.1.3: what an INIT told us, signed with HMAC-SHA-256 under a
 * per-association secret and stamped with its issue time, so that the association keeps no state for
 * an INIT until the COOKIE ECHO proves the peer's address and returns it intact within its lifetime.
 *
 * <p>Layout: our tag, the peer's tag, initial TSN, a_rwnd, stream counts, feature flags, the issue
 * time in milliseconds, then the 32-byte MAC over all of it.
 */
final class StateCookie {
    static final int FLAG_FORWARD_TSN = 1;
    static final int FLAG_RECONFIG = 2;
    static final int FLAG_ZERO_CHECKSUM = 4;
    private static final int BODY = 4 + 4 + 4 + 4 + 2 + 2 + 1 + 8;
    private static final int MAC = 32;
    static final int LENGTH = BODY + MAC;

    /** What a valid cookie carries: our tag and the peer's INIT. */
    record Contents(long localTag, long peerTag, long peerInitialTsn, long peerRwnd, int peerOutboundStreams,
                    int peerInboundStreams, int flags) {
    }

    private final Mac mac;

    StateCookie(RandomGenerator random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    byte[] issue(long nowMillis, Contents c) {
        byte[] cookie = new byte[LENGTH];
        Bytes.put32(cookie, 0, c.localTag());
        Bytes.put32(cookie, 4, c.peerTag());
        Bytes.put32(cookie, 8, c.peerInitialTsn());
        Bytes.put32(cookie, 12, c.peerRwnd());
        Bytes.put16(cookie, 16, c.peerOutboundStreams());
        Bytes.put16(cookie, 18, c.peerInboundStreams());
        cookie[20] = (byte) c.flags();
        Bytes.put32(cookie, 21, nowMillis >>> 32);
        Bytes.put32(cookie, 25, nowMillis);
        mac.update(cookie, 0, BODY);
        try {
            mac.doFinal(cookie, BODY);
        } catch (javax.crypto.ShortBufferException e) {
            throw new AssertionError(e);
        }
        return cookie;
    }

    /**
     * The contents of a cookie we issued, or null when it is not ours, was changed, or is older than
     * {@code lifetimeMillis} (or from the future).
     */
    Contents verify(byte[] b, int off, int len, long nowMillis, long lifetimeMillis) {
        if (len != LENGTH) {
            return null;
        }
        mac.update(b, off, BODY);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(b, off + BODY, off + LENGTH))) {
            return null;
        }
        long issued = Bytes.u32(b, off + 21) << 32 | Bytes.u32(b, off + 25);
        if (nowMillis - issued > lifetimeMillis || issued - nowMillis > lifetimeMillis) {
            return null;
        }
        return new Contents(Bytes.u32(b, off), Bytes.u32(b, off + 4), Bytes.u32(b, off + 8), Bytes.u32(b, off + 12),
                Bytes.u16(b, off + 16), Bytes.u16(b, off + 18), b[off + 20] & 0xFF);
    }
}
