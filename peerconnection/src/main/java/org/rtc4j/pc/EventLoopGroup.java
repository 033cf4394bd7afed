package org.rtc4j.pc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few {@link EventLoop}s that serve many peer connections: each new connection takes the next loop
 * in turn. {@link #shared()} is a process-wide group with one loop per core (at most 4), created on
 * first use, whose daemon threads live as long as the process.
 */
public final class EventLoopGroup implements AutoCloseable {
    private static volatile EventLoopGroup shared;

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    public EventLoopGroup(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " (expected: at least 1)");
        }
        loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop(name + "-" + i);
        }
    }

    /** The process-wide group. */
    public static EventLoopGroup shared() {
        EventLoopGroup g = shared;
        if (g == null) {
            synchronized (EventLoopGroup.class) {
                g = shared;
                if (g == null) {
                    g = new EventLoopGroup("rtc4j-loop", Math.min(4, Runtime.getRuntime().availableProcessors()));
                    shared = g;
                }
            }
        }
        return g;
    }

    /** The loop for the next connection. */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.close();
        }
    }
}
