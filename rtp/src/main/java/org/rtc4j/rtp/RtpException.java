package org.rtc4j.rtp;

/**
 * Malformed RTP or RTCP bytes, or a payload a depacketizer cannot take, with the rule they broke.
 * The codecs in this package throw it; the streams ({@link ReceiveStream}, {@link SendStream}) never
 * let it escape a {@code handle*} method: the packet is dropped and counted.
 */
public final class RtpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which rule the bytes broke. */
    public enum Reason {
        /** Fewer bytes than the structure needs (RFC 3550 §5.1: 12 bytes and the CSRC list). */
        TRUNCATED,
        /** The version field is not 2. */
        BAD_VERSION,
        /** A length field that runs past its container or disagrees with the content. */
        BAD_LENGTH,
        /** The padding count is 0 or larger than what follows the header (RFC 3550 §5.1). */
        BAD_PADDING,
        /** A header extension element (RFC 8285) that overruns its block or has a forbidden id. */
        BAD_EXTENSION,
        /** A field holds a value its format forbids (a reserved NAL type, a bad descriptor). */
        BAD_VALUE,
        /** A frame or an output that exceeds a configured bound. */
        TOO_LARGE
    }

    private final Reason reason;

    public RtpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The rule the input broke. */
    public Reason reason() {
        return reason;
    }
}
