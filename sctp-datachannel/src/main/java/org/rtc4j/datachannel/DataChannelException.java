package org.rtc4j.datachannel;

/**
 * A DCEP message (RFC 8832 §5) that cannot be decoded. The {@link #reason()} says which rule it
 * broke; the message says where.
 *
 * <p>This is the one exception type of {@code org.rtc4j.datachannel} for errors about data. A
 * {@link DataChannelTransport} never lets it escape {@code handleReceive}: the message is dropped and
 * counted in {@link DataChannelTransport#stats()}. Misuse of the API throws
 * {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 */
public final class DataChannelException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which rule the input broke. */
    public enum Reason {
        /** Fewer bytes than the message's fixed part needs (1 byte for any message, 12 for an OPEN). */
        TRUNCATED,
        /** The label or protocol length runs past the end of the message. */
        BAD_LENGTH,
        /** The message type is neither DATA_CHANNEL_OPEN (0x03) nor DATA_CHANNEL_ACK (0x02). */
        UNKNOWN_MESSAGE_TYPE,
        /** The channel type is none of the six of RFC 8832 §5.1. */
        UNKNOWN_CHANNEL_TYPE,
        /** The label or protocol is not valid UTF-8 (RFC 8832 §5.1). */
        INVALID_UTF8
    }

    private final Reason reason;

    public DataChannelException(Reason reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = reason;
    }

    /** Which rule the input broke. */
    public Reason reason() {
        return reason;
    }
}
