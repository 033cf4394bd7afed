/**
 * DTLS 1.2 (RFC 6347) for WebRTC, on Bouncy Castle's TLS stack: self-signed certificates and their
 * SDP fingerprints (RFC 8122 §5), the handshake with the {@code use_srtp} extension and the export of
 * SRTP keying material (RFC 5764 §4.1, §4.2), and application data after it (SCTP, RFC 8261).
 *
 * <p>{@link org.rtc4j.dtls.DtlsEndpoint} has the sans-IO shape of every rtc4j layer. Bouncy Castle's
 * handshake is blocking, so it runs on an executor the caller passes in, behind a queue-backed
 * {@code DatagramTransport}; this is the only place in the stack where that happens. After the
 * handshake, records are pushed through on the caller's thread without blocking.
 */
package org.rtc4j.dtls;
