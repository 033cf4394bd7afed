package org.rtc4j.pc;

/**
 * An error a peer connection reports to its caller, named as the W3C spec names it:
 * {@code InvalidStateError} (a call in the wrong signaling state), {@code InvalidAccessError} (a
 * description that cannot be used, such as one without a fingerprint), {@code OperationError} (an
 * operation that failed, such as a candidate for an unknown media section), {@code SyntaxError}
 * (unparseable SDP or candidate), {@code TypeError} (a missing argument).
 */
public final class RTCException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorName;

    public RTCException(String errorName, String message) {
        super(errorName + ": " + message);
        this.errorName = errorName;
    }

    public RTCException(String errorName, String message, Throwable cause) {
        super(errorName + ": " + message, cause);
        this.errorName = errorName;
    }

    /** The W3C error name, such as {@code "InvalidStateError"}. */
    public String errorName() {
        return errorName;
    }

    static RTCException invalidState(String message) {
        return new RTCException("InvalidStateError", message);
    }

    static RTCException invalidAccess(String message) {
        return new RTCException("InvalidAccessError", message);
    }

    static RTCException operation(String message) {
        return new RTCException("OperationError", message);
    }
}
