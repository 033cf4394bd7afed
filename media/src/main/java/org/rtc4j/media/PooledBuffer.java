package org.rtc4j.media;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference-counted direct buffer that goes back to its {@link BufferPool} (if any) when the last
 * reference is released: the ownership rule of {@link VideoFrame} and {@link AudioFrame}. Thread-safe.
 */
final class PooledBuffer {
    private final ByteBuffer buffer;
    private final BufferPool pool;
    private final AtomicInteger refs = new AtomicInteger(1);

    /** @param pool where the buffer returns, or null for an unpooled buffer */
    PooledBuffer(ByteBuffer buffer, BufferPool pool) {
        this.buffer = buffer;
        this.pool = pool;
    }

    /** The buffer, while a reference is held. */
    ByteBuffer get() {
        checkLive();
        return buffer;
    }

    void retain() {
        int r;
        do {
            r = refs.get();
            if (r <= 0) {
                throw new IllegalStateException("frame already released");
            }
        } while (!refs.compareAndSet(r, r + 1));
    }

    void release() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            if (pool != null) {
                pool.release(buffer);
            }
        } else if (r < 0) {
            refs.set(0);
            throw new IllegalStateException("frame released more often than retained");
        }
    }

    boolean isLive() {
        return refs.get() > 0;
    }

    void checkLive() {
        if (refs.get() <= 0) {
            throw new IllegalStateException("frame already released");
        }
    }
}
