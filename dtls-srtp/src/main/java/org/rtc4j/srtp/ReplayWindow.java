package org.rtc4j.srtp;

/**
 * The receiver's replay list of RFC 3711 §3.3.2: the highest index accepted so far and a bitmap of
 * the {@code size} indices below and including it. The bitmap is a ring of longs indexed by
 * {@code index mod size}, so advancing clears bits instead of shifting words. Not thread-safe.
 */
final class ReplayWindow {
    private final long[] bits;
    private final int size;
    private long highest = -1;

    /** @param size a multiple of 64, at least 64 */
    ReplayWindow(int size) {
        this.size = size;
        this.bits = new long[size >>> 6];
    }

    /** 0 if {@code index} may be accepted, else the negative {@link SrtpDropReason} code. */
    int check(long index) {
        if (index < 0) {
            return SrtpDropReason.TOO_OLD.code();
        }
        if (index > highest) {
            return 0;
        }
        if (highest - index >= size) {
            return SrtpDropReason.TOO_OLD.code();
        }
        int bit = (int) (index % size);
        return (bits[bit >>> 6] & (1L << bit)) != 0 ? SrtpDropReason.REPLAYED.code() : 0;
    }

    /** Records {@code index} as received; call only after {@link #check} returned 0 and it authenticated. */
    void accept(long index) {
        if (index > highest) {
            long delta = highest < 0 ? size : index - highest;
            if (delta >= size) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    int b = (int) (i % size);
                    bits[b >>> 6] &= ~(1L << b);
                }
            }
            highest = index;
        }
        int bit = (int) (index % size);
        bits[bit >>> 6] |= 1L << bit;
    }

    long highest() {
        return highest;
    }
}
