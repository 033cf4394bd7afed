package org.rtc4j.rtp;

/**
 * Builds a transport-wide feedback packet (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1)
 * from arrivals, straight into the caller's buffer, without allocating.
 *
 * <p>Feed arrivals in increasing transport-wide sequence order with {@link #add}; gaps become "not
 * received". The chunks are chosen greedily: a run-length chunk for 14 or more equal symbols (or for
 * the equal symbols that end the packet), else a one-bit vector when the next 14 symbols need no
 * large delta, else a two-bit vector. {@code add} returns false when the arrival does not fit (the
 * capacity is reached or a delta exceeds 16 bits): write this packet, then begin the next one with it.
 *
 * <p>Reusable, not thread-safe. The output buffer is the caller's; {@link #length()} says how much
 * {@link #write} needs.
 */
public final class TransportFeedbackWriter {
    private final int capacity;
    private final int[] symbols;
    private final int[] deltas;
    private long senderSsrc;
    private long mediaSsrc;
    private int baseSequence;
    private int feedbackCount;
    private int count;
    private int received;
    private int referenceTime;
    private long lastTicks;
    private boolean baseFixed;

    /** A writer for packets covering up to {@code capacity} sequence numbers (1 ~ 65535). */
    public TransportFeedbackWriter(int capacity) {
        if (capacity < 1 || capacity > 0xFFFF) {
            throw new IllegalArgumentException("capacity " + capacity + " (expected: 1 ~ 65535)");
        }
        this.capacity = capacity;
        this.symbols = new int[capacity];
        this.deltas = new int[capacity];
    }

    /** Starts a packet. */
    public TransportFeedbackWriter begin(long senderSsrc, long mediaSsrc, int feedbackCount) {
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.feedbackCount = feedbackCount & 0xFF;
        this.count = 0;
        this.received = 0;
        this.baseFixed = false;
        return this;
    }

    /**
     * Starts a packet whose first covered sequence number is {@code baseSequence}, so that packets
     * lost before the first arrival are reported as not received.
     */
    public TransportFeedbackWriter begin(long senderSsrc, long mediaSsrc, int feedbackCount, int baseSequence) {
        begin(senderSsrc, mediaSsrc, feedbackCount);
        this.baseSequence = baseSequence & 0xFFFF;
        this.baseFixed = true;
        return this;
    }

    /** The number of sequence numbers covered so far. */
    public int count() {
        return count;
    }

    /**
     * Records that {@code sequence} arrived at {@code arrivalMicros} (any monotonic µs clock).
     *
     * @return false, leaving the packet unchanged, when it does not fit this packet
     */
    public boolean add(int sequence, long arrivalMicros) {
        sequence &= 0xFFFF;
        long ticks = Math.floorDiv(arrivalMicros, 250);
        if (count == 0 && !baseFixed) {
            baseSequence = sequence;
        }
        int index = (sequence - baseSequence) & 0xFFFF;
        if (count > 0 && index < count || index >= capacity) {
            return false;
        }
        if (received == 0) {
            long ref = Math.floorDiv(arrivalMicros, 64_000);
            referenceTime = (int) (ref & 0xFFFFFF);
            lastTicks = ref * 256;
        }
        long delta = ticks - lastTicks;
        if (delta < -32768 || delta > 32767) {
            if (received == 0) {
                throw new AssertionError("the first delta always fits");
            }
            return false;
        }
        for (int k = count; k < index; k++) {
            symbols[k] = TransportFeedback.NOT_RECEIVED;
        }
        symbols[index] = delta >= 0 && delta <= 255 ? TransportFeedback.SMALL_DELTA : TransportFeedback.LARGE_DELTA;
        deltas[received++] = (int) delta;
        lastTicks = ticks;
        count = index + 1;
        return true;
    }

    /** The packet's length on the wire, padding included. */
    public int length() {
        int n = 16 + 2 * chunkCount();
        for (int k = 0; k < count; k++) {
            n += symbols[k] == TransportFeedback.NOT_RECEIVED ? 0 : symbols[k];
        }
        return Rtcp.totalLength(n);
    }

    private int chunkCount() {
        int chunks = 0;
        int i = 0;
        while (i < count) {
            i += nextChunk(i) >>> 16;
            chunks++;
        }
        return chunks;
    }

    /** Packs (symbols covered) &lt;&lt; 16 | chunk. */
    private int nextChunk(int i) {
        int s = symbols[i];
        int run = 1;
        while (i + run < count && symbols[i + run] == s && run < 0x1FFF) {
            run++;
        }
        if (run >= 14 || i + run == count) {
            return run << 16 | s << 13 | run;
        }
        int n = Math.min(14, count - i);
        boolean small = true;
        for (int k = 0; k < n; k++) {
            small &= symbols[i + k] != TransportFeedback.LARGE_DELTA;
        }
        if (small) {
            int c = 0x8000;
            for (int k = 0; k < n; k++) {
                c |= symbols[i + k] << (13 - k);
            }
            return n << 16 | c;
        }
        n = Math.min(7, count - i);
        int c = 0xC000;
        for (int k = 0; k < n; k++) {
            c |= symbols[i + k] << 2 * (6 - k);
        }
        return n << 16 | c;
    }

    /** Writes the packet at {@code out[off]} and returns its length. */
    public int write(byte[] out, int off) {
        if (received == 0) {
            throw new IllegalStateException("no arrivals (expected: at least one add)");
        }
        int content = length() - 4;
        int i = off + 20;
        int k = 0;
        while (k < count) {
            int c = nextChunk(k);
            Bytes.put16(out, i, c);
            i += 2;
            k += c >>> 16;
        }
        int d = 0;
        for (k = 0; k < count; k++) {
            if (symbols[k] == TransportFeedback.SMALL_DELTA) {
                out[i++] = (byte) deltas[d++];
            } else if (symbols[k] == TransportFeedback.LARGE_DELTA) {
                Bytes.put16(out, i, deltas[d++]);
                i += 2;
            }
        }
        int unpadded = i - off - 4;
        int n = Rtcp.header(out, off, TransportFeedback.FMT, RtcpPacket.RTPFB, unpadded);
        if (n != content + 4) {
            throw new AssertionError("length " + n + " (expected: " + (content + 4) + ")");
        }
        Bytes.put32(out, off + 4, senderSsrc);
        Bytes.put32(out, off + 8, mediaSsrc);
        Bytes.put16(out, off + 12, baseSequence);
        Bytes.put16(out, off + 14, count);
        Bytes.put24(out, off + 16, referenceTime);
        out[off + 19] = (byte) feedbackCount;
        return n;
    }
}
