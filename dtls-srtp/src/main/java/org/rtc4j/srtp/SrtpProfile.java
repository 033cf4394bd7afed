package org.rtc4j.srtp;

/**
 * The SRTP protection profiles of DTLS-SRTP that rtc4j implements (RFC 5764 §4.1.2, RFC 7714 §14.2),
 * with their key, salt and tag lengths in bytes.
 *
 * <p>For the AES-CM profiles the SRTCP tag is 80 bits even for {@code _32} (RFC 5764 §4.1.2). The
 * AEAD profiles use a 96-bit salt and a 128-bit tag for both RTP and RTCP (RFC 7714 §12, §14.2).
 */
public enum SrtpProfile {
    /** SRTP_AES128_CM_HMAC_SHA1_80, DTLS-SRTP id 0x0001. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 20, 10, 10, false),
    /** SRTP_AES128_CM_HMAC_SHA1_32, DTLS-SRTP id 0x0002. */
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 20, 4, 10, false),
    /** SRTP_AEAD_AES_128_GCM, DTLS-SRTP id 0x0007. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 0, 16, 16, true),
    /** SRTP_AEAD_AES_256_GCM, DTLS-SRTP id 0x0008. */
    AEAD_AES_256_GCM(0x0008, 32, 12, 0, 16, 16, true);

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int authKeyLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final boolean aead;

    SrtpProfile(int id, int keyLength, int saltLength, int authKeyLength, int rtpTagLength,
            int rtcpTagLength, boolean aead) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.authKeyLength = authKeyLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
        this.aead = aead;
    }

    /** The DTLS-SRTP protection profile identifier (RFC 5764 §4.1.2, RFC 7714 §14.2). */
    public int id() {
        return id;
    }

    /** Master and session encryption key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master and session salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** Session authentication key length in bytes; 0 for the AEAD profiles. */
    public int authKeyLength() {
        return authKeyLength;
    }

    /** Bytes the tag adds to an SRTP packet. */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Bytes the tag adds to an SRTCP packet (the 4-byte E flag and index come on top). */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }

    /** Whether this is an AES-GCM profile of RFC 7714. */
    public boolean isAead() {
        return aead;
    }

    /** The profile with DTLS-SRTP identifier {@code id}, or {@code null} if rtc4j has none. */
    public static SrtpProfile ofId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
