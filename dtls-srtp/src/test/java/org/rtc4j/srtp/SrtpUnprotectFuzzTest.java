package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the receive side of SRTP and SRTCP, for every profile: whatever the
 * bytes, {@code unprotect} and {@code unprotectRtcp} return a length or a negative drop code, never
 * throw, never write outside the given range, and keep working for genuine packets afterwards.
 *
 * <p>Replay: {@code mvn -pl dtls-srtp test}. Fuzz: {@code JAZZER_FUZZ=1 mvn -pl dtls-srtp test
 * -Dtest='SrtpUnprotectFuzzTest#unprotectAnything'}.
 */
class SrtpUnprotectFuzzTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] SALT = new byte[14];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 1);
        }
        for (int i = 0; i < SALT.length; i++) {
            SALT[i] = (byte) (i * 3 + 2);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void unprotectAnything(byte[] input) throws Exception {
        for (SrtpProfile profile : SrtpProfile.values()) {
            byte[] key = Arrays.copyOf(KEY, profile.keyLength());
            byte[] salt = Arrays.copyOf(SALT, profile.saltLength());
            SrtpSession rx = new SrtpSession(profile, key, salt, 4, 64);
            // The input sits inside a larger buffer whose guard bytes must stay untouched.
            byte[] buf = new byte[input.length + 32];
            Arrays.fill(buf, (byte) 0x5A);
            System.arraycopy(input, 0, buf, 16, input.length);
            int n = rx.unprotect(buf, 16, input.length);
            assertThat(n).isLessThanOrEqualTo(input.length);
            int m = rx.unprotectRtcp(buf, 16, input.length);
            assertThat(m).isLessThanOrEqualTo(input.length);
            for (int i = 0; i < 16; i++) {
                assertThat(buf[i]).isEqualTo((byte) 0x5A);
                assertThat(buf[buf.length - 1 - i]).isEqualTo((byte) 0x5A);
            }
            // A genuine packet still passes after the hostile one.
            SrtpSession tx = new SrtpSession(profile, key, salt);
            byte[] rtp = new byte[12 + 20 + 64];
            rtp[0] = (byte) 0x80;
            rtp[1] = 96;
            rtp[3] = 7;
            rtp[11] = 9;
            int len = tx.protect(rtp, 0, 12 + 20);
            assertThat(rx.unprotect(rtp, 0, len)).isEqualTo(32);
        }
    }
}
