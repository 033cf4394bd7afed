package org.rtc4j.srtp;

/**
 * AES-CM encryption with HMAC-SHA1 authentication (RFC 3711 §4.1.1, §4.2.1, §3.3, §3.4): the IV is
 * {@code (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)}, the SRTP tag covers the packet and the ROC,
 * the SRTCP tag covers the packet and the E flag + index word.
 */
final class AesCmHmacTransform implements SrtpTransform {
    private final AesCounterMode rtpCipher;
    private final AesCounterMode rtcpCipher;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final byte[] iv = new byte[16];
    private final byte[] word = new byte[4];
    private final byte[] mac = new byte[HmacSha1.LENGTH];

    AesCmHmacTransform(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) throws SrtpException {
        int kl = profile.keyLength();
        int sl = profile.saltLength();
        int al = profile.authKeyLength();
        rtpCipher = new AesCounterMode(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, kl));
        rtpMac = new HmacSha1(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTH, al));
        rtpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, sl);
        rtcpCipher = new AesCounterMode(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, kl));
        rtcpMac = new HmacSha1(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_AUTH, al));
        rtcpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_SALT, sl);
        rtpTagLength = profile.rtpTagLength();
        rtcpTagLength = profile.rtcpTagLength();
    }

    private void iv(byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (index >>> (8 * i));
        }
        iv[14] = 0;
        iv[15] = 0;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    @Override
    public int protectRtp(byte[] buf, int off, int hdrLen, int len, int ssrc, long index) {
        iv(rtpSalt, ssrc, index);
        rtpCipher.apply(iv, buf, off + hdrLen, len - hdrLen);
        rtpMac.update(buf, off, len);
        putInt(word, 0, (int) (index >>> 16));
        rtpMac.update(word, 0, 4);
        rtpMac.finish(mac, 0);
        System.arraycopy(mac, 0, buf, off + len, rtpTagLength);
        return len + rtpTagLength;
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int hdrLen, int len, int ssrc, long index) {
        int end = len - rtpTagLength;
        rtpMac.update(buf, off, end);
        putInt(word, 0, (int) (index >>> 16));
        rtpMac.update(word, 0, 4);
        rtpMac.finish(mac, 0);
        if (!equal(mac, buf, off + end, rtpTagLength)) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
        iv(rtpSalt, ssrc, index);
        rtpCipher.apply(iv, buf, off + hdrLen, end - hdrLen);
        return end;
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex) {
        iv(rtcpSalt, ssrc, srtcpIndex);
        rtcpCipher.apply(iv, buf, off + 8, len - 8);
        putInt(buf, off + len, 0x80000000 | srtcpIndex);
        rtcpMac.update(buf, off, len + 4);
        rtcpMac.finish(mac, 0);
        System.arraycopy(mac, 0, buf, off + len + 4, rtcpTagLength);
        return len + 4 + rtcpTagLength;
    }

    @Override
    public int rtcpTrailerOffset(int len) {
        return len - rtcpTagLength - 4;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int eAndIndex) {
        int end = len - rtcpTagLength;
        rtcpMac.update(buf, off, end);
        rtcpMac.finish(mac, 0);
        if (!equal(mac, buf, off + end, rtcpTagLength)) {
            return SrtpDropReason.AUTH_FAILED.code();
        }
        int plainEnd = end - 4;
        if (eAndIndex < 0) {
            iv(rtcpSalt, ssrc, eAndIndex & 0x7fffffff);
            rtcpCipher.apply(iv, buf, off + 8, plainEnd - 8);
        }
        return plainEnd;
    }

    /** Constant-time comparison of {@code a[0, n)} with {@code b[off, off + n)}. */
    static boolean equal(byte[] a, byte[] b, int off, int n) {
        int d = 0;
        for (int i = 0; i < n; i++) {
            d |= a[i] ^ b[off + i];
        }
        return d == 0;
    }
}
