package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * rtc4j against jitsi-srtp, an independent implementation, in both directions, for every profile
 * both support, RTP across a ROC rollover (sequence 65535 to 0) and RTCP.
 */
class JitsiSrtpCrossCheckTest {
    private static final int SSRC = 0xcafe1234;

    static final class Buf implements ByteArrayBuffer {
        byte[] b;
        int off;
        int len;

        Buf(byte[] data, int off, int len) {
            this.b = data;
            this.off = off;
            this.len = len;
        }

        @Override public byte[] getBuffer() { return b; }
        @Override public int getOffset() { return off; }
        @Override public int getLength() { return len; }
        @Override public void setLength(int l) { len = l; }
        @Override public void setOffset(int o) { off = o; }
        @Override public boolean isInvalid() { return false; }
        @Override public void readRegionToBuff(int o, int l, byte[] out) { System.arraycopy(b, off + o, out, 0, l); }
        @Override public void grow(int n) {
            if (b.length < off + len + n) {
                b = Arrays.copyOf(b, off + len + n);
            }
        }
        @Override public void append(byte[] d, int l) {
            grow(l);
            System.arraycopy(d, 0, b, off + len, l);
            len += l;
        }
        @Override public void shrink(int l) { len = Math.max(0, len - l); }
    }

    static SrtpPolicy[] policies(SrtpProfile p) {
        switch (p) {
            case AES_CM_128_HMAC_SHA1_80:
                return new SrtpPolicy[] {
                    new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14),
                    new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14)};
            case AES_CM_128_HMAC_SHA1_32:
                return new SrtpPolicy[] {
                    new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 4, 14),
                    new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14)};
            default:
                int k = p.keyLength();
                return new SrtpPolicy[] {
                    new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, k, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12),
                    new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, k, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)};
        }
    }

    static SrtpContextFactory jitsi(boolean sender, SrtpProfile p, byte[] key, byte[] salt) {
        SrtpPolicy[] pol = policies(p);
        return new SrtpContextFactory(sender, key.clone(), salt.clone(), pol[0], pol[1], new LoggerImpl("jitsi-srtp"));
    }

    static byte[] key(SrtpProfile p, int seed) {
        byte[] k = new byte[p.keyLength()];
        new Random(seed).nextBytes(k);
        return k;
    }

    static byte[] salt(SrtpProfile p, int seed) {
        byte[] s = new byte[p.saltLength()];
        new Random(seed + 1).nextBytes(s);
        return s;
    }

    /** An RTP packet with one CSRC and a one-byte-header extension, so the header length logic counts. */
    static byte[] rtp(int seq, int payloadLen, Random rnd) {
        byte[] b = new byte[12 + 4 + 8 + payloadLen];
        b[0] = (byte) 0x91; // V=2, X=1, CC=1
        b[1] = 96;
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[4] = 0x12; b[5] = 0x34; b[6] = 0x56; b[7] = 0x78;
        b[8] = (byte) (SSRC >>> 24); b[9] = (byte) (SSRC >>> 16); b[10] = (byte) (SSRC >>> 8); b[11] = (byte) SSRC;
        b[12] = 1; b[13] = 2; b[14] = 3; b[15] = 4; // CSRC
        b[16] = (byte) 0xbe; b[17] = (byte) 0xde; b[18] = 0; b[19] = 1; // extension, one word
        b[20] = 0x10; b[21] = 0x55; b[22] = 0; b[23] = 0;
        byte[] pl = new byte[payloadLen];
        rnd.nextBytes(pl);
        System.arraycopy(pl, 0, b, 24, payloadLen);
        return b;
    }

    /** A receiver report with one report block. */
    static byte[] rtcp(Random rnd) {
        byte[] b = new byte[8 + 24];
        b[0] = (byte) 0x81;
        b[1] = (byte) 201;
        b[2] = 0;
        b[3] = 7;
        b[4] = (byte) (SSRC >>> 24); b[5] = (byte) (SSRC >>> 16); b[6] = (byte) (SSRC >>> 8); b[7] = (byte) SSRC;
        byte[] rest = new byte[24];
        rnd.nextBytes(rest);
        System.arraycopy(rest, 0, b, 8, 24);
        return b;
    }

    /** Sequence numbers 65500 .. 65535, 0 .. 60: a ROC rollover in the middle. */
    static int[] sequence() {
        int[] s = new int[97];
        for (int i = 0; i < s.length; i++) {
            s[i] = (65500 + i) & 0xffff;
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtc4jProtectsJitsiUnprotectsRtp(SrtpProfile p) throws Exception {
        byte[] k = key(p, 1);
        byte[] s = salt(p, 1);
        SrtpSession tx = new SrtpSession(p, k, s);
        SrtpCryptoContext rx = jitsi(false, p, k, s).deriveContext(SSRC, 0);
        Random rnd = new Random(7);
        for (int seq : sequence()) {
            byte[] plain = rtp(seq, 10 + rnd.nextInt(1200), rnd);
            byte[] buf = Arrays.copyOf(plain, plain.length + 64);
            int n = tx.protect(buf, 0, plain.length);
            assertThat(n).isEqualTo(plain.length + p.rtpTagLength());
            Buf jb = new Buf(Arrays.copyOf(buf, n + 64), 0, n);
            assertThat(rx.reverseTransformPacket(jb, false)).as("seq %d", seq).isEqualTo(SrtpErrorStatus.OK);
            assertThat(Arrays.copyOfRange(jb.b, jb.off, jb.off + jb.len)).as("seq %d", seq).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void jitsiProtectsRtc4jUnprotectsRtp(SrtpProfile p) throws Exception {
        byte[] k = key(p, 2);
        byte[] s = salt(p, 2);
        SrtpCryptoContext tx = jitsi(true, p, k, s).deriveContext(SSRC, 0);
        SrtpSession rx = new SrtpSession(p, k, s);
        Random rnd = new Random(8);
        for (int seq : sequence()) {
            byte[] plain = rtp(seq, 10 + rnd.nextInt(1200), rnd);
            Buf jb = new Buf(Arrays.copyOf(plain, plain.length + 64), 0, plain.length);
            assertThat(tx.transformPacket(jb)).isEqualTo(SrtpErrorStatus.OK);
            byte[] buf = Arrays.copyOfRange(jb.b, jb.off, jb.off + jb.len);
            int n = rx.unprotect(buf, 0, buf.length);
            assertThat(n).as("seq %d", seq).isEqualTo(plain.length);
            assertThat(Arrays.copyOf(buf, n)).isEqualTo(plain);
        }
        assertThat(rx.receiveRolloverCounter(SSRC)).isEqualTo(1);
        assertThat(rx.droppedTotal()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpBothDirections(SrtpProfile p) throws Exception {
        byte[] k = key(p, 3);
        byte[] s = salt(p, 3);
        SrtpSession ours = new SrtpSession(p, k, s);
        SrtpSession oursRx = new SrtpSession(p, k, s);
        SrtcpCryptoContext theirsRx = jitsi(false, p, k, s).deriveControlContext(SSRC);
        SrtcpCryptoContext theirsTx = jitsi(true, p, k, s).deriveControlContext(SSRC);
        Random rnd = new Random(9);
        for (int i = 0; i < 20; i++) {
            byte[] plain = rtcp(rnd);
            byte[] buf = Arrays.copyOf(plain, plain.length + 64);
            int n = ours.protectRtcp(buf, 0, plain.length);
            assertThat(n).isEqualTo(plain.length + 4 + p.rtcpTagLength());
            Buf jb = new Buf(Arrays.copyOf(buf, n + 64), 0, n);
            assertThat(theirsRx.reverseTransformPacket(jb)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(Arrays.copyOfRange(jb.b, jb.off, jb.off + jb.len)).isEqualTo(plain);

            Buf jt = new Buf(Arrays.copyOf(plain, plain.length + 64), 0, plain.length);
            assertThat(theirsTx.transformPacket(jt)).isEqualTo(SrtpErrorStatus.OK);
            byte[] in = Arrays.copyOfRange(jt.b, jt.off, jt.off + jt.len);
            int m = oursRx.unprotectRtcp(in, 0, in.length);
            assertThat(m).isEqualTo(plain.length);
            assertThat(Arrays.copyOf(in, m)).isEqualTo(plain);
        }
    }
}
