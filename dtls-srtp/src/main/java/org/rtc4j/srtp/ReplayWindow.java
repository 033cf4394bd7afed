package org.rtc4j.srtp;

import java.util.Arrays;

/**
 * The receiver's replay list of RFC 3711 §3.3.2: the highest index accepted so far and a bitmap of
 * the {@code size} indices below and including it. The bitmap is a ring of longs indexed by
 * {@code index mod capacity}, where the capacity is the smallest power of two of at least
 * {@code size} bits, so advancing clears bits instead of shifting words and indexing is a mask. Bits
 * of indices more than {@code size} below the highest are never read: such indices are too old.
 * Not thread-safe.
 */
final class ReplayWindow {
    private final long[] bits;
    private final int size;
    private final int mask;
    private long highest = -1;

    /** @param size a multiple of 64, at least 64 */
    ReplayWindow(int size) {
        int capacity = Integer.highestOneBit(size - 1) << 1;
        this.size = size;
        this.mask = capacity - 1;
        this.bits = new long[capacity >>> 6];
    }

    /** 0 if {@code index} may be accepted, else the negative {@link SrtpDropReason} code. */
    int check(long index) {
        if (index > highest) {
            return index < 0 ? SrtpDropReason.TOO_OLD.code() : 0;
        }
        if (index < 0 || highest - index >= size) {
            return SrtpDropReason.TOO_OLD.code();
        }
        int bit = (int) index & mask;
        return (bits[bit >>> 6] & (1L << bit)) != 0 ? SrtpDropReason.REPLAYED.code() : 0;
    }

    /** Records {@code index} as received; call only after {@link #check} returned 0 and it authenticated. */
    void accept(long index) {
        if (index > highest) {
            long delta = highest < 0 ? Long.MAX_VALUE : index - highest;
            if (delta > mask) {
                Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    int b = (int) i & mask;
                    bits[b >>> 6] &= ~(1L << b);
                }
            }
            highest = index;
        }
        int bit = (int) index & mask;
        bits[bit >>> 6] |= 1L << bit;
    }

    long highest() {
        return highest;
    }
}
