package org.rtc4j.datachannel;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SendOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data channels of one SCTP association (RFC 8831, RFC 8832), as a sans-IO state machine that
 * owns the {@link SctpAssociation} and drives it: packets in with {@link #handleReceive}, timers with
 * {@link #handleTimeout} and {@link #pollTimeout}, packets out with {@link #pollTransmit}, and
 * {@link DataChannelEvent}s out with {@link #pollEvent}. Driven by <em>mutate, then drain</em>, as the
 * association is; the owner dispatches each event ({@link DataChannelEvent#dispatch()}) to run user
 * handlers, which this class never runs itself.
 *
 * <p>What it does:
 * <ul>
 *   <li>stream ids by DTLS role (RFC 8832 §6): as DTLS client we open channels on even streams, as
 *       server on odd ones; negotiated channels use the id the application gives;</li>
 *   <li>the DCEP handshake (RFC 8832 §6): our channel sends DATA_CHANNEL_OPEN once the association is
 *       up and is open at once, sending ordered until the ACK (or any message from the peer) arrives; an
 *       OPEN from the peer makes a channel, announced by {@link DataChannelEvent.ChannelOpened}, and is
 *       answered with an ACK; negotiated channels open with the association, without DCEP;</li>
 *   <li>the closing procedure (RFC 8831 §6.7 and the W3C's): {@code close()} resets our outgoing
 *       stream (RFC 6525), which the association does after the messages queued on it; a reset of the
 *       peer's outgoing stream closes an open channel from its side; a channel is closed, and its id
 *       free again, when both directions are reset; the end of the association closes every channel;</li>
 *   <li>user messages with the PPIDs of RFC 8831 §8 (empty ones as one zero byte), the peer's
 *       max-message-size enforced on {@code send}, and the deprecated partial PPIDs 52/54 received as
 *       whole messages.</li>
 * </ul>
 *
 * <p>Time: every {@code handle*} call and {@link #connect} pass the time, and commands from the
 * application ({@code send}, {@code close}, {@link #createDataChannel}) use the latest time passed, so
 * the owner calls {@link #handleTimeout} with the current time before running commands when time has
 * moved on. Time going backwards is ignored. Events the association raises while packets are polled
 * (a buffered amount falling) are picked up by {@link #pollTransmit} and {@link #pollEvent}.
 *
 * <p>Bounds: at most {@code maxChannels} channels (65535 by default, all stream ids 0 ~ 65534; fewer if
 * the association negotiated fewer streams); an OPEN past the bound is refused by resetting its stream.
 * Malformed or misplaced DCEP messages and messages on streams without a channel are dropped, counted in
 * {@link #stats()} and logged at debug; nothing the peer sends makes {@code handleReceive} throw.
 *
 * <p>Not thread-safe: a transport and its channels belong to one event loop.
 */
public final class DataChannelTransport {
    /** The most channels there can be: one per stream id 0 ~ 65534. */
    public static final int MAX_CHANNELS = DataChannelInit.MAX_ID + 1;

    private static final Logger LOG = LoggerFactory.getLogger(DataChannelTransport.class);
    private static final byte[] ACK = DcepMessage.Ack.INSTANCE.encode();
    private static final byte[] ZERO_BYTE = new byte[1];

    private SctpAssociation association;
    private boolean dtlsClient;
    private long remoteMaxMessageSize;
    private final int maxChannels;
    private final StreamIdAllocator ids = new StreamIdAllocator(true);
    /** Channels whose buffered amount may be non-zero: refreshed after each pump for other threads to read. */
    private final java.util.Set<DataChannel> sending = new java.util.LinkedHashSet<>();
    private java.util.concurrent.Executor owner;
    private java.util.function.BooleanSupplier onOwnerThread;
    /** Channels created before {@link #bind}, waiting for an id of our parity. */
    private final List<DataChannel> unbound = new ArrayList<>();
    private final TreeMap<Integer, DataChannel> channels = new TreeMap<>();
    private final ArrayDeque<DataChannelEvent> events = new ArrayDeque<>();
    private Consumer<DataChannel> onDataChannel = c -> { };
    private Instant now = Instant.EPOCH;
    private boolean connected;
    private boolean associationClosed;

    private long dataChannelsOpened;
    private long dataChannelsClosed;
    private long malformedDcep;
    private long unexpectedDcep;
    private long refusedChannels;
    private long unknownPpid;
    private long messagesWithoutChannel;

    /**
     * A transport over a new association.
     *
     * @param config the association's settings; its {@link SctpConfig#remoteMaxMessageSize()} bounds
     *               what {@code send} accepts
     * @param random the association's randomness (a {@link java.security.SecureRandom} in production)
     * @param dtlsClient whether we are the DTLS client (even stream ids) or server (odd ones)
     */
    public DataChannelTransport(SctpConfig config, RandomGenerator random, boolean dtlsClient) {
        this(new SctpAssociation(config, random), dtlsClient, config.remoteMaxMessageSize(), MAX_CHANNELS);
    }

    /**
     * A transport over an association made elsewhere, which it owns from now on. The association's
     * own check of the peer's max-message-size ({@link SctpAssociation#send}) applies, as its
     * settings cannot be read back.
     *
     * @param dtlsClient whether we are the DTLS client (even stream ids) or server (odd ones)
     */
    public DataChannelTransport(SctpAssociation association, boolean dtlsClient) {
        this(association, dtlsClient, Long.MAX_VALUE, MAX_CHANNELS);
    }

    /**
     * A transport with every setting.
     *
     * @param remoteMaxMessageSize the largest message {@code send} accepts (the peer's max-message-size)
     * @param maxChannels the most channels at once, ours and the peer's, 1 ~ 65535
     */
    public DataChannelTransport(SctpAssociation association, boolean dtlsClient, long remoteMaxMessageSize,
                                int maxChannels) {
        this(maxChannels);
        bind(association, dtlsClient, remoteMaxMessageSize);
    }

    /**
     * A transport whose association comes later, with {@link #bind}: what a peer connection needs,
     * as channels are created before offer/answer settles the DTLS role that picks their ids. Until
     * then a channel is "connecting" with id -1 (negotiated ones keep theirs).
     *
     * @param maxChannels the most channels at once, ours and the peer's, 1 ~ 65535
     */
    public DataChannelTransport(int maxChannels) {
        if (maxChannels < 1 || maxChannels > MAX_CHANNELS) {
            throw new IllegalArgumentException("maxChannels " + maxChannels + " (expected: 1 ~ " + MAX_CHANNELS + ")");
        }
        this.maxChannels = maxChannels;
    }

    /**
     * Gives an unbound transport its association, owned from now on, and the DTLS role: channels
     * created so far get their stream ids (RFC 8832 §6).
     *
     * @param remoteMaxMessageSize the largest message {@code send} accepts (the peer's max-message-size)
     * @throws IllegalStateException if already bound
     */
    public void bind(SctpAssociation association, boolean dtlsClient, long remoteMaxMessageSize) {
        Objects.requireNonNull(association, "association");
        if (this.association != null) {
            throw new IllegalStateException("already bound to an association");
        }
        if (remoteMaxMessageSize < 1) {
            throw new IllegalArgumentException("remoteMaxMessageSize " + remoteMaxMessageSize + " (expected: at least 1)");
        }
        this.association = association;
        this.dtlsClient = dtlsClient;
        this.remoteMaxMessageSize = remoteMaxMessageSize;
        ids.setDtlsClient(dtlsClient);
        for (DataChannel channel : unbound) {
            int id = ids.allocate(MAX_CHANNELS);
            if (id < 0) {
                events.add(new DataChannelEvent.Error(channel, new DataChannelError(
                        DataChannelError.Detail.DATA_CHANNEL_FAILURE, "no free stream id")));
                channel.state = DataChannelState.CLOSED;
                events.add(new DataChannelEvent.Closed(channel));
                continue;
            }
            channel.assignId(id);
            channels.put(id, channel);
        }
        unbound.clear();
    }

    /**
     * Makes the channels usable from any thread, as the W3C API is: {@code send}, {@code close} and
     * {@code setBufferedAmountLowThreshold} called off the owner's thread are checked (state, size),
     * copied and handed to {@code owner}, which must run them on the transport's thread and then drain
     * its output; {@code bufferedAmount} then reads a value kept current after each pump, plus what
     * was handed off.
     *
     * @param onOwnerThread whether the caller runs on the transport's thread
     */
    public void handOffTo(java.util.concurrent.Executor owner, java.util.function.BooleanSupplier onOwnerThread) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.onOwnerThread = Objects.requireNonNull(onOwnerThread, "onOwnerThread");
    }

    /** Runs {@code task} on the transport's thread: now if the caller is on it, else handed to the owner. */
    void runOnOwner(Runnable task) {
        if (offThread()) {
            owner.execute(task);
        } else {
            task.run();
        }
    }

    private boolean offThread() {
        return owner != null && !onOwnerThread.getAsBoolean();
    }

    /** Whether {@link #bind} gave this transport its association. */
    public boolean bound() {
        return association != null;
    }

    private SctpAssociation requireAssociation() {
        if (association == null) {
            throw new IllegalStateException("no association yet (expected: bind() first)");
        }
        return association;
    }

    // ---- commands

    /**
     * Starts the association (both WebRTC peers do, RFC 8841). Channels created before open once it
     * is up.
     */
    public void connect(Instant now) {
        advance(now);
        requireAssociation().connect(this.now);
        pump();
    }

    /**
     * Creates a channel (W3C {@code createDataChannel}). A negotiated channel takes
     * {@link DataChannelInit#id()}; any other the lowest free stream id of our parity. It opens when the
     * association is up ({@link DataChannelEvent.Open}); before, it is "connecting".
     *
     * @throws IllegalArgumentException when the label is longer than 65535 bytes of UTF-8, a negotiated
     *                                  id is in use or beyond the association's streams
     * @throws IllegalStateException when the association has ended, or no channel or stream id is left
     */
    public DataChannel createDataChannel(String label, DataChannelInit init) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(init, "init");
        Utf8.checkFieldLength("label", label);
        if (associationClosed) {
            throw new IllegalStateException("the SCTP association is closed (expected: a usable association)");
        }
        if (channels.size() + unbound.size() >= maxChannels) {
            throw new IllegalStateException(channels.size() + " channels exist (expected: at most " + maxChannels + ")");
        }
        if (association == null && !init.negotiated()) {
            DataChannel channel = new DataChannel(this, -1, label, init);
            unbound.add(channel);
            LOG.debug("channel '{}' created; its id waits for the DTLS role", label);
            return channel;
        }
        int limit = connected ? association.outboundStreams() : MAX_CHANNELS;
        int id;
        if (init.negotiated()) {
            id = init.id().orElseThrow();
            if (id >= limit) {
                throw new IllegalArgumentException("negotiated id " + id + " (expected: 0 ~ " + (limit - 1)
                        + ", the association's streams)");
            }
            if (!ids.reserve(id)) {
                throw new IllegalArgumentException("negotiated id " + id + " is in use (expected: a free id)");
            }
        } else {
            id = ids.allocate(limit);
            if (id < 0) {
                throw new IllegalStateException("no free " + (dtlsClient ? "even" : "odd") + " stream id below "
                        + limit + " (expected: a channel to be closed first)");
            }
        }
        DataChannel channel = new DataChannel(this, id, label, init);
        channels.put(id, channel);
        LOG.debug("channel {} '{}' created{}", id, label, init.negotiated() ? " (negotiated)" : "");
        if (connected) {
            start(channel);
        }
        pump();
        return channel;
    }

    /** Starts a graceful shutdown of the association (RFC 9260 §9.2); every channel closes when it ends. */
    public void shutdown(Instant now) {
        advance(now);
        if (association == null) {
            closeUnbound();
            return;
        }
        association.shutdown(this.now);
        pump();
    }

    /** Aborts the association (RFC 9260 §9.1); every channel fails and closes. */
    public void abort(Instant now, String reason) {
        advance(now);
        if (association == null) {
            closeUnbound();
            return;
        }
        association.abort(this.now, reason);
        pump();
    }

    /** Runs {@code handler} with each channel the peer opens, when its {@link DataChannelEvent.ChannelOpened} is dispatched. */
    public void onDataChannel(Consumer<DataChannel> handler) {
        onDataChannel = Objects.requireNonNull(handler, "handler");
    }

    // ---- input

    /**
     * Takes one SCTP packet (a DTLS application-data payload). Never throws for any bytes. Copies what it
     * keeps; the caller may reuse {@code buf}.
     */
    public void handleReceive(Instant now, byte[] buf, int off, int len) {
        advance(now);
        if (association == null) {
            return; // nothing can arrive before the DTLS role is known; dropped
        }
        association.handleReceive(this.now, buf, off, len);
        pump();
    }

    /** Runs the association's timers due at {@code now}; a spurious call is a harmless no-op. */
    public void handleTimeout(Instant now) {
        advance(now);
        if (association == null) {
            return;
        }
        association.handleTimeout(this.now);
        pump();
    }

    // ---- output

    /**
     * Writes the next packet into {@code out[off]} (room for {@link SctpConfig#maxPacketSize()} bytes).
     *
     * @return its length, or -1 when there is nothing to send
     */
    public int pollTransmit(byte[] out, int off) {
        if (association == null) {
            return -1;
        }
        int n = association.pollTransmit(out, off);
        pump();
        return n;
    }

    /** The next packet to send, in a new array owned by the caller, if any. */
    public Optional<byte[]> pollTransmit() {
        if (association == null) {
            return Optional.empty();
        }
        Optional<byte[]> packet = association.pollTransmit();
        pump();
        return packet;
    }

    /** The next event, if any; the owner runs its handler with {@link DataChannelEvent#dispatch()}. */
    public Optional<DataChannelEvent> pollEvent() {
        if (events.isEmpty()) {
            pump();
        }
        return Optional.ofNullable(events.poll());
    }

    /** The earliest timer deadline, if any timer runs. */
    public Optional<Instant> pollTimeout() {
        return association == null ? Optional.empty() : association.pollTimeout();
    }

    // ---- getters

    /** Whether we are the DTLS client (even stream ids). */
    public boolean dtlsClient() {
        return dtlsClient;
    }

    /** Whether the association is up and has not ended. */
    public boolean connected() {
        return connected && !associationClosed;
    }

    /** The channels that exist now (not closed): by stream id, then those still without one. */
    public Collection<DataChannel> channels() {
        List<DataChannel> all = new ArrayList<>(channels.values());
        all.addAll(unbound);
        return all;
    }

    /** The channel on stream {@code id}, unless none or closed. */
    public Optional<DataChannel> channel(int id) {
        return Optional.ofNullable(channels.get(id));
    }

    /**
     * The association, for its state and statistics. Commands should go through this transport.
     *
     * @throws IllegalStateException before {@link #bind}
     */
    public SctpAssociation association() {
        return requireAssociation();
    }

    /** A snapshot of the counters. */
    public DataChannelTransportStats stats() {
        return new DataChannelTransportStats(channels.size(), dataChannelsOpened, dataChannelsClosed, malformedDcep,
                unexpectedDcep, refusedChannels, unknownPpid, messagesWithoutChannel);
    }

    // ---- what channels call

    void send(DataChannel channel, boolean binary, byte[] data, int off, int len) {
        if (offThread()) {
            checkSendable(channel, len);
            byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
            channel.handedOff.addAndGet(len);
            owner.execute(() -> {
                channel.handedOff.addAndGet(-len);
                try {
                    send(channel, binary, copy, 0, copy.length);
                } catch (RuntimeException e) {
                    LOG.debug("a message handed off to channel {} was not sent: {}", channel.id(), e.getMessage());
                }
            });
            return;
        }
        checkSendable(channel, len);
        long ppid = Ppid.forMessage(binary, len);
        if (len == 0) {
            association.send(now, channel.id(), ppid, ZERO_BYTE, 0, 1, channel.sendOptions());
        } else {
            association.send(now, channel.id(), ppid, data, off, len, channel.sendOptions());
        }
        channel.messagesSent++;
        channel.bytesSent += len;
        sending.add(channel);
        pump();
    }

    private void checkSendable(DataChannel channel, int len) {
        if (channel.state != DataChannelState.OPEN) {
            throw new IllegalStateException("InvalidStateError: channel " + channel.id() + " is " + channel.state
                    + " (expected: open)");
        }
        if (len > remoteMaxMessageSize) {
            throw new IllegalArgumentException("message of " + len + " bytes is larger than the peer's max-message-size "
                    + remoteMaxMessageSize + " (RFC 8841)");
        }
    }

    void close(DataChannel channel) {
        if (offThread()) {
            owner.execute(() -> close(channel));
            return;
        }
        if (channel.state == DataChannelState.CLOSING || channel.state == DataChannelState.CLOSED) {
            return;
        }
        if (!connected || associationClosed) {
            // Nothing was sent on the stream yet: there is nothing to reset.
            finish(channel);
        } else {
            startClosing(channel, false);
        }
        pump();
    }

    long bufferedAmount(DataChannel channel) {
        if (offThread()) {
            return channel.lastBufferedAmount + channel.handedOff.get();
        }
        if (channel.state == DataChannelState.CONNECTING || channel.state == DataChannelState.CLOSED
                || !connected || associationClosed) {
            return channel.lastBufferedAmount;
        }
        channel.lastBufferedAmount = association.bufferedAmount(channel.id());
        return channel.lastBufferedAmount;
    }

    void applyBufferedAmountLowThreshold(DataChannel channel) {
        if (offThread()) {
            owner.execute(() -> applyBufferedAmountLowThreshold(channel));
            return;
        }
        if (connected && !associationClosed && channel.state != DataChannelState.CLOSED) {
            association.setBufferedAmountLowThreshold(channel.id(), channel.bufferedAmountLowThreshold);
        }
    }

    void fireDataChannel(DataChannel channel) {
        onDataChannel.accept(channel);
    }

    // ---- the association's events

    private void advance(Instant t) {
        if (t.isAfter(now)) {
            now = t;
        }
    }

    /** Moves the association's events into ours, acting on them. */
    private void pump() {
        if (association == null) {
            return;
        }
        for (Optional<SctpEvent> e = association.pollEvent(); e.isPresent(); e = association.pollEvent()) {
            handle(e.get());
        }
        if (!sending.isEmpty()) {
            for (java.util.Iterator<DataChannel> it = sending.iterator(); it.hasNext(); ) {
                DataChannel channel = it.next();
                if (channel.state == DataChannelState.CLOSED) {
                    it.remove();
                    continue;
                }
                channel.lastBufferedAmount = association.bufferedAmount(channel.id());
                if (channel.lastBufferedAmount == 0) {
                    it.remove();
                }
            }
        }
    }

    private void handle(SctpEvent event) {
        if (event instanceof SctpEvent.Message m) {
            onMessage(m);
        } else if (event instanceof SctpEvent.Connected) {
            onConnected();
        } else if (event instanceof SctpEvent.IncomingStreamsReset r) {
            for (int stream : r.streams()) {
                onIncomingReset(stream);
            }
        } else if (event instanceof SctpEvent.OutgoingStreamsReset r) {
            for (int stream : r.streams()) {
                onOutgoingReset(stream);
            }
        } else if (event instanceof SctpEvent.BufferedAmountLow b) {
            DataChannel channel = channels.get(b.streamId());
            if (channel != null) {
                events.add(new DataChannelEvent.BufferedAmountLow(channel));
            }
        } else if (event instanceof SctpEvent.MessageTooLarge t) {
            DataChannel channel = channels.get(t.streamId());
            if (channel != null) {
                fail(channel, DataChannelError.Detail.DATA_CHANNEL_FAILURE, "the peer sent a message of " + t.size()
                        + " bytes, larger than our max-message-size (RFC 8831 §6.6)");
            }
        } else if (event instanceof SctpEvent.Closed c) {
            onAssociationClosed(c);
        }
    }

    private void onConnected() {
        connected = true;
        int streams = association.outboundStreams();
        LOG.debug("association up, {} outbound streams; starting {} channels", streams, channels.size());
        for (DataChannel channel : new ArrayList<>(channels.values())) {
            if (channel.id() >= streams) {
                events.add(new DataChannelEvent.Error(channel, new DataChannelError(
                        DataChannelError.Detail.DATA_CHANNEL_FAILURE, "stream id " + channel.id()
                        + " is beyond the association's " + streams + " streams")));
                finish(channel);
            } else {
                start(channel);
            }
        }
    }

    /** Opens one of our channels on an association that is up: sends the OPEN unless negotiated. */
    private void start(DataChannel channel) {
        applyBufferedAmountLowThreshold(channel);
        if (!channel.negotiated()) {
            byte[] open = channel.openMessage().encode();
            try {
                association.send(now, channel.id(), Ppid.DCEP, open, 0, open.length, SendOptions.RELIABLE);
            } catch (IllegalStateException | IllegalArgumentException e) {
                events.add(new DataChannelEvent.Error(channel, new DataChannelError(
                        DataChannelError.Detail.DATA_CHANNEL_FAILURE, "DATA_CHANNEL_OPEN not sent: " + e.getMessage())));
                finish(channel);
                return;
            }
            channel.awaitingAck = true;
        }
        open(channel);
    }

    private void open(DataChannel channel) {
        channel.state = DataChannelState.OPEN;
        dataChannelsOpened++;
        events.add(new DataChannelEvent.Open(channel));
        LOG.debug("channel {} '{}' open", channel.id(), channel.label());
    }

    private void onMessage(SctpEvent.Message m) {
        int stream = m.streamId();
        if (m.ppid() == Ppid.DCEP) {
            onDcep(stream, m.data());
            return;
        }
        DataChannel channel = channels.get(stream);
        if (channel == null || (channel.state != DataChannelState.OPEN && channel.state != DataChannelState.CLOSING)) {
            messagesWithoutChannel++;
            LOG.debug("dropped a message with PPID {} on stream {}: no open channel", m.ppid(), stream);
            return;
        }
        if (!Ppid.isUserMessage(m.ppid())) {
            unknownPpid++;
            LOG.debug("dropped a message with unknown PPID {} on stream {}", m.ppid(), stream);
            return;
        }
        // The peer got our OPEN if it sends on the stream: it may have come unordered before the ACK.
        channel.awaitingAck = false;
        boolean binary = Ppid.isBinary(m.ppid());
        DataChannelMessage message = Ppid.isEmpty(m.ppid()) ? DataChannelMessage.empty(binary)
                : new DataChannelMessage(binary, m.data());
        channel.messagesReceived++;
        channel.bytesReceived += message.size();
        events.add(new DataChannelEvent.Message(channel, message));
    }

    private void onDcep(int stream, byte[] data) {
        DcepMessage message;
        try {
            message = DcepMessage.decode(data, 0, data.length);
        } catch (DataChannelException e) {
            malformedDcep++;
            LOG.debug("dropped a DCEP message on stream {}: {}", stream, e.getMessage());
            return;
        }
        DataChannel existing = channels.get(stream);
        if (message instanceof DcepMessage.Ack) {
            if (existing != null && existing.awaitingAck) {
                existing.awaitingAck = false;
                LOG.debug("channel {} acknowledged", stream);
            } else {
                unexpectedDcep++;
                LOG.debug("dropped a DATA_CHANNEL_ACK on stream {}: no channel waits for one", stream);
            }
            return;
        }
        DcepMessage.Open open = (DcepMessage.Open) message;
        if (existing != null) {
            unexpectedDcep++;
            LOG.debug("dropped a DATA_CHANNEL_OPEN on stream {}: the stream is in use", stream);
            return;
        }
        if (ids.isOurs(stream)) {
            LOG.debug("the peer opens channel {} on a stream id of our parity (RFC 8832 §6); accepted", stream);
        }
        if (channels.size() >= maxChannels) {
            refusedChannels++;
            LOG.debug("refused a DATA_CHANNEL_OPEN on stream {}: {} channels exist", stream, channels.size());
            try {
                association.resetStreams(now, stream);
            } catch (IllegalStateException | IllegalArgumentException e) {
                LOG.debug("could not reset stream {}: {}", stream, e.getMessage());
            }
            return;
        }
        try {
            association.send(now, stream, Ppid.DCEP, ACK, 0, ACK.length, SendOptions.RELIABLE);
        } catch (IllegalStateException | IllegalArgumentException e) {
            refusedChannels++;
            LOG.debug("refused a DATA_CHANNEL_OPEN on stream {}: the ACK could not be sent: {}", stream, e.getMessage());
            return;
        }
        ids.reserve(stream);
        DataChannel channel = new DataChannel(this, stream, open.label(), DataChannel.initOf(open));
        channels.put(stream, channel);
        applyBufferedAmountLowThreshold(channel);
        events.add(new DataChannelEvent.ChannelOpened(channel));
        LOG.debug("the peer opened channel {} '{}' ({})", stream, open.label(), open.channelType());
        open(channel);
    }

    private void onIncomingReset(int stream) {
        DataChannel channel = channels.get(stream);
        if (channel == null) {
            return;
        }
        channel.incomingReset = true;
        if (channel.state == DataChannelState.OPEN || channel.state == DataChannelState.CONNECTING) {
            startClosing(channel, true);
        }
        finishIfReset(channel);
    }

    private void onOutgoingReset(int stream) {
        DataChannel channel = channels.get(stream);
        if (channel == null) {
            return;
        }
        channel.outgoingReset = true;
        finishIfReset(channel);
    }

    /** Runs when a channel fails: error, then the closing procedure. */
    private void fail(DataChannel channel, DataChannelError.Detail detail, String why) {
        if (channel.state == DataChannelState.CLOSED) {
            return;
        }
        LOG.debug("channel {} failed: {}", channel.id(), why);
        events.add(new DataChannelEvent.Error(channel, new DataChannelError(detail, why)));
        if (channel.state != DataChannelState.CLOSING) {
            startClosing(channel, true);
        }
        finishIfReset(channel);
    }

    /**
     * The closing procedure: "closing", then our outgoing stream reset, which the association performs
     * after the messages queued on it (RFC 6525 §5.1.2, {@link SctpAssociation#resetStreams}).
     *
     * @param announce whether the application did not ask for it, so it gets a closing event
     */
    private void startClosing(DataChannel channel, boolean announce) {
        bufferedAmount(channel);
        channel.state = DataChannelState.CLOSING;
        if (announce) {
            events.add(new DataChannelEvent.Closing(channel));
        }
        LOG.debug("channel {} closing", channel.id());
        if (!channel.resetRequested) {
            channel.resetRequested = true;
            try {
                association.resetStreams(now, channel.id());
            } catch (IllegalStateException | IllegalArgumentException e) {
                // The association is ending; its Closed event closes the channel.
                LOG.debug("could not reset stream {}: {}", channel.id(), e.getMessage());
            }
        }
    }

    private void finishIfReset(DataChannel channel) {
        if (channel.outgoingReset && channel.incomingReset && channel.state != DataChannelState.CLOSED) {
            finish(channel);
        }
    }

    /** Closes the channels created before {@link #bind}: the connection ended without an association. */
    private void closeUnbound() {
        for (DataChannel channel : new ArrayList<>(unbound)) {
            finish(channel);
        }
        for (DataChannel channel : new ArrayList<>(channels.values())) {
            finish(channel);
        }
    }

    /** The channel is closed: its id is free again. */
    private void finish(DataChannel channel) {
        if (channel.state == DataChannelState.OPEN || channel.state == DataChannelState.CLOSING) {
            dataChannelsClosed++;
        }
        channel.state = DataChannelState.CLOSED;
        if (channel.id() < 0) {
            unbound.remove(channel);
        } else {
            channels.remove(channel.id());
            ids.release(channel.id());
        }
        events.add(new DataChannelEvent.Closed(channel));
        LOG.debug("channel {} closed", channel.id());
    }

    private void onAssociationClosed(SctpEvent.Closed closed) {
        associationClosed = true;
        LOG.debug("association closed ({}: {}); closing {} channels", closed.kind(), closed.reason(), channels.size());
        boolean failure = closed.kind() != SctpEvent.CloseKind.SHUTDOWN;
        for (DataChannel channel : new ArrayList<>(channels.values())) {
            if (failure) {
                events.add(new DataChannelEvent.Error(channel, new DataChannelError(
                        DataChannelError.Detail.SCTP_FAILURE, closed.kind() + ": " + closed.reason())));
            }
            finish(channel);
        }
    }
}
