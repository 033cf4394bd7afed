package org.rtc4j.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The queue-backed {@link DatagramTransport} Bouncy Castle's DTLS runs over. {@code receive} takes
 * from a bounded queue that {@link DtlsEndpoint#handleReceive} fills; {@code send} hands a copy of
 * the datagram to the endpoint's transmit queue.
 *
 * <p>During the handshake {@code receive} blocks (on the handshake thread) for the time Bouncy
 * Castle asks. Once {@link #pushed} is set, it never blocks: an empty queue ends the read with
 * {@link QueueDrained}, which Bouncy Castle passes through without failing the connection.
 */
final class QueueDatagramTransport implements DatagramTransport {
    private static final byte[] CLOSE_MARKER = new byte[0];

    /** Thrown by a non-blocking receive when nothing is queued; not an error. */
    static final class QueueDrained extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        QueueDrained() {
            super("no datagram queued");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final BlockingQueue<byte[]> inbound;
    private final Consumer<byte[]> outbound;
    private final int bound;
    private final int receiveLimit;
    private final int sendLimit;
    volatile boolean pushed;
    private long taken;

    /** Datagrams taken in pushed mode, read by the driver thread only. */
    long taken() {
        return taken;
    }
    private volatile boolean closed;

    QueueDatagramTransport(int bound, int receiveLimit, int sendLimit, Consumer<byte[]> outbound) {
        this.inbound = new ArrayBlockingQueue<>(bound + 1); // one spare slot for the close marker
        this.bound = bound;
        this.receiveLimit = receiveLimit;
        this.sendLimit = sendLimit;
        this.outbound = outbound;
    }

    /** Queues a received datagram; false when the bound is reached. The array is handed over. */
    boolean offer(byte[] datagram) {
        return inbound.size() < bound && inbound.offer(datagram);
    }

    boolean hasQueued() {
        return !inbound.isEmpty();
    }

    @Override
    public int getReceiveLimit() {
        return receiveLimit;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] datagram;
        if (pushed) {
            datagram = inbound.poll();
            if (datagram == null) {
                throw new QueueDrained();
            }
            taken++;
        } else {
            try {
                datagram = waitMillis == 0 ? inbound.take() : inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a datagram");
            }
            if (datagram == null) {
                return -1;
            }
        }
        if (datagram == CLOSE_MARKER || closed) {
            throw new IOException("transport closed");
        }
        if (datagram.length > len) {
            return -1;
        }
        System.arraycopy(datagram, 0, buf, off, datagram.length);
        return datagram.length;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        outbound.accept(copy);
    }

    @Override
    public void close() {
        closed = true;
        inbound.clear();
        inbound.offer(CLOSE_MARKER);
    }
}
