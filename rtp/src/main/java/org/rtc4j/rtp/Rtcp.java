package org.rtc4j.rtp;

import java.util.List;

/** Shared RTCP encoding helpers. */
final class Rtcp {
    private Rtcp() {
    }

    /**
     * Writes the common header (RFC 3550 §6.4.1) for a packet with {@code contentLength} bytes after
     * the header; pads to 4 bytes with the P bit when needed. Returns the total length.
     */
    static int header(byte[] out, int off, int count, int packetType, int contentLength) {
        int total = 4 + Bytes.padded(contentLength);
        int pad = total - 4 - contentLength;
        out[off] = (byte) (0x80 | (pad > 0 ? 0x20 : 0) | count);
        out[off + 1] = (byte) packetType;
        Bytes.put16(out, off + 2, total / 4 - 1);
        if (pad > 0) {
            for (int i = 1; i < pad; i++) {
                out[off + total - 1 - i] = 0;
            }
            out[off + total - 1] = (byte) pad;
        }
        return total;
    }

    static int totalLength(int contentLength) {
        return 4 + Bytes.padded(contentLength);
    }

    static void checkCount(String what, int count, int max) {
        if (count > max) {
            throw new IllegalArgumentException(count + " " + what + " (expected: at most " + max + ")");
        }
    }

    static long[] toArray(List<Long> l) {
        long[] a = new long[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }
}
