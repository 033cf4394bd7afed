package org.rtc4j.datachannel;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SendOptions;

/**
 * An in-memory stand-in for {@link org.rtc4j.sctp.SctpAssociation} over a lossless, ordered path,
 * for testing {@link DataChannelTransport} until the association exists. It keeps the association's
 * contracts that the transport relies on (events, stream resets after queued data, buffered amounts,
 * message size checks) with a made-up wire format of one operation per packet; it has no timers,
 * no congestion control and no partial reliability. Not a peer: the real association replaces it.
 */
final class LoopbackAssociation implements Association {
    private static final int CONNECT = 1;
    private static final int DATA = 2;
    private static final int RESET = 3;
    private static final int RESET_DONE = 4;
    private static final int ABORT = 5;
    private static final int SHUTDOWN = 6;

    private final SctpConfig config;
    private final ArrayDeque<byte[]> out = new ArrayDeque<>();
    private final ArrayDeque<SctpEvent> events = new ArrayDeque<>();
    private final Map<Integer, Long> buffered = new HashMap<>();
    private final Map<Integer, Long> thresholds = new HashMap<>();
    private final Set<Integer> resetting = new HashSet<>();
    private boolean connectCalled;
    private boolean peerConnected;
    private boolean established;
    private boolean closed;

    LoopbackAssociation(SctpConfig config) {
        this.config = config;
    }

    @Override
    public void connect(Instant now) {
        connectCalled = true;
        out.add(new byte[] {CONNECT});
        maybeEstablish();
    }

    private void maybeEstablish() {
        if (connectCalled && peerConnected && !established) {
            established = true;
            events.add(new SctpEvent.Connected());
        }
    }

    @Override
    public void handleReceive(Instant now, byte[] buf, int off, int len) {
        if (closed || len < 1) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(buf, off, len);
        switch (in.get()) {
            case CONNECT -> {
                peerConnected = true;
                maybeEstablish();
            }
            case DATA -> {
                int stream = in.getShort() & 0xFFFF;
                long ppid = in.getInt() & 0xFFFF_FFFFL;
                boolean unordered = in.get() != 0;
                byte[] data = new byte[in.remaining()];
                in.get(data);
                if (data.length > config.maxMessageSize()) {
                    events.add(new SctpEvent.MessageTooLarge(stream, data.length));
                } else {
                    events.add(new SctpEvent.Message(stream, ppid, unordered, data));
                }
            }
            case RESET -> {
                int stream = in.getShort() & 0xFFFF;
                events.add(new SctpEvent.IncomingStreamsReset(new int[] {stream}));
                out.add(ByteBuffer.allocate(3).put((byte) RESET_DONE).putShort((short) stream).array());
            }
            case RESET_DONE -> {
                int stream = in.getShort() & 0xFFFF;
                resetting.remove(stream);
                events.add(new SctpEvent.OutgoingStreamsReset(new int[] {stream}));
            }
            case ABORT -> close(SctpEvent.CloseKind.ABORTED_BY_PEER, "peer aborted");
            case SHUTDOWN -> close(SctpEvent.CloseKind.SHUTDOWN, "peer shut down");
            default -> {
                // not ours: dropped
            }
        }
    }

    private void close(SctpEvent.CloseKind kind, String reason) {
        closed = true;
        events.add(new SctpEvent.Closed(kind, reason));
    }

    @Override
    public void handleTimeout(Instant now) {
    }

    @Override
    public void send(Instant now, int streamId, long ppid, byte[] data, int off, int len, SendOptions options) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (streamId < 0 || streamId >= outboundStreams()) {
            throw new IllegalArgumentException("stream " + streamId + " (expected: 0 ~ " + (outboundStreams() - 1) + ")");
        }
        if (len == 0 || len > config.remoteMaxMessageSize()) {
            throw new IllegalArgumentException("message of " + len + " bytes");
        }
        if (resetting.contains(streamId)) {
            throw new IllegalStateException("stream " + streamId + " is being reset");
        }
        out.add(ByteBuffer.allocate(8 + len).put((byte) DATA).putShort((short) streamId).putInt((int) ppid)
                .put((byte) (options.unordered() ? 1 : 0)).put(data, off, len).array());
        buffered.merge(streamId, (long) len, Long::sum);
    }

    @Override
    public long bufferedAmount(int streamId) {
        return buffered.getOrDefault(streamId, 0L);
    }

    @Override
    public void setBufferedAmountLowThreshold(int streamId, long threshold) {
        thresholds.put(streamId, threshold);
    }

    @Override
    public void resetStreams(Instant now, int... streamIds) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        for (int s : streamIds) {
            resetting.add(s);
            out.add(ByteBuffer.allocate(3).put((byte) RESET).putShort((short) s).array());
        }
    }

    @Override
    public void shutdown(Instant now) {
        out.add(new byte[] {SHUTDOWN});
        close(SctpEvent.CloseKind.SHUTDOWN, "shut down");
    }

    @Override
    public void abort(Instant now, String reason) {
        out.add(new byte[] {ABORT});
        close(SctpEvent.CloseKind.ABORTED, reason);
    }

    @Override
    public int pollTransmit(byte[] buf, int off) {
        return pollTransmit().map(p -> {
            System.arraycopy(p, 0, buf, off, p.length);
            return p.length;
        }).orElse(-1);
    }

    @Override
    public Optional<byte[]> pollTransmit() {
        byte[] p = out.poll();
        if (p != null && p[0] == DATA) {
            int stream = ((p[1] & 0xFF) << 8) | (p[2] & 0xFF);
            long before = bufferedAmount(stream);
            long after = before - (p.length - 8);
            buffered.put(stream, after);
            long threshold = thresholds.getOrDefault(stream, 0L);
            if (before > threshold && after <= threshold) {
                events.add(new SctpEvent.BufferedAmountLow(stream));
            }
        }
        return Optional.ofNullable(p);
    }

    @Override
    public Optional<SctpEvent> pollEvent() {
        return Optional.ofNullable(events.poll());
    }

    @Override
    public Optional<Instant> pollTimeout() {
        return Optional.empty();
    }

    @Override
    public int outboundStreams() {
        return established ? Math.min(config.outboundStreams(), config.inboundStreams()) : 0;
    }

    @Override
    public String toString() {
        return "LoopbackAssociation" + Arrays.asList(established, closed);
    }
}
