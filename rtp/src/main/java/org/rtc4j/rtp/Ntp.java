package org.rtc4j.rtp;

import java.time.Instant;

/** NTP timestamps (RFC 5905 §6, as RTCP uses them, RFC 3550 §4) from and to times. */
final class Ntp {
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
    static final long EPOCH_OFFSET = 2_208_988_800L;

    private Ntp() {
    }

    /** The 64-bit NTP timestamp of a time given as nanoseconds since the Unix epoch. */
    static long fromNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        return (seconds + EPOCH_OFFSET) << 32 | (nanos << 32) / 1_000_000_000L;
    }

    /** The middle 32 bits (LSR, DLRR's LRR). */
    static long middle(long ntp) {
        return ntp >>> 16 & 0xFFFFFFFFL;
    }

    /** Nanoseconds since the Unix epoch of an NTP timestamp (era 0). */
    static long toNanos(long ntp) {
        long seconds = (ntp >>> 32) - EPOCH_OFFSET;
        long fraction = ntp & 0xFFFFFFFFL;
        return seconds * 1_000_000_000L + (fraction * 1_000_000_000L >>> 32);
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** A span in 1/65536 s (DLSR, DLRR) as nanoseconds. */
    static long shortToNanos(long units) {
        return units * 1_000_000_000L >>> 16;
    }

    /** Nanoseconds as 1/65536 s, saturating at 32 bits. */
    static long nanosToShort(long nanos) {
        return Math.min(0xFFFFFFFFL, Math.max(0, (nanos << 16) / 1_000_000_000L));
    }
}
