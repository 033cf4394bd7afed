package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Truncated, tampered, replayed and too-old packets: each dropped and counted, nothing thrown. */
class SrtpHostileInputTest {
    private static SrtpSession session(SrtpProfile p) throws SrtpException {
        return new SrtpSession(p, JitsiSrtpCrossCheckTest.key(p, 5), JitsiSrtpCrossCheckTest.salt(p, 5));
    }

    private static byte[] protect(SrtpSession tx, int seq, Random rnd) {
        byte[] plain = JitsiSrtpCrossCheckTest.rtp(seq, 100, rnd);
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        int n = tx.protect(buf, 0, plain.length);
        return Arrays.copyOf(buf, n);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedAtEveryLengthIsDroppedNotThrown(SrtpProfile p) throws Exception {
        SrtpSession tx = session(p);
        SrtpSession rx = session(p);
        byte[] pkt = protect(tx, 1, new Random(1));
        for (int len = 0; len < pkt.length; len++) {
            byte[] b = Arrays.copyOf(pkt, len);
            assertThat(rx.unprotect(b, 0, len)).as("length %d", len).isNegative();
            assertThat(rx.unprotectRtcp(b, 0, len)).as("rtcp length %d", len).isNegative();
        }
        assertThat(rx.unprotect(pkt, 0, pkt.length)).isEqualTo(pkt.length - p.rtpTagLength());
        assertThat(rx.dropped(SrtpDropReason.TRUNCATED) + rx.dropped(SrtpDropReason.AUTH_FAILED)).isEqualTo(2L * pkt.length
                - rx.dropped(SrtpDropReason.NOT_RTP) - rx.dropped(SrtpDropReason.UNSUPPORTED));
        assertThat(rx.unprotect(pkt, 5, 1000)).isEqualTo(SrtpDropReason.TRUNCATED.code());
        assertThat(rx.unprotect(pkt, -1, 10)).isEqualTo(SrtpDropReason.TRUNCATED.code());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyFlippedBitFailsAuthentication(SrtpProfile p) throws Exception {
        SrtpSession tx = session(p);
        SrtpSession rx = session(p);
        byte[] pkt = protect(tx, 1, new Random(2));
        long failures = 0;
        for (int bit = 2; bit < pkt.length * 8; bit++) { // bits 0-1 are the version
            byte[] b = pkt.clone();
            b[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
            int r = rx.unprotect(b, 0, b.length);
            assertThat(r).as("bit %d", bit).isNegative();
            failures++;
        }
        assertThat(rx.droppedTotal()).isEqualTo(failures);
        assertThat(rx.dropped(SrtpDropReason.AUTH_FAILED)).isGreaterThan(failures / 2);
        assertThat(rx.unprotect(pkt.clone(), 0, pkt.length)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedAndTooOldPacketsAreDropped(SrtpProfile p) throws Exception {
        SrtpSession tx = session(p);
        SrtpSession rx = session(p);
        Random rnd = new Random(3);
        byte[][] sent = new byte[300][];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = protect(tx, i, rnd);
        }
        for (int i = 0; i < 200; i++) {
            byte[] b = sent[i].clone();
            assertThat(rx.unprotect(b, 0, b.length)).isPositive();
        }
        byte[] again = sent[199].clone();
        assertThat(rx.unprotect(again, 0, again.length)).isEqualTo(SrtpDropReason.REPLAYED.code());
        byte[] old = sent[10].clone();
        assertThat(rx.unprotect(old, 0, old.length)).isEqualTo(SrtpDropReason.TOO_OLD.code());
        // out of order within the window is fine, once
        byte[] ahead = sent[250].clone();
        assertThat(rx.unprotect(ahead, 0, ahead.length)).isPositive();
        byte[] late = sent[230].clone();
        assertThat(rx.unprotect(late, 0, late.length)).isPositive();
        late = sent[230].clone();
        assertThat(rx.unprotect(late, 0, late.length)).isEqualTo(SrtpDropReason.REPLAYED.code());
        assertThat(rx.dropped(SrtpDropReason.REPLAYED)).isEqualTo(2);
        assertThat(rx.dropped(SrtpDropReason.TOO_OLD)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpTamperedAndReplayed(SrtpProfile p) throws Exception {
        SrtpSession tx = session(p);
        SrtpSession rx = session(p);
        byte[] plain = JitsiSrtpCrossCheckTest.rtcp(new Random(4));
        byte[] buf = Arrays.copyOf(plain, plain.length + 64);
        int n = tx.protectRtcp(buf, 0, plain.length);
        byte[] pkt = Arrays.copyOf(buf, n);
        byte[] t = pkt.clone();
        t[12] ^= 1;
        assertThat(rx.unprotectRtcp(t, 0, t.length)).isEqualTo(SrtpDropReason.AUTH_FAILED.code());
        t = pkt.clone();
        t[t.length - 1] ^= 1;
        assertThat(rx.unprotectRtcp(t, 0, t.length)).isNegative();
        assertThat(rx.unprotectRtcp(pkt.clone(), 0, n)).isEqualTo(plain.length);
        assertThat(rx.unprotectRtcp(pkt.clone(), 0, n)).isEqualTo(SrtpDropReason.REPLAYED.code());
        assertThat(rx.droppedTotal()).isEqualTo(3);
    }

    @Test
    void forgedSsrcsDoNotExhaustTheStreamBound() throws Exception {
        SrtpProfile p = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] k = JitsiSrtpCrossCheckTest.key(p, 5);
        byte[] s = JitsiSrtpCrossCheckTest.salt(p, 5);
        SrtpSession tx = new SrtpSession(p, k, s);
        SrtpSession rx = new SrtpSession(p, k, s, 2, 64);
        byte[] pkt = protect(tx, 1, new Random(6));
        for (int i = 0; i < 100; i++) {
            byte[] f = pkt.clone();
            f[8] = (byte) i; // another SSRC (the real one starts 0xca): does not authenticate
            assertThat(rx.unprotect(f, 0, f.length)).isEqualTo(SrtpDropReason.AUTH_FAILED.code());
        }
        assertThat(rx.streamCount()).isZero();
        assertThat(rx.unprotect(pkt.clone(), 0, pkt.length)).isPositive();
        assertThat(rx.streamCount()).isEqualTo(1);
        // the sender side enforces the bound on its own streams
        SrtpSession small = new SrtpSession(p, k, s, 1, 64);
        byte[] a = Arrays.copyOf(JitsiSrtpCrossCheckTest.rtp(1, 10, new Random(1)), 200);
        small.protect(a, 0, 34);
        byte[] b = Arrays.copyOf(JitsiSrtpCrossCheckTest.rtp(1, 10, new Random(1)), 200);
        b[11] ^= 1;
        assertThatThrownBy(() -> small.protect(b, 0, 34)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rocEstimationFollowsAppendixA() {
        assertThat(SrtpStream.estimateIndex(-1, 65535)).isEqualTo(65535);
        assertThat(SrtpStream.estimateIndex(65535, 0)).isEqualTo(65536);
        assertThat(SrtpStream.estimateIndex(65536, 65535)).isEqualTo(65535);
        assertThat(SrtpStream.estimateIndex(65536 + 100, 40000)).isEqualTo(40000);
        assertThat(SrtpStream.estimateIndex(100, 60000)).isEqualTo(60000 - 65536);
        assertThat(SrtpStream.estimateIndex(3L * 65536 + 40000, 1000)).isEqualTo(4L * 65536 + 1000);
    }

    @Test
    void misuseOfProtectThrowsIllegalArgument() throws Exception {
        SrtpSession tx = session(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] plain = JitsiSrtpCrossCheckTest.rtp(1, 10, new Random(1));
        assertThatThrownBy(() -> tx.protect(plain, 0, plain.length)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx.protect(new byte[40], 0, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SrtpSession(SrtpProfile.AEAD_AES_256_GCM, new byte[16], new byte[12]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SrtpDropReason.fromCode(SrtpDropReason.REPLAYED.code())).isEqualTo(SrtpDropReason.REPLAYED);
    }
}
