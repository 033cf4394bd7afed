package org.rtc4j.ice;

/**
 * Data given to the ICE layer that it cannot use: a malformed {@code a=candidate} line or
 * credentials that break RFC 8445's rules. The one exception type of the {@code ice} module;
 * misuse of the API throws {@link IllegalArgumentException} or {@link IllegalStateException}.
 */
public final class IceException extends Exception {
    private static final long serialVersionUID = 1L;

    public IceException(String message) {
        super(message);
    }
}
