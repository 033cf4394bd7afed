package org.rtc4j.sctp;

/** Serial number arithmetic on 32-bit TSNs and request sequence numbers (RFC 9260 §3.3.1, RFC 1982). */
final class Tsn {
    private Tsn() {
    }

    /** {@code a - b} as a signed distance, for TSNs less than 2^31 apart. */
    static int diff(long a, long b) {
        return (int) (a - b);
    }

    static boolean after(long a, long b) {
        return diff(a, b) > 0;
    }

    static long add(long tsn, long n) {
        return (tsn + n) & 0xFFFFFFFFL;
    }

    /** SSNs are 16-bit serial numbers. */
    static boolean ssnAfter(int a, int b) {
        return (short) (a - b) > 0;
    }
}
