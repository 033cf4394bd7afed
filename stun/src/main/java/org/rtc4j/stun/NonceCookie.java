package org.rtc4j.stun;

import java.util.Base64;

/**
 * The nonce cookie of RFC 8489 §9.2: {@code obMatJos2} followed by four base64 characters of 24
 * security-feature bits, bit 0 being the most significant.
 */
final class NonceCookie {
    static final String PREFIX = "obMatJos2";
    /** Bit 0: the server offers PASSWORD-ALGORITHMS. */
    static final int PASSWORD_ALGORITHMS = 0x80_0000;
    /** Bit 1: the server accepts USERHASH. */
    static final int USERNAME_ANONYMITY = 0x40_0000;
    /** The length of the cookie with its feature bits. */
    static final int LENGTH = PREFIX.length() + 4;

    private NonceCookie() {
    }

    /** The cookie announcing {@code features}. */
    static String of(int features) {
        byte[] f = {(byte) (features >>> 16), (byte) (features >>> 8), (byte) features};
        return PREFIX + Base64.getEncoder().encodeToString(f);
    }

    /** The feature bits of a nonce, or -1 when it does not start with a well-formed cookie. */
    static int features(String nonce) {
        if (!nonce.startsWith(PREFIX) || nonce.length() < LENGTH) {
            return -1;
        }
        try {
            byte[] f = Base64.getDecoder().decode(nonce.substring(PREFIX.length(), LENGTH));
            if (f.length != 3) {
                return -1; // "AA==" and the like decode to fewer than the 24 feature bits
            }
            return (f[0] & 0xFF) << 16 | (f[1] & 0xFF) << 8 | (f[2] & 0xFF);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
