/**
 * SRTP and SRTCP (RFC 3711) with the DTLS-SRTP protection profiles WebRTC uses (RFC 5764 §4.1.2,
 * RFC 7714 §14.2), as sans-IO transforms on caller-supplied buffers.
 *
 * <p>What is here:
 * <ul>
 *   <li>{@link org.rtc4j.srtp.SrtpProfile}: AES_CM_128_HMAC_SHA1_80 and _32 (RFC 3711 §4.1.1, §4.2.1)
 *       and AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714);</li>
 *   <li>session key derivation with the AES-CM PRF and a key derivation rate of zero (RFC 3711 §4.3),
 *       in {@link org.rtc4j.srtp.SrtpKeyDerivation};</li>
 *   <li>{@link org.rtc4j.srtp.SrtpSession}: protect and unprotect of RTP and RTCP in place, with the
 *       packet index and roll-over counter estimation of RFC 3711 §3.3.1 and Appendix A, the SRTCP
 *       index with its E bit (RFC 3711 §3.4), and a replay window bitmap (RFC 3711 §3.3.2);</li>
 *   <li>per-SSRC state, created on first use, with a bound on the number of streams.</li>
 * </ul>
 *
 * <p>Nothing here opens a socket, starts a thread or reads a clock. Hostile or malformed packets never
 * throw out of {@code unprotect*}: they are dropped, counted by {@link org.rtc4j.srtp.SrtpDropReason},
 * and reported as a negative return value. Misuse of the API (a malformed packet given to
 * {@code protect*}, a buffer without room for the tag) throws {@link IllegalArgumentException}.
 * DTLS 1.2 (RFC 6347) and the DTLS-SRTP key export (RFC 5764) are still to come in this module.
 */
package org.rtc4j.srtp;
