package org.rtc4j.dtls;

/**
 * Which side of the DTLS handshake an endpoint plays (RFC 5763 §5: the SDP {@code a=setup:active}
 * side is the client, {@code a=setup:passive} the server).
 */
public enum DtlsRole {
    /** Sends the ClientHello ({@code a=setup:active}). */
    CLIENT,
    /** Waits for the ClientHello ({@code a=setup:passive}). */
    SERVER
}
