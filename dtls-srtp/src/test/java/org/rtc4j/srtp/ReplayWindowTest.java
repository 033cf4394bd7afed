package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replay window against a plain model (a set of accepted indices), for power-of-two and other sizes. */
class ReplayWindowTest {

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 192, 320, 1024})
    void agreesWithASetOfAcceptedIndices(int size) {
        ReplayWindow w = new ReplayWindow(size);
        Set<Long> accepted = new HashSet<>();
        long highest = -1;
        Random rnd = new Random(size);
        long next = 0;
        for (int step = 0; step < 200_000; step++) {
            long index;
            int kind = rnd.nextInt(10);
            if (kind < 6) {
                index = next++;                                  // in order
            } else if (kind < 9) {
                index = next - 1 - rnd.nextInt(2 * size + 2);    // late, replayed or too old
            } else {
                next += rnd.nextInt(3 * size);                   // a jump ahead
                index = next++;
            }
            int expected = index > highest ? 0
                    : index < 0 || highest - index >= size ? SrtpDropReason.TOO_OLD.code()
                    : accepted.contains(index) ? SrtpDropReason.REPLAYED.code() : 0;
            assertThat(w.check(index)).as("step %d index %d highest %d", step, index, highest).isEqualTo(expected);
            if (expected == 0) {
                w.accept(index);
                accepted.add(index);
                highest = Math.max(highest, index);
            }
        }
        assertThat(w.highest()).isEqualTo(highest);
    }
}
