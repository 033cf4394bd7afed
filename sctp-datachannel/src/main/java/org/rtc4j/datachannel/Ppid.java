package org.rtc4j.datachannel;

/**
 * The SCTP payload protocol identifiers of WebRTC data channels (RFC 8831 §8, RFC 8832 §8.1).
 * An empty message cannot be an SCTP user message, so it travels as one zero byte with
 * {@link #STRING_EMPTY} or {@link #BINARY_EMPTY} and is handed to the receiver as empty.
 */
public final class Ppid {
    /** 50: a DCEP message (RFC 8832). */
    public static final long DCEP = 50;
    /** 51: a UTF-8 string. */
    public static final long STRING = 51;
    /** 52: part of a string (deprecated, RFC 8831 §8; received as a whole string). */
    public static final long STRING_PARTIAL = 52;
    /** 53: binary data. */
    public static final long BINARY = 53;
    /** 54: part of binary data (deprecated, RFC 8831 §8; received as whole binary data). */
    public static final long BINARY_PARTIAL = 54;
    /** 56: an empty string, sent as one zero byte. */
    public static final long STRING_EMPTY = 56;
    /** 57: empty binary data, sent as one zero byte. */
    public static final long BINARY_EMPTY = 57;

    private Ppid() {
    }

    /** Whether {@code ppid} carries a user message (string or binary, whole, partial or empty). */
    public static boolean isUserMessage(long ppid) {
        return isText(ppid) || isBinary(ppid);
    }

    /** Whether {@code ppid} carries a string. */
    public static boolean isText(long ppid) {
        return ppid == STRING || ppid == STRING_PARTIAL || ppid == STRING_EMPTY;
    }

    /** Whether {@code ppid} carries binary data. */
    public static boolean isBinary(long ppid) {
        return ppid == BINARY || ppid == BINARY_PARTIAL || ppid == BINARY_EMPTY;
    }

    /** Whether {@code ppid} marks an empty message whose one payload byte is to be ignored. */
    public static boolean isEmpty(long ppid) {
        return ppid == STRING_EMPTY || ppid == BINARY_EMPTY;
    }

    /** The identifier to send a message with: 51/53, or 56/57 when it is empty. */
    public static long forMessage(boolean binary, int length) {
        if (length == 0) {
            return binary ? BINARY_EMPTY : STRING_EMPTY;
        }
        return binary ? BINARY : STRING;
    }
}
