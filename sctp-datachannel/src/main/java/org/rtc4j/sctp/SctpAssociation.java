package org.rtc4j.sctp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCTP association over DTLS (RFC 9260, RFC 8261), as a sans-IO state machine: packets in with
 * {@link #handleReceive}, packets out with {@link #pollTransmit}, timers with {@link #handleTimeout}
 * and {@link #pollTimeout}, and what the user must know with {@link #pollEvent}. Driven by
 * <em>mutate, then drain</em>: after any call that takes input, drain {@code pollTransmit} and
 * {@code pollEvent} until empty, then wait until {@code pollTimeout}.
 *
 * <p>Both WebRTC peers call {@link #connect} (RFC 8841: both send INIT); the collision resolves by
 * RFC 9260 §5.2. The association speaks DATA/SACK with congestion control (§6, §7), heartbeats (§8.3),
 * shutdown and abort (§9), FORWARD-TSN (RFC 3758), outgoing stream resets (RFC 6525) and, when both
 * ends offer it, the zero checksum of RFC 9653.
 *
 * <p>Bad input never throws out of {@code handle*}: malformed packets, wrong checksums and
 * verification tags are dropped and counted in {@link #stats()}. What a peer can make us hold is
 * bounded: the receive window in bytes and {@link ReceiveBuffer#MAX_TSN_WINDOW} TSNs.
 *
 * <p>Buffers: {@code handleReceive} copies what it keeps; {@code send} copies the message;
 * {@code pollTransmit(out, off)} writes into the caller's buffer. Not thread-safe: one association
 * belongs to one event loop.
 */
public final class SctpAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(SctpAssociation.class);
    /** RFC 9653 §5: the error detection method "DTLS" (RFC 8261). */
    private static final long ZERO_CHECKSUM_DTLS = 1;
    private static final int CAUSE_PROTOCOL_VIOLATION = 13;
    private static final int CAUSE_USER_INITIATED_ABORT = 12;
    /** Avoid fragments smaller than this when a packet has little room left. */
    private static final int MIN_FRAGMENT = 256;

    private final SctpConfig config;
    private final RandomGenerator random;
    private final ArrayDeque<SctpEvent> events = new ArrayDeque<>();
    private final TimerTable timers = new TimerTable();
    private final StateCookie cookies;
    private final RtoEstimator rto;
    private final ReceiveBuffer receive;
    private final SendQueue sendQueue;
    private final RetransmissionQueue sent;
    private final StreamResetter resets;
    private final Crc32c crc = new Crc32c();
    private final ChunkReader reader = new ChunkReader();
    private final ArrayDeque<PendingChunk> control = new ArrayDeque<>();
    private final long localTag;
    private final long localInitialTsn;
    private byte[] scratch;

    private SctpState state = SctpState.CLOSED;
    private boolean connectCalled;
    private long peerTag;
    private int outboundStreams;
    private int inboundStreams;
    private boolean peerForwardTsn;
    private boolean sendZeroChecksum;
    private InitChunk initChunk;
    private RawChunk cookieEcho;
    private int initRetransmits;
    private int errorCount;
    private long lastNow = Long.MIN_VALUE;
    /** The association has ended (closed after having been started, or aborted): it takes no more input. */
    private boolean ended;

    private boolean sackNeeded;
    private int packetsSinceSack;
    private long lastAdvertisedRwnd;
    private byte[] heartbeatNonce;

    private long packetsReceived;
    private long packetsSent;
    private long droppedMalformed;
    private long droppedChecksum;
    private long droppedTag;
    private long droppedOutOfWindow;
    private long dataChunksSent;
    private long dataChunksReceived;
    private long duplicateTsns;
    private long t3Expirations;
    private long messagesSent;
    private long bytesSent;

    /** A control chunk waiting for {@code pollTransmit}, with the verification tag its packet carries. */
    private record PendingChunk(long tag, SctpChunk chunk) {
    }

    /**
     * @param random the source of verification tags, initial TSNs and the cookie secret (a
     *               {@link java.security.SecureRandom} in production; seeded in simulations)
     */
    public SctpAssociation(SctpConfig config, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.cookies = new StateCookie(random);
        this.rto = new RtoEstimator(config.rtoInitial().toNanos(), config.rtoMin().toNanos(), config.rtoMax().toNanos());
        this.receive = new ReceiveBuffer(config.receiveWindow(), config.maxMessageSize(), events);
        this.sendQueue = new SendQueue(config.maxSendBuffer(), events);
        this.sent = new RetransmissionQueue(config.maxPacketSize() - SctpPacket.HEADER_LENGTH, rto);
        this.resets = new StreamResetter(events, config.maxPacketSize());
        long tag;
        do {
            tag = random.nextInt() & 0xFFFFFFFFL;
        } while (tag == 0);
        this.localTag = tag;
        this.localInitialTsn = random.nextInt() & 0xFFFFFFFFL;
        this.lastAdvertisedRwnd = config.receiveWindow();
    }

    // ---------------------------------------------------------------------------------- commands

    /** Starts the association: sends INIT (RFC 9260 §5.1). */
    public void connect(Instant now) {
        long t = time(now);
        if (connectCalled || state != SctpState.CLOSED) {
            throw new IllegalStateException("connect() was already called (state " + state + ")");
        }
        connectCalled = true;
        initChunk = new InitChunk(SctpChunk.INIT, 0, localTag, config.receiveWindow(), config.outboundStreams(),
                config.inboundStreams(), localInitialTsn, initParameters(null));
        state = SctpState.COOKIE_WAIT;
        control.add(new PendingChunk(0, initChunk));
        timers.start(SctpTimer.T1_INIT, t + rto.rto());
        LOG.debug("{} connect: INIT sent", this);
    }

    /**
     * Queues one user message on a stream (copied). Allowed once {@link #connect} was called and
     * until {@link #shutdown}: before the association is up, messages wait.
     *
     * @throws IllegalArgumentException for a stream outside the negotiated outbound streams, an empty
     *                                  message, or one larger than the peer's max-message-size
     * @throws IllegalStateException when the send buffer is full, the stream is being reset, or the
     *                               association is shutting down or closed
     */
    public void send(Instant now, int streamId, long ppid, byte[] data, int off, int len, SendOptions options) {
        long t = time(now);
        Objects.checkFromIndexSize(off, len, data.length);
        if (!(state == SctpState.ESTABLISHED || state == SctpState.COOKIE_WAIT || state == SctpState.COOKIE_ECHOED)) {
            throw new IllegalStateException("cannot send in state " + state);
        }
        int limit = outboundStreams == 0 ? config.outboundStreams() : outboundStreams;
        if (streamId < 0 || streamId >= limit) {
            throw new IllegalArgumentException("stream " + streamId + " (expected: 0 ~ " + (limit - 1) + ")");
        }
        if (len == 0) {
            throw new IllegalArgumentException("empty message (SCTP carries at least one byte; RFC 8831 §6.6 uses PPID 56/57)");
        }
        if (len > config.remoteMaxMessageSize()) {
            throw new IllegalArgumentException("message of " + len + " bytes (expected: at most the peer's max-message-size "
                    + config.remoteMaxMessageSize() + ")");
        }
        if (ppid < 0 || ppid > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("ppid " + ppid + " (expected: 0 ~ 4294967295)");
        }
        long expiresAt = options.maxLifetimeMillis() < 0 ? Long.MAX_VALUE : t + options.maxLifetimeMillis() * 1_000_000L;
        sendQueue.add(new OutboundMessage(streamId, ppid, Arrays.copyOfRange(data, off, off + len), options.unordered(),
                options.maxRetransmits(), expiresAt));
    }

    /** The bytes of a stream's messages not yet sent for the first time (the W3C bufferedAmount). */
    public long bufferedAmount(int streamId) {
        return sendQueue.buffered(streamId);
    }

    /** Emit {@link SctpEvent.BufferedAmountLow} when the stream's buffered amount falls to {@code threshold} or below. */
    public void setBufferedAmountLowThreshold(int streamId, long threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold " + threshold + " (expected: at least 0)");
        }
        sendQueue.setLowThreshold(streamId, threshold);
    }

    /**
     * Resets outgoing streams (RFC 6525 §5.1.2), how a data channel closes: queued messages on them
     * are sent first; {@link SctpEvent.OutgoingStreamsReset} reports completion. Sending on a stream
     * fails from now until then.
     */
    public void resetStreams(Instant now, int... streamIds) {
        time(now);
        for (int id : streamIds) {
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException("stream " + id + " (expected: 0 ~ 65535)");
            }
            if (!sendQueue.resetting(id)) {
                resets.request(id, sendQueue);
            }
        }
    }

    /** Starts a graceful shutdown (RFC 9260 §9.2) once queued data is delivered. */
    public void shutdown(Instant now) {
        long t = time(now);
        switch (state) {
            case ESTABLISHED -> {
                state = SctpState.SHUTDOWN_PENDING;
                progressShutdown(t);
            }
            case CLOSED, COOKIE_WAIT, COOKIE_ECHOED -> close(SctpEvent.CloseKind.SHUTDOWN, "shut down before established");
            default -> {
                // already shutting down
            }
        }
    }

    /** Sends ABORT and closes at once (RFC 9260 §9.1). */
    public void abort(Instant now, String reason) {
        time(now);
        if (state == SctpState.CLOSED) {
            return;
        }
        if (peerTag != 0) {
            control.add(new PendingChunk(peerTag, abortChunk(CAUSE_USER_INITIATED_ABORT, reason)));
        }
        close(SctpEvent.CloseKind.ABORTED, reason);
    }

    // ---------------------------------------------------------------------------------- input

    /**
     * Takes one SCTP packet (a DTLS application-data record's payload). Never throws for any bytes:
     * malformed packets are dropped and counted. Copies what it keeps; the caller may reuse the buffer.
     */
    public void handleReceive(Instant now, byte[] buf, int off, int len) {
        long t = time(now);
        Objects.checkFromIndexSize(off, len, buf.length);
        if (ended) {
            return;
        }
        try {
            receivePacket(t, buf, off, len);
        } catch (SctpException e) {
            droppedMalformed++;
            LOG.debug("{} dropped a malformed packet: {}", this, e.getMessage());
        }
    }

    /** Runs the timers due at {@code now}; a spurious call is a harmless no-op. */
    public void handleTimeout(Instant now) {
        long t = time(now);
        if (timers.expire(SctpTimer.T1_INIT, t)) {
            retransmitSetup(t, SctpTimer.T1_INIT, initChunk, 0);
        }
        if (timers.expire(SctpTimer.T1_COOKIE, t)) {
            retransmitSetup(t, SctpTimer.T1_COOKIE, cookieEcho, peerTag);
        }
        if (timers.expire(SctpTimer.T3_RTX, t)) {
            onT3(t);
        }
        if (timers.expire(SctpTimer.DELAYED_ACK, t)) {
            sackNeeded = true;
        }
        if (timers.expire(SctpTimer.T2_SHUTDOWN, t)) {
            onT2(t);
        }
        if (timers.expire(SctpTimer.HEARTBEAT, t)) {
            onHeartbeatTimer(t);
        }
        if (timers.expire(SctpTimer.RECONFIG, t)) {
            resets.onTimeout();
            if (resets.hasOutstanding()) {
                rto.backOff();
                timers.start(SctpTimer.RECONFIG, t + rto.rto());
            }
        }
    }

    // ---------------------------------------------------------------------------------- output

    /**
     * Writes the next packet into {@code out[off]} (room for {@link SctpConfig#maxPacketSize()} bytes).
     *
     * @return its length, or -1 when there is nothing to send
     */
    public int pollTransmit(byte[] out, int off) {
        if (out.length - off < config.maxPacketSize()) {
            throw new IllegalArgumentException("output room " + (out.length - off) + " (expected: at least "
                    + config.maxPacketSize() + ")");
        }
        if (!control.isEmpty()) {
            return writeControlPacket(out, off);
        }
        if (!canExchangeData()) {
            return -1;
        }
        long now = lastNow;
        int end = off + config.maxPacketSize();
        int p = off + SctpPacket.HEADER_LENGTH;
        if (sackNeeded) {
            p += writeSack(out, p, end - p);
        }
        if (sent.forwardTsnNeeded() && peerForwardTsn) {
            p += sent.writeForwardTsn(out, p, end - p);
        }
        if (resets.maybeStartRequest(sendQueue, Tsn.add(sent.nextTsn(), -1))) {
            timers.start(SctpTimer.RECONFIG, now + rto.rto());
        }
        // A RE-CONFIG that does not fit after the SACK goes in the next packet.
        if (resets.hasParametersToSend() && resets.pendingChunkLength() <= end - p) {
            p += SctpPacket.writeChunk(new ParameterChunk(SctpChunk.RE_CONFIG, 0, resets.takeParameters()), out, p);
        }
        boolean dataSent = false;
        if (state != SctpState.SHUTDOWN_SENT && state != SctpState.SHUTDOWN_ACK_SENT) {
            int before = p;
            p = writeRetransmissions(out, p, end, now);
            p = writeNewData(out, p, end, now);
            dataSent = p != before;
        }
        if (p == off + SctpPacket.HEADER_LENGTH) {
            return -1;
        }
        if (dataSent && !timers.running(SctpTimer.T3_RTX)) {
            timers.start(SctpTimer.T3_RTX, now + rto.rto());
        }
        return finishPacket(out, off, p, peerTag, sendZeroChecksum);
    }

    /** The next packet to send, in a new array, if any. */
    public Optional<byte[]> pollTransmit() {
        if (scratch == null) {
            scratch = new byte[config.maxPacketSize()];
        }
        int n = pollTransmit(scratch, 0);
        return n < 0 ? Optional.empty() : Optional.of(Arrays.copyOf(scratch, n));
    }

    /** The next event, if any. Draining messages opens the receive window again. */
    public Optional<SctpEvent> pollEvent() {
        SctpEvent e = events.poll();
        if (e instanceof SctpEvent.Message m) {
            receive.drained(m.data().length);
            long window = receiveWindow();
            // Tell a peer that was held back that there is room again (RFC 9260 §6.2 window updates).
            if (lastAdvertisedRwnd < config.receiveWindow() / 2 && window - lastAdvertisedRwnd >= config.receiveWindow() / 4
                    && canExchangeData()) {
                sackNeeded = true;
            }
        }
        return Optional.ofNullable(e);
    }

    /** The earliest timer deadline, if any timer runs. */
    public Optional<Instant> pollTimeout() {
        long at = timers.earliest();
        return at == TimerTable.OFF ? Optional.empty() : Optional.of(Instant.ofEpochSecond(0, at));
    }

    // ---------------------------------------------------------------------------------- getters

    /** The association's state. */
    public SctpState state() {
        return state;
    }

    /** The streams we may send on: the lesser of our outbound and the peer's inbound count (0 before setup). */
    public int outboundStreams() {
        return outboundStreams;
    }

    /** The streams the peer may send on (0 before setup). */
    public int inboundStreams() {
        return inboundStreams;
    }

    /** Whether packets we send carry a zero checksum (RFC 9653: both ends offered it). */
    public boolean zeroChecksumInUse() {
        return sendZeroChecksum;
    }

    /** The settings. */
    public SctpConfig config() {
        return config;
    }

    /** A snapshot of the counters. */
    public SctpStats stats() {
        return new SctpStats(packetsReceived, packetsSent, droppedMalformed, droppedChecksum, droppedTag,
                droppedOutOfWindow, dataChunksSent, dataChunksReceived, duplicateTsns, sent.retransmissions(),
                sent.fastRetransmits(), t3Expirations, messagesSent, receive.messagesDelivered(), bytesSent,
                receive.bytesDelivered(), sent.abandonedMessages() + sendQueue.abandonedMessages(), sent.cwnd(),
                sent.ssthresh(), sent.peerRwnd(), sent.flightSize(), rto.srtt() / 1_000_000, rto.rto() / 1_000_000);
    }

    @Override
    public String toString() {
        return "SctpAssociation[" + Long.toHexString(localTag) + ", " + state + "]";
    }

    // ---------------------------------------------------------------------------------- receive path

    private void receivePacket(long now, byte[] b, int off, int len) throws SctpException {
        reader.reset(b, off, len);
        int firstType = -1;
        int chunks = 0;
        while (reader.next()) {
            if (chunks++ == 0) {
                firstType = reader.type();
            }
        }
        if (chunks == 0) {
            throw new SctpException(SctpException.Reason.TRUNCATED, "packet without chunks");
        }
        if (!crc.matches(b, off, len)
                && !(config.zeroChecksum() && Crc32c.readField(b, off) == 0 && firstType != SctpChunk.INIT)) {
            droppedChecksum++;
            LOG.debug("{} dropped a packet with a bad checksum", this);
            return;
        }
        if (SctpPacket.destinationPort(b, off) != config.localPort() || SctpPacket.sourcePort(b, off) != config.remotePort()) {
            droppedTag++;
            return;
        }
        long tag = SctpPacket.verificationTag(b, off);
        if (firstType == SctpChunk.INIT) {
            if (tag != 0 || chunks != 1) {
                droppedTag++;
                return;
            }
        } else if (!tagAcceptable(firstType, tag, b, off, len)) {
            droppedTag++;
            return;
        }
        packetsReceived++;
        boolean dataReceived = false;
        boolean ackNow = false;
        reader.reset(b, off, len);
        while (reader.next() && !ended) {
            int type = reader.type();
            int v = reader.valueOffset();
            int vlen = reader.valueLength();
            switch (type) {
                case SctpChunk.DATA -> {
                    dataReceived = true;
                    ackNow |= onData(b, v, vlen, reader.flags());
                }
                case SctpChunk.SACK -> onSack(now, b, v, vlen);
                case SctpChunk.INIT -> onInit(now, (InitChunk) reader.decodeChunk());
                case SctpChunk.INIT_ACK -> onInitAck(now, (InitChunk) reader.decodeChunk());
                case SctpChunk.COOKIE_ECHO -> onCookieEcho(now, b, v, vlen);
                case SctpChunk.COOKIE_ACK -> onCookieAck(now);
                case SctpChunk.HEARTBEAT -> onHeartbeat((ParameterChunk) reader.decodeChunk());
                case SctpChunk.HEARTBEAT_ACK -> onHeartbeatAck(now, (ParameterChunk) reader.decodeChunk());
                case SctpChunk.ABORT -> onAbort((ParameterChunk) reader.decodeChunk());
                case SctpChunk.SHUTDOWN -> onShutdown(now, (ShutdownChunk) reader.decodeChunk());
                case SctpChunk.SHUTDOWN_ACK -> onShutdownAck();
                case SctpChunk.SHUTDOWN_COMPLETE -> onShutdownComplete();
                case SctpChunk.ERROR -> LOG.debug("{} peer reported {}", this, reader.decodeChunk());
                case SctpChunk.FORWARD_TSN -> {
                    onForwardTsn((ForwardTsnChunk) reader.decodeChunk());
                    dataReceived = true;
                    ackNow = true;
                }
                case SctpChunk.RE_CONFIG -> onReconfig(now, (ParameterChunk) reader.decodeChunk());
                case SctpChunk.PAD -> {
                    // padding only
                }
                default -> {
                    // RFC 9260 §3.2: the two high bits say whether to skip an unknown chunk or stop.
                    if ((type & 0x80) == 0) {
                        return;
                    }
                }
            }
        }
        if (dataReceived && canExchangeData()) {
            resets.onCumulativeTsn(receive);
            scheduleSack(now, ackNow || receive.hasGaps());
        }
    }

    /** RFC 9260 §8.5: the verification tag a packet must carry, with the exceptions of §8.5.1. */
    private boolean tagAcceptable(int firstType, long tag, byte[] b, int off, int len) throws SctpException {
        boolean reflected = (b[off + SctpPacket.HEADER_LENGTH + 1] & ParameterChunk.TAG_REFLECTED) != 0;
        if ((firstType == SctpChunk.ABORT || firstType == SctpChunk.SHUTDOWN_COMPLETE) && reflected) {
            return peerTag != 0 && tag == peerTag;
        }
        return tag == localTag;
    }

    /** @return whether the SACK should go out at once */
    private boolean onData(byte[] b, int v, int vlen, int flags) {
        if (!canExchangeData() || state == SctpState.SHUTDOWN_ACK_SENT) {
            return false;
        }
        dataChunksReceived++;
        if (vlen <= DataChunk.HEADER_LENGTH) {
            droppedMalformed++;
            return false;
        }
        if (DataChunk.streamId(b, v) >= inboundStreams) {
            droppedMalformed++;
            return false;
        }
        ReceiveBuffer.Outcome outcome = receive.onData(b, v, vlen, flags, receiveWindow());
        switch (outcome) {
            case DUPLICATE -> {
                duplicateTsns++;
                return true;
            }
            case OUT_OF_WINDOW -> {
                droppedOutOfWindow++;
                return true;
            }
            case OUT_OF_ORDER -> {
                return true;
            }
            default -> {
                return (flags & DataChunk.IMMEDIATE) != 0;
            }
        }
    }

    private void onSack(long now, byte[] b, int v, int vlen) {
        if (!canExchangeData()) {
            return;
        }
        RetransmissionQueue.SackOutcome outcome = sent.onSack(b, v, vlen, now, sendQueue);
        afterAck(now, outcome);
    }

    private void afterAck(long now, RetransmissionQueue.SackOutcome outcome) {
        switch (outcome) {
            case INVALID -> droppedMalformed++;
            case CUM_ADVANCED -> {
                errorCount = 0;
                if (sent.hasOutstanding()) {
                    timers.start(SctpTimer.T3_RTX, now + rto.rto());
                } else {
                    timers.stop(SctpTimer.T3_RTX);
                }
            }
            default -> {
                if (!sent.hasOutstanding()) {
                    timers.stop(SctpTimer.T3_RTX);
                }
                if (outcome == RetransmissionQueue.SackOutcome.NO_PROGRESS && sent.peerRwnd() == 0) {
                    errorCount = 0; // RFC 9260 §6.1 A: a peer that answers window probes is alive
                }
            }
        }
        progressShutdown(now);
    }

    private void onForwardTsn(ForwardTsnChunk chunk) {
        if (!canExchangeData()) {
            return;
        }
        int[] ids = new int[chunk.skipped().size()];
        int[] ssns = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = chunk.skipped().get(i).streamId();
            ssns[i] = chunk.skipped().get(i).ssn();
        }
        receive.onForwardTsn(chunk.newCumulativeTsn(), ids, ssns);
    }

    private void onReconfig(long now, ParameterChunk chunk) throws SctpException {
        if (!canExchangeData()) {
            return;
        }
        if (resets.onReconfig(chunk.parameters(), receive, sendQueue)) {
            timers.stop(SctpTimer.RECONFIG);
        }
    }

    // ---------------------------------------------------------------------------------- setup

    private void onInit(long now, InitChunk init) {
        if (init.initiateTag() == 0 || init.outboundStreams() == 0 || init.inboundStreams() == 0) {
            droppedMalformed++; // RFC 9260 §3.3.2: such an INIT is discarded (or aborted)
            return;
        }
        if (state == SctpState.SHUTDOWN_ACK_SENT) {
            return;
        }
        // Whatever our state, answer with our own tag and a cookie; state is created only by COOKIE ECHO.
        int flags = (init.supportsForwardTsn() ? StateCookie.FLAG_FORWARD_TSN : 0)
                | (init.supportsExtension(SctpChunk.RE_CONFIG) ? StateCookie.FLAG_RECONFIG : 0)
                | (init.zeroChecksumMethod() == ZERO_CHECKSUM_DTLS ? StateCookie.FLAG_ZERO_CHECKSUM : 0);
        byte[] cookie = cookies.issue(now / 1_000_000, new StateCookie.Contents(localTag, init.initiateTag(),
                init.initialTsn(), init.aRwnd(), init.outboundStreams(), init.inboundStreams(), flags));
        InitChunk initAck = new InitChunk(SctpChunk.INIT_ACK, 0, localTag, config.receiveWindow(), config.outboundStreams(),
                config.inboundStreams(), localInitialTsn, initParameters(cookie));
        control.add(new PendingChunk(init.initiateTag(), initAck));
    }

    private void onInitAck(long now, InitChunk initAck) {
        if (state != SctpState.COOKIE_WAIT) {
            return; // RFC 9260 §5.2.3: discard in any other state
        }
        byte[] cookie = initAck.stateCookie();
        if (initAck.initiateTag() == 0 || cookie == null || initAck.outboundStreams() == 0 || initAck.inboundStreams() == 0) {
            droppedMalformed++;
            return;
        }
        adoptPeer(initAck.initiateTag(), initAck.initialTsn(), initAck.aRwnd(), initAck.outboundStreams(),
                initAck.inboundStreams(), initAck.supportsForwardTsn(), initAck.zeroChecksumMethod() == ZERO_CHECKSUM_DTLS);
        timers.stop(SctpTimer.T1_INIT);
        cookieEcho = new RawChunk(SctpChunk.COOKIE_ECHO, 0, cookie);
        control.add(new PendingChunk(peerTag, cookieEcho));
        state = SctpState.COOKIE_ECHOED;
        initRetransmits = 0;
        timers.start(SctpTimer.T1_COOKIE, now + rto.rto());
    }

    private void onCookieEcho(long now, byte[] b, int v, int vlen) {
        StateCookie.Contents c = cookies.verify(b, v, vlen, now / 1_000_000, config.cookieLifetime().toMillis());
        if (c == null || c.localTag() != localTag) {
            droppedTag++;
            LOG.debug("{} dropped a COOKIE ECHO with an invalid, changed or stale cookie", this);
            return;
        }
        switch (state) {
            case CLOSED, COOKIE_WAIT, COOKIE_ECHOED -> {
                if (state == SctpState.CLOSED || state == SctpState.COOKIE_WAIT || peerTag != c.peerTag()) {
                    adoptPeer(c.peerTag(), c.peerInitialTsn(), c.peerRwnd(), c.peerOutboundStreams(),
                            c.peerInboundStreams(), (c.flags() & StateCookie.FLAG_FORWARD_TSN) != 0,
                            (c.flags() & StateCookie.FLAG_ZERO_CHECKSUM) != 0);
                }
                control.add(new PendingChunk(peerTag, RawChunk.empty(SctpChunk.COOKIE_ACK, 0)));
                established(now);
            }
            default -> {
                if (c.peerTag() == peerTag) {
                    control.add(new PendingChunk(peerTag, RawChunk.empty(SctpChunk.COOKIE_ACK, 0)));
                } else {
                    droppedTag++; // a peer restart (RFC 9260 §5.2.4 case A) is not supported over DTLS
                }
            }
        }
    }

    private void onCookieAck(long now) {
        if (state == SctpState.COOKIE_ECHOED) {
            established(now);
        }
    }

    private void adoptPeer(long tag, long initialTsn, long aRwnd, int peerOutbound, int peerInbound, boolean forwardTsn,
                           boolean zeroChecksum) {
        peerTag = tag;
        outboundStreams = Math.min(config.outboundStreams(), peerInbound);
        inboundStreams = Math.min(config.inboundStreams(), peerOutbound);
        peerForwardTsn = forwardTsn;
        sendZeroChecksum = zeroChecksum && config.zeroChecksum();
        receive.reset(initialTsn);
        sent.reset(localInitialTsn, aRwnd);
        resets.reset(localInitialTsn, initialTsn);
    }

    private void established(long now) {
        timers.stop(SctpTimer.T1_INIT);
        timers.stop(SctpTimer.T1_COOKIE);
        state = SctpState.ESTABLISHED;
        errorCount = 0;
        timers.start(SctpTimer.HEARTBEAT, now + config.heartbeatInterval().toNanos());
        events.add(new SctpEvent.Connected());
        LOG.debug("{} established: {} streams out, {} in, zero checksum {}", this, outboundStreams, inboundStreams,
                sendZeroChecksum);
    }

    private void retransmitSetup(long now, SctpTimer timer, SctpChunk chunk, long tag) {
        if (chunk == null) {
            return;
        }
        if (++initRetransmits > config.maxInitRetransmits()) {
            close(SctpEvent.CloseKind.FAILED, "no answer to " + SctpChunk.typeName(chunk.type()) + " after "
                    + config.maxInitRetransmits() + " retransmissions");
            return;
        }
        rto.backOff();
        control.add(new PendingChunk(tag, chunk));
        timers.start(timer, now + rto.rto());
    }

    private List<SctpParameter> initParameters(byte[] cookie) {
        SctpParameter forwardTsn = new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]);
        SctpParameter extensions = new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS,
                new byte[] {(byte) SctpChunk.RE_CONFIG, (byte) SctpChunk.FORWARD_TSN});
        java.util.ArrayList<SctpParameter> params = new java.util.ArrayList<>();
        if (cookie != null) {
            params.add(new SctpParameter(SctpParameter.STATE_COOKIE, cookie));
        }
        params.add(forwardTsn);
        params.add(extensions);
        if (config.zeroChecksum()) {
            byte[] method = new byte[4];
            Bytes.put32(method, 0, ZERO_CHECKSUM_DTLS);
            params.add(new SctpParameter(SctpParameter.ZERO_CHECKSUM_ACCEPTABLE, method));
        }
        return params;
    }

    // ---------------------------------------------------------------------------------- liveness and teardown

    private void onT3(long now) {
        if (!canExchangeData() || !sent.hasOutstanding()) {
            return;
        }
        t3Expirations++;
        if (++errorCount > config.maxRetransmits()) {
            fail("no acknowledgement after " + config.maxRetransmits() + " retransmissions");
            return;
        }
        sent.onRetransmissionTimeout(now, sendQueue);
        sent.requestForwardTsn();
        timers.start(SctpTimer.T3_RTX, now + rto.rto());
    }

    private void onHeartbeatTimer(long now) {
        if (state != SctpState.ESTABLISHED) {
            return;
        }
        if (heartbeatNonce != null && ++errorCount > config.maxRetransmits()) {
            fail("no answer to " + config.maxRetransmits() + " heartbeats");
            return;
        }
        if (sent.flightSize() == 0) {
            heartbeatNonce = new byte[16];
            random.nextBytes(heartbeatNonce);
            Bytes.put32(heartbeatNonce, 0, now >>> 32);
            Bytes.put32(heartbeatNonce, 4, now);
            control.add(new PendingChunk(peerTag, new ParameterChunk(SctpChunk.HEARTBEAT, 0,
                    List.of(new SctpParameter(SctpParameter.HEARTBEAT_INFO, heartbeatNonce)))));
        }
        timers.start(SctpTimer.HEARTBEAT, now + config.heartbeatInterval().toNanos() + rto.rto());
    }

    private void onHeartbeat(ParameterChunk heartbeat) {
        if (peerTag == 0 || 4 + heartbeat.valueLength() > config.maxPacketSize() - SctpPacket.HEADER_LENGTH) {
            return;
        }
        control.add(new PendingChunk(peerTag, new ParameterChunk(SctpChunk.HEARTBEAT_ACK, 0, heartbeat.parameters())));
    }

    private void onHeartbeatAck(long now, ParameterChunk ack) {
        SctpParameter info = ack.parameter(SctpParameter.HEARTBEAT_INFO);
        if (heartbeatNonce == null || info == null || !Arrays.equals(info.value(), heartbeatNonce)) {
            return;
        }
        long sentAt = Bytes.u32(heartbeatNonce, 0) << 32 | Bytes.u32(heartbeatNonce, 4);
        rto.sample(now - sentAt);
        heartbeatNonce = null;
        errorCount = 0;
    }

    private void onAbort(ParameterChunk abort) {
        if (state == SctpState.CLOSED && !connectCalled) {
            return;
        }
        StringBuilder why = new StringBuilder("peer aborted");
        for (SctpParameter cause : abort.parameters()) {
            why.append("; cause ").append(cause.type());
            if (cause.type() == CAUSE_USER_INITIATED_ABORT || cause.type() == CAUSE_PROTOCOL_VIOLATION) {
                why.append(": ").append(new String(cause.value(), StandardCharsets.UTF_8));
            }
        }
        close(SctpEvent.CloseKind.ABORTED_BY_PEER, why.toString());
    }

    private void onShutdown(long now, ShutdownChunk shutdown) {
        switch (state) {
            case ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_RECEIVED -> {
                afterAck(now, sent.onCumulativeAck(shutdown.cumulativeTsnAck(), now, sendQueue));
                if (state != SctpState.CLOSED) {
                    state = SctpState.SHUTDOWN_RECEIVED;
                    progressShutdown(now);
                }
            }
            case SHUTDOWN_SENT -> {
                control.add(new PendingChunk(peerTag, RawChunk.empty(SctpChunk.SHUTDOWN_ACK, 0)));
                state = SctpState.SHUTDOWN_ACK_SENT;
                timers.start(SctpTimer.T2_SHUTDOWN, now + rto.rto());
            }
            default -> {
                // nothing to shut down
            }
        }
    }

    private void onShutdownAck() {
        if (state == SctpState.SHUTDOWN_SENT || state == SctpState.SHUTDOWN_ACK_SENT) {
            control.add(new PendingChunk(peerTag, RawChunk.empty(SctpChunk.SHUTDOWN_COMPLETE, 0)));
            close(SctpEvent.CloseKind.SHUTDOWN, "shutdown complete");
        }
    }

    private void onShutdownComplete() {
        if (state == SctpState.SHUTDOWN_ACK_SENT) {
            close(SctpEvent.CloseKind.SHUTDOWN, "shutdown complete");
        }
    }

    /** RFC 9260 §9.2: SHUTDOWN (or SHUTDOWN ACK) once everything we sent is acknowledged. */
    private void progressShutdown(long now) {
        if (!sendQueue.isEmpty() || sent.hasOutstanding()) {
            return;
        }
        if (state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_SENT;
            control.add(new PendingChunk(peerTag, new ShutdownChunk(0, receive.cumulativeTsn())));
            timers.start(SctpTimer.T2_SHUTDOWN, now + rto.rto());
        } else if (state == SctpState.SHUTDOWN_RECEIVED) {
            state = SctpState.SHUTDOWN_ACK_SENT;
            control.add(new PendingChunk(peerTag, RawChunk.empty(SctpChunk.SHUTDOWN_ACK, 0)));
            timers.start(SctpTimer.T2_SHUTDOWN, now + rto.rto());
        }
    }

    private void onT2(long now) {
        if (++errorCount > config.maxRetransmits()) {
            fail("no answer to SHUTDOWN after " + config.maxRetransmits() + " retransmissions");
            return;
        }
        rto.backOff();
        if (state == SctpState.SHUTDOWN_SENT) {
            control.add(new PendingChunk(peerTag, new ShutdownChunk(0, receive.cumulativeTsn())));
        } else if (state == SctpState.SHUTDOWN_ACK_SENT) {
            control.add(new PendingChunk(peerTag, RawChunk.empty(SctpChunk.SHUTDOWN_ACK, 0)));
        } else {
            return;
        }
        timers.start(SctpTimer.T2_SHUTDOWN, now + rto.rto());
    }

    private void fail(String reason) {
        if (peerTag != 0) {
            control.add(new PendingChunk(peerTag, abortChunk(CAUSE_USER_INITIATED_ABORT, reason)));
        }
        close(SctpEvent.CloseKind.FAILED, reason);
    }

    private void close(SctpEvent.CloseKind kind, String reason) {
        if (ended) {
            return;
        }
        state = SctpState.CLOSED;
        ended = true;
        timers.stopAll();
        events.add(new SctpEvent.Closed(kind, reason));
        LOG.debug("{} closed ({}): {}", this, kind, reason);
    }

    private static ParameterChunk abortChunk(int cause, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return new ParameterChunk(SctpChunk.ABORT, 0,
                List.of(new SctpParameter(cause, Arrays.copyOf(text, Math.min(text.length, 200)))));
    }

    // ---------------------------------------------------------------------------------- transmit path

    private boolean canExchangeData() {
        return switch (state) {
            case ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED, SHUTDOWN_ACK_SENT -> true;
            default -> false;
        };
    }

    private long receiveWindow() {
        return Math.max(0, config.receiveWindow() - receive.heldBytes() - receive.undrainedBytes());
    }

    private void scheduleSack(long now, boolean immediately) {
        if (++packetsSinceSack >= 2 || immediately || state != SctpState.ESTABLISHED) {
            sackNeeded = true;
        } else if (!timers.running(SctpTimer.DELAYED_ACK)) {
            timers.start(SctpTimer.DELAYED_ACK, now + config.delayedAckTimeout().toNanos());
        }
    }

    private int writeSack(byte[] out, int p, int room) {
        sackNeeded = false;
        packetsSinceSack = 0;
        timers.stop(SctpTimer.DELAYED_ACK);
        lastAdvertisedRwnd = receiveWindow();
        return receive.writeSack(out, p, room, lastAdvertisedRwnd);
    }

    private int writeRetransmissions(byte[] out, int p, int end, long now) {
        boolean any = false;
        while (sent.canRetransmit()) {
            SentChunk c = sent.nextRetransmit(now, sendQueue);
            if (c == null || DataChunk.HEADER_LENGTH + 4 + c.length > end - p) {
                break;
            }
            p += writeData(out, p, c);
            sent.retransmitted(c, now);
            any = true;
        }
        if (any) {
            sent.fastRetransmitSent();
        }
        return p;
    }

    private int writeNewData(byte[] out, int p, int end, long now) {
        while (sent.canSendNew()) {
            OutboundMessage m = sendQueue.peek(now);
            if (m == null) {
                break;
            }
            int room = end - p - 4 - DataChunk.HEADER_LENGTH;
            int length = Math.min(m.unsent(), room);
            if (length <= 0 || (length < m.unsent() && length < MIN_FRAGMENT)) {
                break;
            }
            int flags = (m.unordered ? DataChunk.UNORDERED : 0) | (m.nextOffset == 0 ? DataChunk.BEGINNING : 0)
                    | (length == m.unsent() ? DataChunk.END : 0);
            int ssn = m.nextOffset == 0 ? sendQueue.assignSsn(m) : Math.max(0, m.ssn);
            SentChunk c = sent.assign(m, m.nextOffset, length, flags, ssn, now);
            p += writeData(out, p, c);
            sendQueue.consumed(m, length);
            bytesSent += length;
            if ((flags & DataChunk.END) != 0) {
                messagesSent++;
            }
        }
        return p;
    }

    private int writeData(byte[] out, int p, SentChunk c) {
        int length = 4 + DataChunk.HEADER_LENGTH + c.length;
        out[p] = SctpChunk.DATA;
        out[p + 1] = (byte) c.flags;
        Bytes.put16(out, p + 2, length);
        DataChunk.writeHeader(out, p + 4, c.tsn, c.stream(), c.ssn, c.message.ppid);
        System.arraycopy(c.message.data, c.offset, out, p + 4 + DataChunk.HEADER_LENGTH, c.length);
        int padded = Bytes.padded(length);
        for (int i = p + length; i < p + padded; i++) {
            out[i] = 0;
        }
        dataChunksSent++;
        return padded;
    }

    private int writeControlPacket(byte[] out, int off) {
        PendingChunk first = control.poll();
        int end = off + config.maxPacketSize();
        int p = off + SctpPacket.HEADER_LENGTH;
        p += SctpPacket.writeChunk(first.chunk(), out, p);
        boolean init = first.chunk().type() == SctpChunk.INIT;
        while (!init && !control.isEmpty() && control.peek().tag() == first.tag()
                && control.peek().chunk().type() != SctpChunk.INIT
                && 4 + control.peek().chunk().valueLength() <= end - p) {
            p += SctpPacket.writeChunk(control.poll().chunk(), out, p);
        }
        if (!init && first.tag() == peerTag && sackNeeded && canExchangeData() && end - p >= 64) {
            p += writeSack(out, p, end - p);
        }
        boolean zero = sendZeroChecksum && !init && first.chunk().type() != SctpChunk.INIT_ACK;
        return finishPacket(out, off, p, first.tag(), zero);
    }

    private int finishPacket(byte[] out, int off, int end, long tag, boolean zeroChecksum) {
        SctpPacket.writeHeader(out, off, config.localPort(), config.remotePort(), tag);
        if (!zeroChecksum) {
            crc.stamp(out, off, end - off);
        }
        packetsSent++;
        return end - off;
    }

    /** Converts the caller's time to nanoseconds, ignoring time that goes backwards. */
    private long time(Instant now) {
        long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (t > lastNow) {
            lastNow = t;
        }
        return lastNow;
    }
}
