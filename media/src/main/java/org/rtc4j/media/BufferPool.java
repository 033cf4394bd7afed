package org.rtc4j.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * A bounded pool of equal-sized direct (off-heap) buffers for frames. {@link #acquire()} hands out a
 * buffer (a pooled one when available); {@link #release(ByteBuffer)} takes it back, keeping at most
 * {@code maxFree} and leaving the rest to the garbage collector. Thread-safe.
 *
 * <p>Buffer ownership: a buffer belongs to whoever acquired it until it is released; after release the
 * caller must not touch it. Frames ({@link VideoFrame}, {@link AudioFrame}) release their buffer when
 * their reference count reaches zero, so release is deterministic, not left to finalization.
 */
public final class BufferPool {
    private final int bufferSize;
    private final int maxFree;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long allocated;

    /**
     * @param bufferSize bytes per buffer
     * @param maxFree how many released buffers to keep for reuse
     */
    public BufferPool(int bufferSize, int maxFree) {
        if (bufferSize <= 0 || maxFree < 0) {
            throw new IllegalArgumentException("bufferSize " + bufferSize + ", maxFree " + maxFree
                    + " (expected: bufferSize > 0, maxFree >= 0)");
        }
        this.bufferSize = bufferSize;
        this.maxFree = maxFree;
    }

    /** Bytes per buffer. */
    public int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer in native byte order, position 0, limit {@link #bufferSize()}. */
    public ByteBuffer acquire() {
        synchronized (free) {
            ByteBuffer b = free.pollFirst();
            if (b != null) {
                return b.clear();
            }
            allocated++;
        }
        return ByteBuffer.allocateDirect(bufferSize).order(ByteOrder.nativeOrder());
    }

    /** Returns a buffer this pool handed out. */
    public void release(ByteBuffer buffer) {
        if (buffer.capacity() != bufferSize || !buffer.isDirect()) {
            throw new IllegalArgumentException("buffer of " + buffer.capacity() + " bytes does not belong to this pool (expected: "
                    + bufferSize + ", direct)");
        }
        synchronized (free) {
            if (free.size() < maxFree) {
                free.addFirst(buffer);
            }
        }
    }

    /** How many buffers this pool has allocated in total (a steady state stops growing). */
    public long allocatedCount() {
        synchronized (free) {
            return allocated;
        }
    }

    /** How many released buffers wait for reuse. */
    public int freeCount() {
        synchronized (free) {
            return free.size();
        }
    }
}
