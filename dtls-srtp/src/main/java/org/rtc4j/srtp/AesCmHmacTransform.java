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
    private final long rtpSaltHigh;
    private final long rtpSaltLow;
    private final long rtcpSaltHigh;
    private final long rtcpSaltLow;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final byte[] mac = new byte[HmacSha1.LENGTH];
    private final byte[] received = new byte[HmacSha1.LENGTH];

    AesCmHmacTransform(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) throws SrtpException {
        int kl = profile.keyLength();
        int sl = profile.saltLength();
        int al = profile.authKeyLength();
        rtpCipher = new AesCounterMode(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, kl));
        rtpMac = new HmacSha1(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_AUTH, al));
        byte[] rtpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_SALT, sl);
        rtcpCipher = new AesCounterMode(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, kl));
        rtcpMac = new HmacSha1(SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_AUTH, al));
        byte[] rtcpSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_SALT, sl);
        rtpSaltHigh = saltWord(rtpSalt, 0);
        rtpSaltLow = saltWord(rtpSalt, 8);
        rtcpSaltHigh = saltWord(rtcpSalt, 0);
        rtcpSaltLow = saltWord(rtcpSalt, 8);
        rtpTagLength = profile.rtpTagLength();
        rtcpTagLength = profile.rtcpTagLength();
    }

    /** Bytes {@code from .. from + 7} of the 14-byte salt followed by two zero bytes, big-endian. */
    private static long saltWord(byte[] salt, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (i < salt.length ? salt[i] & 0xff : 0);
        }
        return v;
    }

    /** The first 8 bytes of {@code k_s * 2^16 XOR SSRC * 2^64}, big-endian. */
    private static long ivHigh(long saltHigh, int ssrc) {
        return saltHigh ^ (ssrc & 0xffffffffL);
    }

    /** The last 8 bytes of {@code k_s * 2^16 XOR i * 2^16}, big-endian ({@code i} has 48 bits). */
    private static long ivLow(long saltLow, long index) {
        return saltLow ^ (index << 16);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    @Override
    public int protectRtp(byte[] buf, int off, int hdrLen, int len, int ssrc, long index) {
        rtpCipher.apply(ivHigh(rtpSaltHigh, ssrc), ivLow(rtpSaltLow, index), buf, off + hdrLen, len - hdrLen);
        // The tag covers the packet and the ROC (§4.2): the ROC goes where the tag will be (the tag
        // is at least 4 bytes), so the MAC needs one update.
        putInt(buf, off + len, (int) (index >>> 16));
        rtpMac.update(buf, off, len + 4);
        rtpMac.finish(mac, 0);
        System.arraycopy(mac, 0, buf, off + len, rtpTagLength);
        return len + rtpTagLength;
    }

    @Override
    public int unprotectRtp(byte[] buf, int off, int hdrLen, int len, int ssrc, long index) {
        int end = len - rtpTagLength;
        System.arraycopy(buf, off + end, received, 0, rtpTagLength);
        putInt(buf, off + end, (int) (index >>> 16));
        rtpMac.update(buf, off, end + 4);
        rtpMac.finish(mac, 0);
        if (!equal(mac, received, rtpTagLength)) {
            System.arraycopy(received, 0, buf, off + end, rtpTagLength);
            return SrtpDropReason.AUTH_FAILED.code();
        }
        rtpCipher.apply(ivHigh(rtpSaltHigh, ssrc), ivLow(rtpSaltLow, index), buf, off + hdrLen, end - hdrLen);
        return end;
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int srtcpIndex) {
        rtcpCipher.apply(ivHigh(rtcpSaltHigh, ssrc), ivLow(rtcpSaltLow, srtcpIndex), buf, off + 8, len - 8);
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
            rtcpCipher.apply(ivHigh(rtcpSaltHigh, ssrc), ivLow(rtcpSaltLow, eAndIndex & 0x7fffffff), buf, off + 8, plainEnd - 8);
        }
        return plainEnd;
    }

    /** Constant-time comparison of {@code a[0, n)} with {@code b[0, n)}. */
    static boolean equal(byte[] a, byte[] b, int n) {
        return equal(a, b, 0, n);
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
