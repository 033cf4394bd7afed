package org.rtc4j.sctp;

/**
 * The association's timers: one deadline per {@link SctpTimer}, in nanoseconds on the caller's time
 * line, {@link Long#MAX_VALUE} when stopped. The next timeout is their minimum.
 */
final class TimerTable {
    static final long OFF = Long.MAX_VALUE;
    private final long[] deadlines = new long[SctpTimer.values().length];

    TimerTable() {
        java.util.Arrays.fill(deadlines, OFF);
    }

    void start(SctpTimer timer, long at) {
        deadlines[timer.ordinal()] = at;
    }

    void stop(SctpTimer timer) {
        deadlines[timer.ordinal()] = OFF;
    }

    boolean running(SctpTimer timer) {
        return deadlines[timer.ordinal()] != OFF;
    }

    /** Whether the timer runs and is due at {@code now}; a due timer is stopped (its handler may restart it). */
    boolean expire(SctpTimer timer, long now) {
        int i = timer.ordinal();
        if (deadlines[i] <= now) {
            deadlines[i] = OFF;
            return true;
        }
        return false;
    }

    void stopAll() {
        java.util.Arrays.fill(deadlines, OFF);
    }

    long earliest() {
        long min = OFF;
        for (long d : deadlines) {
            min = Math.min(min, d);
        }
        return min;
    }
}
