package org.rtc4j.srtp;

/**
 * The cryptographic half of one SRTP direction: given the packet index, encrypt and tag, or verify
 * and decrypt, in place. {@link SrtpSession} does the parsing, the index arithmetic and replay
 * protection. Implementations hold reused JCE objects and scratch arrays and are not thread-safe.
 */
interface SrtpTransform {
    /** Encrypts {@code buf[off + hdrLen, off + len)} and appends the tag; returns the new length. */
    int protectRtp(byte[] buf, int off, int hdrLen, int len, int ssrc, long index);

    /** Verifies and decrypts an SRTP packet of {@code len} bytes including the tag; new length or a drop code. */
    int unprotectRtp(byte[] buf, int off, int hdrLen, int len, int ssrc, long index);

    /** Encrypts the RTCP packet, appends E flag + index and the tag; returns the new length. */
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex);

    /** Offset from {@code off} of the 4-byte E flag + SRTCP index word in an SRTCP packet of {@code len} bytes. */
    int rtcpTrailerOffset(int len);

    /** Verifies and decrypts an SRTCP packet of {@code len} bytes; new length or a drop code. */
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eAndIndex);
}
