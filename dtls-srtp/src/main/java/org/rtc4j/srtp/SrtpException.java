package org.rtc4j.srtp;

/**
 * The one exception type of the {@code dtls-srtp} module for errors it reports to callers: today,
 * a Java runtime whose JCE lacks a cipher or digest that a {@link SrtpProfile} needs
 * ({@code AES/ECB/NoPadding}, {@code AES/GCM/NoPadding}, {@code SHA-1}).
 *
 * <p>Bad packets are not reported with this exception: {@code unprotect*} drops them and returns a
 * negative status (see {@link SrtpDropReason}). API misuse throws {@link IllegalArgumentException} or
 * {@link IllegalStateException}.
 */
public final class SrtpException extends Exception {
    private static final long serialVersionUID = 1L;

    public SrtpException(String message, Throwable cause) {
        super(message, cause);
    }
}
