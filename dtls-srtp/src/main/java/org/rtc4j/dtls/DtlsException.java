package org.rtc4j.dtls;

/**
 * The one exception type of {@code org.rtc4j.dtls}: a local failure the caller must know about,
 * such as a certificate that cannot be generated. Failures caused by the peer are never thrown;
 * they arrive as {@link DtlsEvent.Failed}.
 */
public final class DtlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DtlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
