package org.rtc4j.srtp;

/**
 * SRTP session key derivation with the AES-CM PRF (RFC 3711 §4.3.1, §4.3.3) and a key derivation
 * rate of 0, as DTLS-SRTP requires (RFC 5764 §4.1.2). For the AEAD profiles the 96-bit master salt is
 * zero-padded to 112 bits and AES-256 is the PRF for 256-bit keys (RFC 7714 §11, as libsrtp does).
 *
 * <p>Arrays given in are not kept or modified; the returned arrays belong to the caller.
 */
public final class SrtpKeyDerivation {
    /** Label of the SRTP encryption key (RFC 3711 §4.3.2). */
    public static final int LABEL_RTP_ENCRYPTION = 0x00;
    /** Label of the SRTP authentication key. */
    public static final int LABEL_RTP_AUTH = 0x01;
    /** Label of the SRTP salt. */
    public static final int LABEL_RTP_SALT = 0x02;
    /** Label of the SRTCP encryption key. */
    public static final int LABEL_RTCP_ENCRYPTION = 0x03;
    /** Label of the SRTCP authentication key. */
    public static final int LABEL_RTCP_AUTH = 0x04;
    /** Label of the SRTCP salt. */
    public static final int LABEL_RTCP_SALT = 0x05;

    private SrtpKeyDerivation() {
    }

    /**
     * Derives {@code length} bytes for {@code label} from the master key and salt.
     *
     * @param masterKey 16, 24 or 32 bytes
     * @param masterSalt at most 14 bytes (shorter salts are padded with zeros on the right)
     * @throws SrtpException if the JCE lacks AES
     */
    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) throws SrtpException {
        if (masterKey.length != 16 && masterKey.length != 24 && masterKey.length != 32) {
            throw new IllegalArgumentException("master key length " + masterKey.length + " (expected: 16, 24 or 32)");
        }
        if (masterSalt.length > 14) {
            throw new IllegalArgumentException("master salt length " + masterSalt.length + " (expected: 0 ~ 14)");
        }
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        byte[] out = new byte[length];
        new AesCounterMode(masterKey).keystream(iv, out, 0, length);
        return out;
    }
}
