package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SrtpSession#removeStream}: forgets one SSRC's receive state and leaves the others intact. */
class SrtpRemoveStreamTest {
    private static final SrtpProfile P = SrtpProfile.AES_CM_128_HMAC_SHA1_80;

    private static byte[] protect(SrtpSession tx, int ssrc, int seq) {
        byte[] plain = JitsiSrtpCrossCheckTest.rtp(seq, 20, new Random(seq));
        plain[8] = (byte) (ssrc >>> 24);
        plain[9] = (byte) (ssrc >>> 16);
        plain[10] = (byte) (ssrc >>> 8);
        plain[11] = (byte) ssrc;
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        return Arrays.copyOf(buf, tx.protect(buf, 0, plain.length));
    }

    @Test
    void removingOneOfManyCollidingStreamsKeepsTheOthers() throws Exception {
        byte[] k = JitsiSrtpCrossCheckTest.key(P, 9);
        byte[] s = JitsiSrtpCrossCheckTest.salt(P, 9);
        SrtpSession tx = new SrtpSession(P, k, s);
        SrtpSession rx = new SrtpSession(P, k, s, 8, 64); // a 16-slot table: 8 SSRCs share probe runs
        int streams = 8;
        byte[][] first = new byte[streams][];
        for (int i = 0; i < streams; i++) {
            first[i] = protect(tx, 1000 + i, 1);
            assertThat(rx.unprotect(first[i].clone(), 0, first[i].length)).isPositive();
        }
        assertThat(rx.streamCount()).isEqualTo(streams);
        byte[] next = protect(tx, 1000 + streams, 1);
        assertThat(rx.unprotect(next.clone(), 0, next.length)).isEqualTo(SrtpDropReason.TOO_MANY_STREAMS.code());

        for (int removed = 0; removed < streams; removed += 2) {
            assertThat(rx.removeStream(1000 + removed)).isTrue();
            assertThat(rx.removeStream(1000 + removed)).isFalse();
        }
        assertThat(rx.streamCount()).isEqualTo(streams / 2);
        for (int i = 0; i < streams; i++) {
            int r = rx.unprotect(first[i].clone(), 0, first[i].length);
            if (i % 2 == 0) {
                assertThat(r).as("SSRC %d was removed: its replay state is new", i).isPositive();
            } else {
                assertThat(r).as("SSRC %d was kept", i).isEqualTo(SrtpDropReason.REPLAYED.code());
            }
        }
        assertThat(rx.streamCount()).isEqualTo(streams);
    }

    @Test
    void aStreamThisSessionProtectedCannotBeRemoved() throws Exception {
        SrtpSession tx = new SrtpSession(P, JitsiSrtpCrossCheckTest.key(P, 9), JitsiSrtpCrossCheckTest.salt(P, 9));
        protect(tx, 7, 1);
        assertThatThrownBy(() -> tx.removeStream(7)).isInstanceOf(IllegalStateException.class);
        assertThat(tx.removeStream(8)).isFalse();
    }
}
