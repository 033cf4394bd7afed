package org.rtc4j.interop;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that other threads (event loops, child processes) make true, with a bound. */
final class Await {
    private Await() {
    }

    /**
     * Polls {@code condition} every 2 ms until it holds.
     *
     * @throws AssertionError naming {@code what} when it does not within {@code timeout}
     */
    static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Thread.sleep(2);
        }
    }
}
