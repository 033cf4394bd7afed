package org.rtc4j.capture;

import java.util.concurrent.locks.LockSupport;

import org.rtc4j.media.MediaException;
import org.rtc4j.media.MediaSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread behind a source: runs {@link #produce} until stopped, and paces output to a deadline on
 * {@link System#nanoTime()} ({@link #waitUntil}: the thread parks until the frame is due, so a slow
 * consumer delays but never accumulates). {@link #stop()} interrupts and joins.
 *
 * @param <S> the sink type
 */
abstract class PacedSource<S> implements MediaSource<S> {
    private static final Logger LOG = LoggerFactory.getLogger(PacedSource.class);
    private final String name;
    private Thread thread;
    protected volatile boolean running;

    PacedSource(String name) {
        this.name = name;
    }

    @Override
    public synchronized void start(S sink) throws MediaException {
        if (thread != null) {
            throw new IllegalStateException(name + " already started");
        }
        prepare();
        running = true;
        thread = new Thread(() -> {
            try {
                produce(sink);
            } catch (MediaException | RuntimeException e) {
                if (running) {
                    LOG.warn("{} stopped: {}", name, e.toString());
                }
            } finally {
                running = false;
                release();
            }
        }, "rtc4j-capture-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens what the source needs, on the caller's thread, so errors reach {@link #start}. */
    void prepare() throws MediaException {
    }

    /** Produces frames until {@link #running} turns false. */
    abstract void produce(S sink) throws MediaException;

    /** Frees what {@link #prepare} opened, on the source thread after the last frame. */
    void release() {
    }

    /** Parks until {@code deadlineNanos}; false when stopped meanwhile. */
    boolean waitUntil(long deadlineNanos) {
        long left;
        while (running && (left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
        return running;
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            t = thread;
            running = false;
        }
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the thread is still producing. */
    public boolean isRunning() {
        return running;
    }
}
