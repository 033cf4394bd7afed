package org.rtc4j.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events a {@link RemotePeer} has sent so far, in order, with waits on them: filled by the one
 * thread that receives the peer's events, read and awaited from any other. Bounded: past
 * {@link #BOUND} events the log ends itself (a peer that floods fails the test, it does not exhaust
 * the heap).
 */
final class PeerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PeerEvents.class);
    /** The most events kept. */
    static final int BOUND = 100_000;

    private final String name;
    private final Supplier<String> diagnostics;
    private final List<JsonLine> events = new ArrayList<>();
    private final List<Consumer<JsonLine>> listeners = new CopyOnWriteArrayList<>();
    private String endReason;

    /**
     * @param name the peer's short name, for messages
     * @param diagnostics what a failed wait prints (the peer's events and its own log)
     */
    PeerEvents(String name, Supplier<String> diagnostics) {
        this.name = name;
        this.diagnostics = diagnostics;
    }

    /**
     * Records one event, wakes the waiters and calls the listeners (on the calling thread).
     *
     * @return false if the log is full or ended; the event was dropped and the log has ended
     */
    boolean add(JsonLine event) {
        synchronized (events) {
            if (endReason != null) {
                return false;
            }
            if (events.size() >= BOUND) {
                endReason = "more than " + BOUND + " events";
                events.notifyAll();
                return false;
            }
            events.add(event);
            events.notifyAll();
        }
        for (Consumer<JsonLine> listener : listeners) {
            notify(listener, event);
        }
        return true;
    }

    /** No more events will come (the peer exited, or its channel failed); waits fail at once with {@code reason}. */
    void end(String reason) {
        synchronized (events) {
            if (endReason == null) {
                endReason = reason;
            }
            events.notifyAll();
        }
    }

    /** Why the log ended, or null while it is open. */
    String endReason() {
        synchronized (events) {
            return endReason;
        }
    }

    /** See {@link RemotePeer#forEachEvent}. */
    void forEachEvent(Consumer<JsonLine> listener) {
        List<JsonLine> past;
        synchronized (events) {
            past = List.copyOf(events);
            listeners.add(listener);
        }
        past.forEach(e -> notify(listener, e));
    }

    private void notify(Consumer<JsonLine> listener, JsonLine event) {
        try {
            listener.accept(event);
        } catch (RuntimeException | AssertionError e) {
            LOG.warn("{}: a listener failed on {}", name, event, e);
        }
    }

    List<JsonLine> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** See {@link RemotePeer#await}. */
    JsonLine await(Predicate<JsonLine> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            int checked = 0;
            while (true) {
                for (; checked < events.size(); checked++) {
                    if (condition.test(events.get(checked))) {
                        return events.get(checked);
                    }
                }
                waitOrFail(deadline, timeout, "an event");
            }
        }
    }

    /** See {@link RemotePeer#awaitCount}. */
    void awaitCount(Predicate<JsonLine> condition, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            int checked = 0;
            int matched = 0;
            while (true) {
                for (; checked < events.size(); checked++) {
                    if (condition.test(events.get(checked))) {
                        matched++;
                    }
                }
                if (matched >= count) {
                    return;
                }
                waitOrFail(deadline, timeout, count + " events (" + matched + " so far)");
            }
        }
    }

    /** Waits on the log (holding its lock) until woken or the deadline; fails if it passed or the log ended. */
    private void waitOrFail(long deadline, Duration timeout, String what) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (endReason != null || left <= 0) {
            String why = endReason != null ? name + " ended (" + endReason + ")" : "timed out after " + timeout;
            throw new AssertionError(why + " waiting for " + what + "\n" + diagnostics.get());
        }
        TimeUnit.NANOSECONDS.timedWait(events, left);
    }

    /** The events, one a line, each cut at 300 characters. */
    String describe() {
        StringBuilder sb = new StringBuilder(name).append(" events:\n");
        for (JsonLine e : events()) {
            String s = e.toString();
            sb.append("  ").append(s.length() > 300 ? s.substring(0, 300) + "..." : s).append('\n');
        }
        String reason = endReason();
        if (reason != null) {
            sb.append("ended: ").append(reason).append('\n');
        }
        return sb.toString();
    }
}
