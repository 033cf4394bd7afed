package org.rtc4j.media;

/**
 * The one exception type of the {@code media} module: an encoded frame that does not decode, a codec or
 * native library that is not available, a file that cannot be read or written. API misuse (a frame of
 * the wrong size, a closed codec) is an {@link IllegalArgumentException} or {@link IllegalStateException}
 * instead.
 */
public final class MediaException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** The FFmpeg natives for this platform are not on the class path. */
        NATIVE_MISSING,
        /** The codec (or one of its options) is not in the FFmpeg build. */
        UNSUPPORTED,
        /** An encoded frame is corrupt or truncated; the decoder now waits for a keyframe. */
        CORRUPT,
        /** The decoder dropped a delta frame because it waits for a keyframe after an error or at start. */
        NEED_KEYFRAME,
        /** A file or device could not be opened, read or written. */
        IO,
        /** Any other error FFmpeg reported. */
        CODEC
    }

    private final Reason reason;

    public MediaException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MediaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }
}
