package org.rtc4j.datachannel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.rtc4j.sctp.SendOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC data channel (RFC 8831), with the surface of the W3C {@code RTCDataChannel} in Java
 * names. Channels are made by a {@link DataChannelTransport}: {@link DataChannelTransport#createDataChannel}
 * for ours, a {@link DataChannelEvent.ChannelOpened} for the peer's. Its stream id is the same both ways.
 *
 * <p>{@code send} copies what it is given: the caller may reuse its array or buffer at once. Received
 * messages are owned by the application ({@link DataChannelMessage}).
 *
 * <p>Handlers run only when the owner of the transport dispatches the transport's events
 * ({@link DataChannelEvent#dispatch()}), never from inside {@code send}, {@code close} or the
 * transport's {@code handle*} methods. Not thread-safe: a channel belongs to its transport's event loop.
 */
public final class DataChannel {
    private static final Runnable NOTHING = () -> { };
    private static final Logger LOG = LoggerFactory.getLogger(DataChannel.class);

    private final DataChannelTransport transport;
    private int id;
    private final String label;
    private final String protocol;
    private final boolean ordered;
    private final OptionalInt maxRetransmits;
    private final OptionalInt maxPacketLifeTime;
    private final boolean negotiated;
    private final DataChannelPriority priority;
    /** How messages are sent once the peer acknowledged the channel. */
    private final SendOptions sendOptions;
    /** How messages are sent while an OPEN waits for its ACK: ordered (RFC 8832 §6). */
    private final SendOptions sendOptionsBeforeAck;

    // State kept by the transport.
    volatile DataChannelState state = DataChannelState.CONNECTING;
    /** Bytes handed to the owner's thread by {@code send} on another thread, not yet queued. */
    final java.util.concurrent.atomic.AtomicLong handedOff = new java.util.concurrent.atomic.AtomicLong();
    /** We sent DATA_CHANNEL_OPEN and have seen neither its ACK nor any message from the peer. */
    boolean awaitingAck;
    /** We asked the association to reset our outgoing stream. */
    boolean resetRequested;
    /** Our outgoing stream is reset. */
    boolean outgoingReset;
    /** The peer's outgoing stream (our incoming one) is reset. */
    boolean incomingReset;
    /** The last buffered amount seen while the association was usable. */
    volatile long lastBufferedAmount;
    long bufferedAmountLowThreshold;
    long messagesSent;
    long bytesSent;
    long messagesReceived;
    long bytesReceived;

    private volatile Runnable onOpen = NOTHING;
    /** The open event was dispatched before any handler was set (a channel made from another thread). */
    private boolean openMissed;
    /** Null until a handler is set: messages that arrive before then are held (see {@link #onMessage}). */
    private Consumer<DataChannelMessage> onMessage;
    private final ArrayDeque<DataChannelMessage> early = new ArrayDeque<>(0);
    private long earlyBytes;
    private long earlyDropped;
    private Runnable onClosing = NOTHING;
    private Runnable onClose = NOTHING;
    private Consumer<DataChannelError> onError = e -> { };
    private Runnable onBufferedAmountLow = NOTHING;

    DataChannel(DataChannelTransport transport, int id, String label, DataChannelInit init) {
        this.transport = transport;
        this.id = id;
        this.label = label;
        this.protocol = init.protocol();
        this.ordered = init.ordered();
        this.maxRetransmits = init.maxRetransmits();
        this.maxPacketLifeTime = init.maxPacketLifeTime();
        this.negotiated = init.negotiated();
        this.priority = init.priority();
        this.sendOptions = new SendOptions(!ordered, maxRetransmits.orElse(-1), maxPacketLifeTime.orElse(-1));
        this.sendOptionsBeforeAck = new SendOptions(false, sendOptions.maxRetransmits(),
                sendOptions.maxLifetimeMillis());
    }

    /**
     * The settings of a channel the peer opened with {@code open}. Limits beyond the W3C's 65535 are
     * clamped to it.
     */
    static DataChannelInit initOf(DcepMessage.Open open) {
        ChannelType type = open.channelType();
        int limit = (int) Math.min(open.reliabilityParameter(), DataChannelInit.MAX_LIMIT);
        return new DataChannelInit(!type.unordered(),
                type.limitsLifetime() ? OptionalInt.of(limit) : OptionalInt.empty(),
                type.limitsRetransmits() ? OptionalInt.of(limit) : OptionalInt.empty(),
                open.protocol(), false, OptionalInt.empty(), DataChannelPriority.fromDcep(open.priority()));
    }

    /** The DATA_CHANNEL_OPEN that announces this channel. */
    DcepMessage.Open openMessage() {
        ChannelType type = ChannelType.of(ordered, maxRetransmits.isPresent(), maxPacketLifeTime.isPresent());
        long reliability = maxRetransmits.isPresent() ? maxRetransmits.getAsInt() : maxPacketLifeTime.orElse(0);
        return new DcepMessage.Open(type, priority.dcepValue(), reliability, label, protocol);
    }

    SendOptions sendOptions() {
        return awaitingAck ? sendOptionsBeforeAck : sendOptions;
    }

    DataChannelTransport transport() {
        return transport;
    }

    /**
     * Sends a string message (PPID 51, or 56 when empty).
     *
     * @throws IllegalStateException when the channel is not open (the W3C {@code InvalidStateError}), or
     *                               the association's send buffer is full
     * @throws IllegalArgumentException when its UTF-8 form is larger than the peer's max-message-size
     */
    public void send(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        transport.send(this, false, b, 0, b.length);
    }

    /**
     * Sends a binary message (PPID 53, or 57 when empty), copied.
     *
     * @throws IllegalStateException when the channel is not open, or the send buffer is full
     * @throws IllegalArgumentException when it is larger than the peer's max-message-size
     */
    public void send(byte[] data) {
        transport.send(this, true, data, 0, data.length);
    }

    /**
     * Sends the remaining bytes of {@code data} as a binary message, copied; the buffer's position
     * does not move.
     *
     * @throws IllegalStateException when the channel is not open, or the send buffer is full
     * @throws IllegalArgumentException when it is larger than the peer's max-message-size
     */
    public void send(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        transport.send(this, true, b, 0, b.length);
    }

    /**
     * Starts the closing procedure (RFC 8831 §6.7): the channel becomes "closing", messages already
     * sent are delivered, then the outgoing stream is reset; it is "closed" once the peer has reset
     * its own. Harmless when closing or closed. No {@code closing} event fires for a close we asked for.
     */
    public void close() {
        transport.close(this);
    }

    /** The label given at creation or in the peer's OPEN. */
    public String label() {
        return label;
    }

    /** The subprotocol, "" for none. */
    public String protocol() {
        return protocol;
    }

    /**
     * The SCTP stream id, the same both ways; -1 (the W3C {@code null}) while the DTLS role that picks
     * it is unknown ({@link DataChannelTransport#bind}).
     */
    public int id() {
        return id;
    }

    void assignId(int id) {
        this.id = id;
    }

    /** Whether messages arrive in the order sent. */
    public boolean ordered() {
        return ordered;
    }

    /** The retransmissions after which a message is abandoned, if limited. */
    public OptionalInt maxRetransmits() {
        return maxRetransmits;
    }

    /** How long a message is retransmitted, if limited. */
    public Optional<Duration> maxPacketLifeTime() {
        return maxPacketLifeTime.isPresent() ? Optional.of(Duration.ofMillis(maxPacketLifeTime.getAsInt()))
                : Optional.empty();
    }

    /** Whether the application negotiated this channel (no DCEP). */
    public boolean negotiated() {
        return negotiated;
    }

    /** The channel's priority. */
    public DataChannelPriority priority() {
        return priority;
    }

    /** The channel's state. */
    public DataChannelState readyState() {
        return state;
    }

    /**
     * The bytes of messages sent but not yet handed to the network (from the association). It keeps
     * its last value once the channel is closed, as the W3C asks.
     */
    public long bufferedAmount() {
        return transport.bufferedAmount(this);
    }

    /** The level at or below which {@link #bufferedAmount()} falling fires {@code bufferedamountlow}; 0 at first. */
    public long bufferedAmountLowThreshold() {
        return bufferedAmountLowThreshold;
    }

    /**
     * Sets the {@code bufferedamountlow} level.
     *
     * @throws IllegalArgumentException when negative
     */
    public void setBufferedAmountLowThreshold(long threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("bufferedAmountLowThreshold " + threshold + " (expected: at least 0)");
        }
        bufferedAmountLowThreshold = threshold;
        transport.applyBufferedAmountLowThreshold(this);
    }

    /** A snapshot of the channel's counters. */
    public DataChannelStats stats() {
        return new DataChannelStats(label, protocol, id, state, messagesSent, bytesSent, messagesReceived,
                bytesReceived);
    }

    /**
     * Runs {@code handler} when the channel opens. If it opened before any handler was set (a channel
     * created from another thread may open before this call), the handler runs now, on the
     * transport's thread.
     */
    public void onOpen(Runnable handler) {
        Objects.requireNonNull(handler, "handler");
        boolean late;
        synchronized (this) {
            onOpen = handler;
            late = openMissed;
            openMissed = false;
        }
        if (late) {
            transport.runOnOwner(handler);
        }
    }

    /**
     * Runs {@code handler} with each message. Messages that arrived before the first handler was set
     * (a channel made on another thread can receive before that thread gets here) are held, up to
     * {@link #MAX_HELD_BYTES}, and go to the handler first, in order, on the transport's thread.
     */
    public void onMessage(Consumer<DataChannelMessage> handler) {
        Objects.requireNonNull(handler, "handler");
        boolean held;
        synchronized (this) {
            onMessage = handler;
            held = !early.isEmpty();
        }
        if (held) {
            transport.runOnOwner(this::deliverHeld);
        }
    }

    /** How many bytes of messages a channel holds while no message handler is set; more are dropped. */
    public static final long MAX_HELD_BYTES = 1 << 20;

    private void deliverHeld() {
        while (true) {
            DataChannelMessage m;
            Consumer<DataChannelMessage> handler;
            synchronized (this) {
                m = early.poll();
                if (m == null) {
                    return;
                }
                earlyBytes -= m.size();
                handler = onMessage;
            }
            handler.accept(m);
        }
    }

    /** Runs {@code handler} when the peer or an error starts closing the channel. */
    public void onClosing(Runnable handler) {
        onClosing = Objects.requireNonNull(handler, "handler");
    }

    /** Runs {@code handler} when the channel is closed. */
    public void onClose(Runnable handler) {
        onClose = Objects.requireNonNull(handler, "handler");
    }

    /** Runs {@code handler} when the channel fails; it is closed after. */
    public void onError(Consumer<DataChannelError> handler) {
        onError = Objects.requireNonNull(handler, "handler");
    }

    /** Runs {@code handler} when {@link #bufferedAmount()} falls to the threshold or below. */
    public void onBufferedAmountLow(Runnable handler) {
        onBufferedAmountLow = Objects.requireNonNull(handler, "handler");
    }

    void fireOpen() {
        synchronized (this) {
            if (onOpen == NOTHING) {
                openMissed = true;
                return;
            }
        }
        onOpen.run();
    }

    void fireMessage(DataChannelMessage message) {
        Consumer<DataChannelMessage> handler;
        synchronized (this) {
            handler = onMessage;
            if (handler == null || !early.isEmpty()) {      // keep the order behind held messages
                if (earlyBytes + message.size() > MAX_HELD_BYTES) {
                    if (earlyDropped++ == 0) {
                        LOG.warn("data channel {} ({}): no message handler and {} bytes held; dropping messages", id, label,
                                earlyBytes);
                    }
                    return;
                }
                early.add(message);
                earlyBytes += message.size();
                return;
            }
        }
        handler.accept(message);
    }

    void fireClosing() {
        onClosing.run();
    }

    void fireClose() {
        onClose.run();
    }

    void fireError(DataChannelError error) {
        onError.accept(error);
    }

    void fireBufferedAmountLow() {
        onBufferedAmountLow.run();
    }

    @Override
    public String toString() {
        return "DataChannel[id=" + id + ", label=" + label + ", " + state + "]";
    }
}
