package org.rtc4j.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM and AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714 §8, §9): the 12-byte IV of
 * §8.1 ({@code 00 00 || SSRC || ROC || SEQ} XOR salt) and §9.1 ({@code 00 00 || SSRC || 00 00 || 0 ||
 * SRTCP index} XOR salt), the RTP header as AAD, and for SRTCP the first 8 bytes plus the E flag and
 * index word as AAD, with a 16-byte tag.
 *
 * <p>The JCE's GCM cipher must be initialised for every packet (it refuses to encrypt twice with one
 * IV, and there is no other way to give it a new IV), so each packet costs one {@code Cipher.init}
 * with a reused parameter spec. On JDK 17 SunJCE allocates about 1 KB per packet inside {@code init}
 * and {@code doFinal} whatever the packet size (its per-init GHASH and counter state; measured by
 * {@code SrtpAllocationTest}, and the bare cipher in {@code SrtpBenchmark} allocates as much; a
 * separate output array made it worse, so the cipher works in place).
 * This is still the cheapest correct path with the JCE, because it keeps the AES-NI and CLMUL
 * intrinsics; a zero-allocation GCM would need a GHASH written in Java, which is far slower.
 */
final class AesGcmTransform implements SrtpTransform {
    private static final int TAG = 16;
    private final Cipher rtpCipher;
    private final Cipher rtcpCipher;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[12];
    private final GcmSpec spec = new GcmSpec(iv);
    private final byte[] word = new byte[4];

    /** Derives the session keys and salts from the master key and salt (RFC 3711 §4.3, RFC 7714 §11). */
    static AesGcmTransform derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) throws SrtpException {
        int kl = profile.keyLength();
        int sl = profile.saltLength();
        return new AesGcmTransform(
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, kl),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, sl),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, kl),
                SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_SALT, sl));
    }

    /** From session keys (16 or 32 bytes) and 12-byte session salts, as the RFC 7714 §16-17 vectors give them; kept, not copied. */
    AesGcmTransform(byte[] rtpKey, byte[] rtpSalt, byte[] rtcpKey, byte[] rtcpSalt) throws SrtpException {
        this.rtpKey = new SecretKeySpec(rtpKey, "AES");
        this.rtpSalt = rtpSalt;
        this.rtcpKey = new SecretKeySpec(rtcpKey, "AES");
        this.rtcpSalt = rtcpSalt;
        try {
            rtpCipher = Cipher.getInstance("AES/GCM/NoPadding");
            rtcpCipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new SrtpException("AES/GCM/NoPadding is not available", e);
        }
    }

    /** IV = salt XOR (00 00 || SSRC || v as 48 bits): v is ROC || SEQ for RTP, 0 || index for RTCP. */
    private void iv(byte[] salt, int ssrc, long v) {
        iv[0] = salt[0];
        iv[1] = salt[1];
        iv[2] = (byte) (salt[2] ^ (ssrc >>> 24));
        iv[3] = (byte) (salt[3] ^ (ssrc >>> 16));
        iv[4] = (byte) (salt[4] ^ (ssrc >>> 8));
        iv[5] = (byte) (salt[5] ^ ssrc);
        for (int i = 0; i < 6; i++) {
            iv[11 - i] = (byte) (salt[11 - i] ^ (v >>> (8 * i)));
        }
    }

    private void init(Cipher c, int mode, SecretKeySpec key) {
        try {
            c.init(mode, key, spec);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("SRTP packet index used twice with one key (GCM nonce reuse)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM init failed", e);
        }
    }

    /**
     * A {@link GCMParameterSpec} over this transform's IV array, reused for every packet: the JCE reads
     * a spec only through {@code getIV()} and {@code getTLen()}, and {@code getIV()} still returns a
     * copy, so the provider sees what it would see in a new spec, without the spec's own two objects
     * per packet.
     */
    private static final class GcmSpec extends GCMParameterSpec {
        private final byte[] current;

        GcmSpec(byte[] iv) {
            super(TAG * 8, iv);
            this.current = iv;
        }

        @Override
        public byte[] getIV() {
            return current.clone();
        }
    }

    /** doFinal of {@code buf[p, p + n)} in place; returns the output length. */
    private static int finish(Cipher c, byte[] buf, int p, int n) throws GeneralSecurityException {
        return c.doFinal(buf, p, n, buf, p);
    }

    @Override
    public int protectRtp(byte[] buf, int off, int hdrLen, int len, int ssrc, long index) {
        iv(rtpSalt, ssrc, index);
        init(rtpCipher, Cipher.ENCRYPT_MODE, rtpKey);
        try {
            rtpCipher.updateAAD(buf, off, hdrLen);
            return hdrLen + finish(rtpCipher, buf, off + hdrLen, len - hdrLen);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int hdrLen, int len, int ssrc, long index) {
        iv(rtpSalt, ssrc, index);
        init(rtpCipher, Cipher.DECRYPT_MODE, rtpKey);
        try {
            rtpCipher.updateAAD(buf, off, hdrLen);
            return hdrLen + finish(rtpCipher, buf, off + hdrLen, len - hdrLen);
        } catch (GeneralSecurityException e) { // AEADBadTagException: the tag does not verify
            return SrtpDropReason.AUTH_FAILED.code();
        }
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex) {
        int w = 0x80000000 | srtcpIndex;
        word[0] = (byte) (w >>> 24);
        word[1] = (byte) (w >>> 16);
        word[2] = (byte) (w >>> 8);
        word[3] = (byte) w;
        iv(rtcpSalt, ssrc, srtcpIndex & 0x7fffffffL);
        init(rtcpCipher, Cipher.ENCRYPT_MODE, rtcpKey);
        try {
            rtcpCipher.updateAAD(buf, off, 8);
            rtcpCipher.updateAAD(word, 0, 4);
            int n = 8 + finish(rtcpCipher, buf, off + 8, len - 8);
            System.arraycopy(word, 0, buf, off + n, 4);
            return n + 4;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public int rtcpTrailerOffset(int len) {
        return len - 4;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eAndIndex) {
        if (eAndIndex >= 0) {
            return SrtpDropReason.UNSUPPORTED.code();
        }
        System.arraycopy(buf, off + len - 4, word, 0, 4);
        iv(rtcpSalt, ssrc, eAndIndex & 0x7fffffffL);
        init(rtcpCipher, Cipher.DECRYPT_MODE, rtcpKey);
        try {
            rtcpCipher.updateAAD(buf, off, 8);
            rtcpCipher.updateAAD(word, 0, 4);
            return 8 + finish(rtcpCipher, buf, off + 8, len - 12);
        } catch (GeneralSecurityException e) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
    }
}
