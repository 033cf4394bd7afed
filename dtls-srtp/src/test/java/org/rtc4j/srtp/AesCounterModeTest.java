package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The keystream does not depend on where the data sits in its buffer (the fast and the far-offset path). */
class AesCounterModeTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 12, 1000, AesCounterMode.ALIGNED_LIMIT - 1300, AesCounterMode.ALIGNED_LIMIT - 5, 70_001})
    void sameKeystreamAtAnyOffset(int off) throws Exception {
        Random rnd = new Random(off);
        byte[] key = new byte[16];
        rnd.nextBytes(key);
        long hi = rnd.nextLong();
        long lo = rnd.nextLong();
        byte[] data = new byte[1187];
        rnd.nextBytes(data);

        byte[] expected = data.clone();
        new AesCounterMode(key).apply(hi, lo, expected, 0, expected.length);

        AesCounterMode cm = new AesCounterMode(key);
        byte[] buf = new byte[off + data.length + 3];
        System.arraycopy(data, 0, buf, off, data.length);
        cm.apply(hi, lo, buf, off, data.length);
        assertThat(Arrays.copyOfRange(buf, off, off + data.length)).isEqualTo(expected);
        assertThat(Arrays.copyOfRange(buf, off + data.length, buf.length)).containsOnly(0);
        cm.apply(hi, lo, buf, off, data.length); // the same keystream again: back to the data
        assertThat(Arrays.copyOfRange(buf, off, off + data.length)).isEqualTo(data);
    }
}
