package org.rtc4j.stun;

/**
 * A STUN message that cannot be decoded or does not verify. The {@link #reason()} says which rule
 * of RFC 8489 it broke; the message says where.
 *
 * <p>This is the one exception type of the {@code stun} module for errors about data. Misuse of the
 * API throws {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 */
public final class StunException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Reason {
        /** Fewer bytes than the header or the declared length need. */
        TRUNCATED,
        /** The two most significant bits are not zero, so this is not STUN (RFC 8489 §5). */
        NOT_STUN,
        /** The magic cookie is not 0x2112A442 (RFC 8489 §5). */
        BAD_MAGIC_COOKIE,
        /** The header's message length disagrees with the bytes given. */
        BAD_LENGTH,
        /** The message length is not a multiple of four, or an attribute's padding runs past the end. */
        BAD_PADDING,
        /** An attribute's length runs past the end of the message. */
        ATTRIBUTE_OVERRUN,
        /** A known attribute has a value that its RFC does not allow (length, family, range). */
        BAD_ATTRIBUTE_VALUE,
        /** An attribute that may appear once appears again. */
        DUPLICATE_ATTRIBUTE,
        /** An attribute follows FINGERPRINT, which must be last (RFC 8489 §14.7). */
        ATTRIBUTE_AFTER_FINGERPRINT,
        /** The FINGERPRINT value is not the CRC-32 of the message (RFC 8489 §14.7). */
        FINGERPRINT_MISMATCH,
        /** MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 is not the HMAC of the message (RFC 8489 §14.5, §14.6). */
        INTEGRITY_MISMATCH,
        /** A message that must carry MESSAGE-INTEGRITY does not. */
        INTEGRITY_MISSING,
        /** A ChannelData channel number outside 0x4000 ~ 0x4FFF (RFC 8656 §12). */
        BAD_CHANNEL_NUMBER,
        /** The bytes are of another protocol than the one expected. */
        WRONG_PROTOCOL
    }

    private final Reason reason;

    public StunException(Reason reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = reason;
    }

    /** Which rule the input broke. */
    public Reason reason() {
        return reason;
    }
}
