package org.rtc4j.dtls;

/**
 * What a {@link DtlsEndpoint} tells its driver, drained with {@link DtlsEndpoint#pollEvent()}.
 * Failures caused by the peer arrive here, never as exceptions.
 */
public sealed interface DtlsEvent {

    /**
     * The handshake finished and the peer's certificate matched the expected fingerprint.
     *
     * @param keyingMaterial the negotiated SRTP profile and the exported keys (RFC 5764 §4.2)
     * @param remoteFingerprint the peer certificate's fingerprint in SDP form
     * @param cipherSuite the TLS cipher suite code point, e.g. 0xC02B
     */
    record Connected(SrtpKeyingMaterial keyingMaterial, String remoteFingerprint, int cipherSuite) implements DtlsEvent {
    }

    /**
     * Application data from the peer (RFC 6347 {@code application_data}), one record.
     *
     * @param data the plaintext; owned by the receiver of the event
     */
    record ApplicationData(byte[] data) implements DtlsEvent {
    }

    /**
     * The connection ended with an error: handshake timeout, fingerprint mismatch, no common SRTP
     * profile, a fatal alert sent or received. The endpoint is dead afterwards.
     *
     * @param reason what went wrong, for humans
     * @param cause  the underlying exception, or null
     */
    record Failed(String reason, Throwable cause) implements DtlsEvent {
    }

    /** The peer sent close_notify, or the local side closed; the endpoint is dead afterwards. */
    record Closed(boolean byPeer) implements DtlsEvent {
    }
}
