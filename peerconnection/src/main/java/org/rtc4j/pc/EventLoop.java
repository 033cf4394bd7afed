package org.rtc4j.pc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network thread: a NIO {@link Selector} over the UDP sockets of many peer connections (and the
 * TCP connections to TURN servers reached over TCP or TLS), a queue of
 * tasks from other threads, and timers. Everything a peer connection's protocol layers do happens
 * here, so they need no locks; the loop never blocks except in {@code select}.
 *
 * <p>Time for the layers comes from the loop's {@link Clock} ({@link #now()}), read once per wake-up.
 * Tasks and timers run in order; a task that throws is logged and does not stop the loop.
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    /** Receive buffer: the largest UDP payload. */
    private static final int MAX_DATAGRAM = 65_536;

    /** What a registered socket's owner does with a datagram; the buffer is the loop's, valid during the call. */
    @FunctionalInterface
    public interface DatagramHandler {
        void onDatagram(DatagramChannel channel, java.net.InetSocketAddress from, ByteBuffer data);
    }

    /**
     * What a registered stream socket's owner does when the selector found it ready. The owner does the
     * I/O itself (non-blocking) and changes what it waits for with {@link SelectionKey#interestOps(int)};
     * a handler that throws is logged and its key is left as it is.
     */
    @FunctionalInterface
    public interface StreamHandler {
        /** On the loop thread; {@code key.readyOps()} says which of connect, read and write are ready. */
        void onReady(SelectionKey key);
    }

    /**
     * A scheduled task; {@link #cancel()} on the loop thread. A cancelled timer stays in the loop's queue
     * until it is due, but drops its task, so it keeps nothing else reachable (a closed connection's
     * timer does not hold the connection).
     */
    public static final class Timer {
        private final Instant at;
        private final long seq;
        private Runnable task;
        private boolean cancelled;

        private Timer(Instant at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        public void cancel() {
            cancelled = true;
            task = null;
        }

        public Instant at() {
            return at;
        }
    }

    private final String name;
    private final Clock clock;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at.equals(b.at)
            ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private long timerSeq;
    private volatile boolean running = true;
    private Instant now;

    /** Starts a loop thread named {@code name} with the system clock. */
    public EventLoop(String name) {
        this(name, Clock.systemUTC());
    }

    public EventLoop(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.now = clock.instant();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Timers in the queue, cancelled ones included (for tests). */
    int queuedTimers() {
        return timers.size();
    }

    /** Whether the caller runs on this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The loop's time: the clock read at the start of the current wake-up (on the loop thread). */
    public Instant now() {
        return now;
    }

    /** Runs {@code task} on the loop, after the tasks queued before it. Thread-safe. */
    public void execute(Runnable task) {
        if (!running) {
            throw new IllegalStateException("event loop " + name + " is closed");
        }
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop at {@code at} (or soon after); on the loop thread. */
    public Timer schedule(Instant at, Runnable task) {
        requireLoop();
        Timer timer = new Timer(at, timerSeq++, task);
        timers.add(timer);
        return timer;
    }

    /**
     * Registers a non-blocking socket; {@code handler} gets each datagram on the loop thread. On the
     * loop thread.
     */
    public SelectionKey register(DatagramChannel channel, DatagramHandler handler) throws ClosedChannelException {
        requireLoop();
        return channel.register(selector, SelectionKey.OP_READ, handler);
    }

    /**
     * Registers a non-blocking stream socket (connecting or connected) for the readiness in {@code ops}
     * ({@link SelectionKey#OP_CONNECT}, {@code OP_READ}, {@code OP_WRITE}); {@code handler} is called on
     * the loop thread each time one of them is ready. Cancel the key or close the channel to unregister.
     * On the loop thread.
     */
    public SelectionKey register(SocketChannel channel, int ops, StreamHandler handler) throws ClosedChannelException {
        requireLoop();
        return channel.register(selector, ops, handler);
    }

    private void requireLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("not on event loop " + name + " (expected: the loop thread)");
        }
    }

    private void run() {
        try {
            while (running) {
                long waitMillis = 0;
                Timer next = timers.peek();
                if (tasks.isEmpty()) {
                    waitMillis = next == null ? 1000 : Math.max(1, Duration.between(clock.instant(), next.at).toMillis());
                }
                if (waitMillis > 0 && tasks.isEmpty()) {
                    selector.select(waitMillis);
                } else {
                    selector.selectNow();
                }
                now = clock.instant();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.attachment() instanceof StreamHandler stream) {
                        onStreamReady(key, stream);
                    } else if (key.isValid() && key.isReadable()) {
                        readAll(key);
                    }
                }
                selector.selectedKeys().clear();
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    runSafely(task);
                }
                now = clock.instant();
                while ((next = timers.peek()) != null && !next.at.isAfter(now)) {
                    timers.poll();
                    if (!next.cancelled) {
                        runSafely(next.task);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("event loop {} died", name, e);
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            stopped.countDown();
        }
    }

    private void readAll(SelectionKey key) {
        DatagramChannel channel = (DatagramChannel) key.channel();
        DatagramHandler handler = (DatagramHandler) key.attachment();
        for (int i = 0; i < 64; i++) { // bounded, so one busy socket cannot starve the others
            buffer.clear();
            java.net.InetSocketAddress from;
            try {
                from = (java.net.InetSocketAddress) channel.receive(buffer);
            } catch (IOException e) {
                LOG.debug("receive on {} failed: {}", channel, e.getMessage());
                return;
            }
            if (from == null) {
                return;
            }
            buffer.flip();
            try {
                handler.onDatagram(channel, from, buffer);
            } catch (RuntimeException e) {
                LOG.warn("a datagram handler on {} failed", name, e);
            }
        }
    }

    private void onStreamReady(SelectionKey key, StreamHandler handler) {
        try {
            handler.onReady(key);
        } catch (RuntimeException e) {
            LOG.warn("a stream handler on {} failed", name, e);
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("a task on event loop {} failed", name, e);
        }
    }

    /** Stops the loop and waits up to 5 s for its thread to end. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + "]";
    }
}
