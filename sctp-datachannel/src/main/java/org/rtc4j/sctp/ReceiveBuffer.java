package org.rtc4j.sctp;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The receiving half of an association (RFC 9260 §6.2, §6.5, §6.9; RFC 3758 §3.6): which TSNs arrived
 * (for the cumulative ack, gap blocks and duplicates of a SACK), reassembly of fragmented messages
 * and delivery in stream-sequence order, bounded by the receive window.
 *
 * <p>Data that arrives in TSN order goes straight into the message being assembled; data above a gap
 * is copied into a ring indexed by TSN until the gap fills. A single-fragment unordered message is
 * delivered at once even above a gap. At most {@link #MAX_TSN_WINDOW} TSNs beyond the cumulative ack
 * are tracked, and at most the receive window in bytes is held (fragments, partial and waiting
 * messages, and delivered messages the application has not drained).
 */
final class ReceiveBuffer {
    /** The farthest a TSN may be above the cumulative ack and still be kept. */
    static final int MAX_TSN_WINDOW = 1 << 16;
    private static final int MAX_DUPLICATES = 32;

    /** What {@link #onData} did with a chunk. */
    enum Outcome { IN_ORDER, OUT_OF_ORDER, DUPLICATE, OUT_OF_WINDOW }

    /** A DATA chunk held above a gap; {@code data == null} once delivered early. */
    private static final class Held {
        final long tsn;
        final int stream;
        final int ssn;
        final long ppid;
        final int flags;
        byte[] data;

        Held(long tsn, int stream, int ssn, long ppid, int flags, byte[] data) {
            this.tsn = tsn;
            this.stream = stream;
            this.ssn = ssn;
            this.ppid = ppid;
            this.flags = flags;
            this.data = data;
        }
    }

    /** Per inbound stream: the next SSN to deliver and complete messages waiting for it. */
    private static final class InboundStream {
        int nextSsn;
        final Map<Integer, SctpEvent.Message> waiting = new HashMap<>();
    }

    private final int receiveWindow;
    private final int maxMessageSize;
    private final ArrayDeque<SctpEvent> events;
    private final Map<Integer, InboundStream> streams = new HashMap<>();
    private Held[] ring = new Held[64];
    private long cumTsn;
    private long highestTsn;
    private long heldBytes;
    private final long[] duplicates = new long[MAX_DUPLICATES];
    private int duplicateCount;

    // The message being assembled from in-order fragments (without I-DATA, at most one at a time).
    private boolean partialActive;
    private int partialStream;
    private int partialSsn;
    private long partialPpid;
    private int partialFlags;
    private byte[] partial = new byte[0];
    private int partialLength;
    private long partialTotal;

    private long undrainedBytes;
    private long messagesDelivered;
    private long bytesDelivered;

    ReceiveBuffer(int receiveWindow, int maxMessageSize, ArrayDeque<SctpEvent> events) {
        this.receiveWindow = receiveWindow;
        this.maxMessageSize = maxMessageSize;
        this.events = events;
    }

    /** Starts tracking at the peer's initial TSN. */
    void reset(long peerInitialTsn) {
        cumTsn = Tsn.add(peerInitialTsn, -1);
        highestTsn = cumTsn;
    }

    long cumulativeTsn() {
        return cumTsn;
    }

    /** Whether TSNs above the cumulative ack are missing. */
    boolean hasGaps() {
        return highestTsn != cumTsn;
    }

    /** Bytes held for reassembly and ordering (not yet delivered). */
    long heldBytes() {
        return heldBytes;
    }

    /** Bytes delivered as events that the application has not taken yet. */
    long undrainedBytes() {
        return undrainedBytes;
    }

    /** The application took a delivered message. */
    void drained(int bytes) {
        undrainedBytes -= bytes;
    }

    long messagesDelivered() {
        return messagesDelivered;
    }

    long bytesDelivered() {
        return bytesDelivered;
    }

    /**
     * Takes one DATA chunk whose value is {@code b[off, off + len)} (at least 13 bytes).
     *
     * @param freeWindow the receive window left, in bytes; a chunk that does not fit is dropped unless it
     *                   fills a gap (RFC 9260 §6.2)
     */
    Outcome onData(byte[] b, int off, int len, int flags, long freeWindow) {
        long tsn = DataChunk.tsn(b, off);
        int distance = Tsn.diff(tsn, cumTsn);
        if (distance <= 0) {
            recordDuplicate(tsn);
            return Outcome.DUPLICATE;
        }
        if (distance > MAX_TSN_WINDOW) {
            return Outcome.OUT_OF_WINDOW;
        }
        if (slot(tsn) != null) {
            recordDuplicate(tsn);
            return Outcome.DUPLICATE;
        }
        int dataLength = len - DataChunk.HEADER_LENGTH;
        if (dataLength > freeWindow && Tsn.after(tsn, highestTsn)) {
            return Outcome.OUT_OF_WINDOW;
        }
        if (Tsn.after(tsn, highestTsn)) {
            highestTsn = tsn;
        }
        int stream = DataChunk.streamId(b, off);
        int ssn = DataChunk.ssn(b, off);
        long ppid = DataChunk.ppid(b, off);
        if (distance == 1) {
            cumTsn = tsn;
            assemble(stream, ssn, ppid, flags, b, off + DataChunk.HEADER_LENGTH, dataLength);
            advanceOverHeld();
            return Outcome.IN_ORDER;
        }
        byte[] data = Arrays.copyOfRange(b, off + DataChunk.HEADER_LENGTH, off + len);
        Held held = new Held(tsn, stream, ssn, ppid, flags, data);
        store(held);
        if ((flags & (DataChunk.BEGINNING | DataChunk.END | DataChunk.UNORDERED))
                == (DataChunk.BEGINNING | DataChunk.END | DataChunk.UNORDERED)) {
            deliver(new SctpEvent.Message(stream, ppid, true, data));
            held.data = null;
        } else {
            heldBytes += dataLength;
        }
        return Outcome.OUT_OF_ORDER;
    }

    /**
     * A FORWARD-TSN (RFC 3758 §3.6): every TSN up to {@code newCumulativeTsn} counts as received;
     * complete messages among them are delivered, partial ones dropped, and the listed ordered streams
     * skip to after the given SSNs.
     */
    void onForwardTsn(long newCumulativeTsn, int[] streamIds, int[] ssns) {
        int distance = Tsn.diff(newCumulativeTsn, cumTsn);
        if (distance <= 0 || distance > MAX_TSN_WINDOW) {
            return;
        }
        while (cumTsn != newCumulativeTsn) {
            cumTsn = Tsn.add(cumTsn, 1);
            Held held = take(cumTsn);
            if (held == null) {
                dropPartial();
            } else if (held.data != null) {
                heldBytes -= held.data.length;
                assemble(held.stream, held.ssn, held.ppid, held.flags, held.data, 0, held.data.length);
            }
        }
        dropPartial();
        if (Tsn.after(cumTsn, highestTsn)) {
            highestTsn = cumTsn;
        }
        for (int i = 0; i < streamIds.length; i++) {
            InboundStream s = stream(streamIds[i]);
            // Deliver what completed up to the skipped SSN, then move past it.
            while (!Tsn.ssnAfter(s.nextSsn, ssns[i])) {
                SctpEvent.Message waiting = s.waiting.remove(s.nextSsn);
                if (waiting != null && waiting.data() != null) {
                    heldBytes -= waiting.data().length;
                    deliver(waiting);
                }
                s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            }
            drainWaiting(s);
        }
        advanceOverHeld();
    }

    /** Starts the inbound streams again at SSN 0 (RFC 6525 §5.2.2). */
    void resetStreams(int[] streamIds) {
        if (streamIds.length == 0) {
            streams.clear();
            return;
        }
        for (int id : streamIds) {
            InboundStream s = streams.remove(id);
            if (s != null) {
                for (SctpEvent.Message m : s.waiting.values()) {
                    heldBytes -= m.data() == null ? 0 : m.data().length;
                }
            }
        }
    }

    /**
     * Writes a SACK chunk (RFC 9260 §3.3.4) at {@code out[off]} with as many gap blocks and
     * duplicates as fit in {@code room} bytes, and forgets the duplicates it reported.
     *
     * @return the bytes written, padded
     */
    int writeSack(byte[] out, int off, int room, long aRwnd) {
        int maxEntries = (room - 4 - SackChunk.FIXED_LENGTH) / 4;
        int p = off + 4 + SackChunk.FIXED_LENGTH;
        int gaps = 0;
        if (hasGaps()) {
            int span = Tsn.diff(highestTsn, cumTsn);
            int i = 1;
            while (i <= span && gaps < maxEntries) {
                while (i <= span && slot(Tsn.add(cumTsn, i)) == null) {
                    i++;
                }
                if (i > span) {
                    break;
                }
                int start = i;
                while (i <= span && slot(Tsn.add(cumTsn, i)) != null) {
                    i++;
                }
                if (start > 0xFFFF) {
                    break;
                }
                Bytes.put16(out, p, start);
                Bytes.put16(out, p + 2, Math.min(i - 1, 0xFFFF));
                p += 4;
                gaps++;
            }
        }
        int dups = Math.min(duplicateCount, maxEntries - gaps);
        for (int i = 0; i < dups; i++, p += 4) {
            Bytes.put32(out, p, duplicates[i]);
        }
        duplicateCount = 0;
        out[off] = SctpChunk.SACK;
        out[off + 1] = 0;
        Bytes.put16(out, off + 2, p - off);
        Bytes.put32(out, off + 4, cumTsn);
        Bytes.put32(out, off + 8, aRwnd);
        Bytes.put16(out, off + 12, gaps);
        Bytes.put16(out, off + 14, dups);
        return p - off;
    }

    private void recordDuplicate(long tsn) {
        if (duplicateCount < MAX_DUPLICATES) {
            duplicates[duplicateCount++] = tsn;
        }
    }

    private void advanceOverHeld() {
        Held held;
        while ((held = take(Tsn.add(cumTsn, 1))) != null) {
            cumTsn = held.tsn;
            if (held.data != null) {
                heldBytes -= held.data.length;
                assemble(held.stream, held.ssn, held.ppid, held.flags, held.data, 0, held.data.length);
            }
        }
    }

    /** Feeds one fragment, in TSN order, to the message being assembled. */
    private void assemble(int stream, int ssn, long ppid, int flags, byte[] b, int off, int len) {
        boolean begin = (flags & DataChunk.BEGINNING) != 0;
        boolean end = (flags & DataChunk.END) != 0;
        if (begin) {
            dropPartial();
            if (end) {
                complete(stream, ssn, ppid, flags, len > maxMessageSize ? null : Arrays.copyOfRange(b, off, off + len), len);
                return;
            }
            partialActive = true;
            partialStream = stream;
            partialSsn = ssn;
            partialPpid = ppid;
            partialFlags = flags;
            partialLength = 0;
            partialTotal = 0;
        } else if (!partialActive || partialStream != stream) {
            return; // the rest of a message whose start was abandoned or never came
        }
        partialTotal += len;
        if (partialTotal <= maxMessageSize) {
            if (partialLength + len > partial.length) {
                partial = Arrays.copyOf(partial, Math.min(maxMessageSize, Math.max(partial.length * 2, partialLength + len)));
            }
            System.arraycopy(b, off, partial, partialLength, len);
            partialLength += len;
            heldBytes += len;
        }
        if (end) {
            heldBytes -= partialLength;
            byte[] message = partialTotal > maxMessageSize ? null : Arrays.copyOf(partial, partialLength);
            partialActive = false;
            complete(partialStream, partialSsn, partialPpid, partialFlags, message, partialTotal);
        }
    }

    private void dropPartial() {
        if (partialActive) {
            heldBytes -= partialLength;
            partialActive = false;
        }
    }

    /** A whole message: delivered now, or kept until its SSN is next; {@code data == null} when too large. */
    private void complete(int stream, int ssn, long ppid, int flags, byte[] data, long size) {
        if (data == null) {
            events.add(new SctpEvent.MessageTooLarge(stream, size));
        }
        if ((flags & DataChunk.UNORDERED) != 0) {
            if (data != null) {
                deliver(new SctpEvent.Message(stream, ppid, true, data));
            }
            return;
        }
        InboundStream s = stream(stream);
        if (ssn == s.nextSsn) {
            if (data != null) {
                deliver(new SctpEvent.Message(stream, ppid, false, data));
            }
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            drainWaiting(s);
        } else if (Tsn.ssnAfter(ssn, s.nextSsn) && !s.waiting.containsKey(ssn)) {
            // A too-large message still takes its place in the sequence, as an empty one nobody sees.
            s.waiting.put(ssn, new SctpEvent.Message(stream, ppid, false, data));
            if (data != null) {
                heldBytes += data.length;
            }
        }
    }

    private void drainWaiting(InboundStream s) {
        SctpEvent.Message next;
        while ((next = s.waiting.remove(s.nextSsn)) != null) {
            if (next.data() != null) {
                heldBytes -= next.data().length;
                deliver(next);
            }
            s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
        }
    }

    private void deliver(SctpEvent.Message message) {
        undrainedBytes += message.data().length;
        messagesDelivered++;
        bytesDelivered += message.data().length;
        events.add(message);
    }

    private InboundStream stream(int id) {
        return streams.computeIfAbsent(id, k -> new InboundStream());
    }

    private Held slot(long tsn) {
        Held h = ring[(int) tsn & (ring.length - 1)];
        return h != null && h.tsn == tsn ? h : null;
    }

    private Held take(long tsn) {
        int i = (int) tsn & (ring.length - 1);
        Held h = ring[i];
        if (h != null && h.tsn == tsn) {
            ring[i] = null;
            return h;
        }
        return null;
    }

    private void store(Held held) {
        int needed = Tsn.diff(held.tsn, cumTsn);
        if (needed >= ring.length) {
            int capacity = ring.length;
            while (capacity <= needed) {
                capacity *= 2;
            }
            Held[] grown = new Held[capacity];
            for (Held h : ring) {
                if (h != null) {
                    grown[(int) h.tsn & (capacity - 1)] = h;
                }
            }
            ring = grown;
        }
        ring[(int) held.tsn & (ring.length - 1)] = held;
    }
}
