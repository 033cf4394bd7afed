package org.rtc4j.sctp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Messages waiting for their first transmission, in the order they were sent, with the per-stream
 * state the sender keeps: the next SSN, the buffered amount and its low threshold, and whether the
 * stream is being reset. Bounded by the configured send buffer.
 */
final class SendQueue {
    /** Per outbound stream. */
    private static final class OutStream {
        final int id;
        int nextSsn;
        long buffered;
        long lowThreshold;
        int queuedMessages;
        boolean resetting;

        OutStream(int id) {
            this.id = id;
        }
    }

    private final ArrayDeque<OutboundMessage> queue = new ArrayDeque<>();
    private final Map<Integer, OutStream> streams = new HashMap<>();
    private final ArrayDeque<SctpEvent> events;
    private final long maxBuffered;
    private long totalBuffered;
    private long abandonedMessages;

    SendQueue(long maxBuffered, ArrayDeque<SctpEvent> events) {
        this.maxBuffered = maxBuffered;
        this.events = events;
    }

    void add(OutboundMessage m) {
        OutStream s = stream(m.stream);
        if (s.resetting) {
            throw new IllegalStateException("stream " + m.stream + " is being reset (closed)");
        }
        if (totalBuffered + m.data.length > maxBuffered) {
            throw new IllegalStateException("send buffer full: " + totalBuffered + " + " + m.data.length
                    + " bytes (expected: at most " + maxBuffered + ")");
        }
        queue.add(m);
        s.buffered += m.data.length;
        s.queuedMessages++;
        totalBuffered += m.data.length;
    }

    /** The next message with bytes to send, dropping those abandoned or expired before their first byte went out. */
    OutboundMessage peek(long now) {
        OutboundMessage m;
        while ((m = queue.peek()) != null) {
            if (!m.abandoned && (m.nextOffset > 0 || now < m.expiresAt)) {
                return m;
            }
            if (!m.abandoned) {
                m.abandoned = true;
                abandonedMessages++;
            }
            remove(m);
        }
        return null;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** {@code bytes} of the head message were put into a DATA chunk. */
    void consumed(OutboundMessage m, int bytes) {
        m.nextOffset += bytes;
        account(stream(m.stream), -bytes);
        if (m.unsent() == 0) {
            queue.poll();
            stream(m.stream).queuedMessages--;
        }
    }

    /** The SSN for a message's first fragment: the stream's next one if ordered (then advanced). */
    int assignSsn(OutboundMessage m) {
        if (m.unordered) {
            return 0;
        }
        OutStream s = stream(m.stream);
        m.ssn = s.nextSsn;
        s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
        return m.ssn;
    }

    /** Drops what is left of an abandoned message (RFC 3758 §3.5). */
    void abandon(OutboundMessage m) {
        if (m.unsent() > 0 && queue.contains(m)) {
            remove(m);
        }
    }

    private void remove(OutboundMessage m) {
        queue.remove(m);
        OutStream s = stream(m.stream);
        s.queuedMessages--;
        account(s, -m.unsent());
        m.nextOffset = m.data.length;
    }

    long abandonedMessages() {
        return abandonedMessages;
    }

    long buffered(int stream) {
        OutStream s = streams.get(stream);
        return s == null ? 0 : s.buffered;
    }

    void setLowThreshold(int stream, long threshold) {
        stream(stream).lowThreshold = threshold;
    }

    boolean hasQueued(int stream) {
        OutStream s = streams.get(stream);
        return s != null && s.queuedMessages > 0;
    }

    boolean resetting(int stream) {
        OutStream s = streams.get(stream);
        return s != null && s.resetting;
    }

    void markResetting(int stream) {
        stream(stream).resetting = true;
    }

    /** The stream's reset completed: SSNs start again at 0 and it may be used again. */
    void resetDone(int stream) {
        OutStream s = streams.get(stream);
        if (s != null) {
            s.nextSsn = 0;
            s.resetting = false;
            if (s.queuedMessages == 0 && s.buffered == 0 && s.lowThreshold == 0) {
                streams.remove(stream);
            }
        }
    }

    private void account(OutStream s, long delta) {
        long before = s.buffered;
        s.buffered += delta;
        totalBuffered += delta;
        if (before > s.lowThreshold && s.buffered <= s.lowThreshold) {
            events.add(new SctpEvent.BufferedAmountLow(s.id));
        }
    }

    private OutStream stream(int id) {
        return streams.computeIfAbsent(id, OutStream::new);
    }
}
