package org.rtc4j.srtp;

/**
 * Why {@link SrtpSession} dropped a received packet. {@code unprotect} and {@code unprotectRtcp}
 * return {@link #code()} (always negative) instead of a length; {@link #fromCode(int)} maps it back.
 * Each reason is also counted ({@link SrtpSession#dropped(SrtpDropReason)}).
 */
public enum SrtpDropReason {
    /** Shorter than the header, the declared header length, the trailer or the tag need. */
    TRUNCATED,
    /** Not RTP or RTCP version 2 (RFC 3550 §5.1, §6.4.1). */
    NOT_RTP,
    /** The authentication tag does not verify (RFC 3711 §3.3 step 5, RFC 7714 §8.2 / §9.2). */
    AUTH_FAILED,
    /** The packet index was already received (RFC 3711 §3.3.2). */
    REPLAYED,
    /** The packet index is older than the replay window, or before index 0 (RFC 3711 §3.3.2). */
    TOO_OLD,
    /** A new SSRC arrived when the session already holds its bound of streams. */
    TOO_MANY_STREAMS,
    /** Something this implementation does not handle (unencrypted SRTCP with an AEAD profile). */
    UNSUPPORTED;

    private static final SrtpDropReason[] VALUES = values();

    /** The negative value {@code unprotect*} returns for this reason: {@code -1 - ordinal()}. */
    public int code() {
        return -1 - ordinal();
    }

    /**
     * The reason for a negative return value of {@code unprotect*}.
     *
     * @throws IllegalArgumentException if {@code code} is not one of the codes (expected: -1 ~ -7)
     */
    public static SrtpDropReason fromCode(int code) {
        int i = -1 - code;
        if (i < 0 || i >= VALUES.length) {
            throw new IllegalArgumentException("not a drop code: " + code + " (expected: -1 ~ -" + VALUES.length + ")");
        }
        return VALUES[i];
    }
}
