package org.rtc4j.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.rtc4j.srtp.SrtpProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 association for DTLS-SRTP (RFC 5764) and data channels (RFC 8261), client or
 * server, as a sans-IO state machine over Bouncy Castle.
 *
 * <p>The driver calls {@link #start}, feeds every DTLS datagram from the peer to
 * {@link #handleReceive} (RFC 7983 demultiplexing is the driver's job: first byte 20..63), and
 * drains {@link #pollTransmit()} and {@link #pollEvent()}, arming a timer for {@link #pollTimeout()}.
 * The handshake runs on the {@link Executor} given at construction, because Bouncy Castle's
 * handshake blocks; it may produce transmits and events at any moment, and calls the
 * {@code wakeup} callback each time so that the driver drains again. Retransmission during the
 * handshake (initial timer {@link DtlsConfig#initialResend()}, doubling) therefore runs on that
 * thread's clock; the overall {@link DtlsConfig#handshakeTimeout()} is also enforced on the
 * driver's clock through {@link #handleTimeout}. After {@link DtlsEvent.Connected}, everything
 * happens on the driver's thread and nothing blocks.
 *
 * <p>{@code handle*} never throws for anything the network sends: malformed datagrams are dropped
 * and counted in {@link #stats()}, protocol failures arrive as {@link DtlsEvent.Failed}.
 * {@code handleReceive}, {@code handleTimeout}, {@code send}, {@code close} and the polls must be
 * called from one driver thread at a time.
 */
public final class DtlsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);
    private static final int RECORD_HEADER = 13;
    /**
     * How far past the highest epoch-0 record sequence number passed so far an epoch-0 record may be.
     * A peer's sequence numbers go up by one per record, retransmissions included, and arrive roughly
     * in order; Bouncy Castle's replay window is 64 wide, so one record within this jump cannot push
     * the peer's next genuine records out of the window. (Epoch 0 is unauthenticated: a spoofer that
     * can inject datagrams can still disturb the handshake, as it can with a forged plaintext alert.)
     */
    static final int EPOCH0_SEQ_JUMP = 64;
    private static final AtomicInteger IDS = new AtomicInteger();

    private enum State { NEW, HANDSHAKING, CONNECTED, CLOSED, FAILED }

    private final int id = IDS.incrementAndGet();
    private final DtlsRole role;
    private final DtlsConfig config;
    private final Executor executor;
    private final Runnable wakeup;
    private final PeerSupport support;
    private final QueueDatagramTransport transport;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final ConcurrentLinkedQueue<byte[]> transmits = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<DtlsEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong droppedMalformed = new AtomicLong();
    private final AtomicLong droppedQueueFull = new AtomicLong();
    private final AtomicLong droppedClosed = new AtomicLong();
    private final AtomicLong recordsDiscarded = new AtomicLong();
    private final AtomicLong applicationRecords = new AtomicLong();
    private volatile DTLSTransport dtls;
    private volatile boolean peerClosed;
    private Instant handshakeDeadline;
    private Instant lastNow = Instant.MIN;
    /** Where records are decrypted after the handshake, made once; driver thread only. */
    private byte[] receiveBuffer;
    /** The highest epoch-0 record sequence number passed to Bouncy Castle; driver thread only. */
    private long epoch0Highest = -1;

    private DtlsEndpoint(DtlsRole role, DtlsCertificate certificate, String remoteFingerprint, DtlsConfig config,
                         Executor executor, Runnable wakeup) {
        this.role = Objects.requireNonNull(role, "role");
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.wakeup = wakeup == null ? () -> { } : wakeup;
        Objects.requireNonNull(certificate, "certificate");
        if (remoteFingerprint == null || !remoteFingerprint.trim().toLowerCase(Locale.ROOT).startsWith("sha-256 ")) {
            throw new IllegalArgumentException("remote fingerprint " + remoteFingerprint + " (expected: \"sha-256 AB:CD:...\")");
        }
        JcaTlsCrypto crypto = new JcaTlsCryptoProvider().create(new SecureRandom());
        this.support = new PeerSupport(crypto, certificate, remoteFingerprint, config, () -> peerClosed = true);
        this.transport = new QueueDatagramTransport(config.inboundQueueBound(), config.maxDatagramSize(), config.mtu(), this::enqueueTransmit);
    }

    /**
     * Creates an endpoint; nothing happens until {@link #start}.
     *
     * @param role              client ({@code a=setup:active}) or server ({@code a=setup:passive})
     * @param certificate       the local certificate, whose fingerprint went into the local SDP
     * @param remoteFingerprint the {@code a=fingerprint} of the remote SDP, {@code sha-256 AB:CD:...}
     * @param config            limits and timers
     * @param executor          runs the blocking handshake, one task per endpoint, for at most the
     *                          handshake timeout; see {@link #newHandshakeExecutor}
     * @param wakeup            called from the handshake thread whenever it queued a transmit or an
     *                          event; may be null when the driver polls on its own
     */
    public static DtlsEndpoint create(DtlsRole role, DtlsCertificate certificate, String remoteFingerprint, DtlsConfig config,
                                      Executor executor, Runnable wakeup) {
        return new DtlsEndpoint(role, certificate, remoteFingerprint, config, executor, wakeup);
    }

    /**
     * A cached pool of daemon threads named {@code rtc4j-dtls-handshake-N}, which a driver may use
     * for all its endpoints: a thread lives while a handshake runs and 30 s after. The caller owns it
     * and shuts it down.
     */
    public static ExecutorService newHandshakeExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "rtc4j-dtls-handshake-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    }

    public DtlsRole role() {
        return role;
    }

    /**
     * The state as the W3C's {@code RTCDtlsTransportState} names it: {@code new}, {@code connecting}
     * (handshaking), {@code connected}, {@code closed} (close_notify sent or received) or {@code failed}.
     */
    public String transportState() {
        return switch (state.get()) {
            case NEW -> "new";
            case HANDSHAKING -> "connecting";
            case CONNECTED -> "connected";
            case CLOSED -> "closed";
            case FAILED -> "failed";
        };
    }

    /** Whether the handshake finished and the endpoint has neither closed nor failed. */
    public boolean isConnected() {
        return state.get() == State.CONNECTED;
    }

    /**
     * Starts the handshake: the client sends its ClientHello, the server waits for one.
     *
     * @throws IllegalStateException if already started, or the executor rejects the handshake task
     */
    public void start(Instant now) {
        if (!state.compareAndSet(State.NEW, State.HANDSHAKING)) {
            throw new IllegalStateException("start() on an endpoint in state " + state.get() + " (expected: NEW)");
        }
        advance(now);
        handshakeDeadline = lastNow.plus(config.handshakeTimeout());
        LOG.debug("dtls-{} {} handshake starting", id, role);
        try {
            executor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            state.set(State.NEW);
            throw new IllegalStateException("the handshake executor rejected the handshake (expected: a running executor)", e);
        }
    }

    /**
     * Takes a datagram from the peer. Datagrams that are not a sequence of whole DTLS records, that
     * exceed {@link DtlsConfig#maxDatagramSize()}, that overflow the handshake queue or arrive after
     * the end are dropped and counted. Datagrams arriving before {@link #start} are queued (a server
     * may see the ClientHello first).
     *
     * @param data the datagram; handed over, the caller must not change it afterwards
     */
    public void handleReceive(Instant now, byte[] data) {
        advance(now);
        received.incrementAndGet();
        State s = state.get();
        if (s == State.CLOSED || s == State.FAILED) {
            droppedClosed.incrementAndGet();
            return;
        }
        if (data == null || data.length > config.maxDatagramSize() || !isWellFormed(data)) {
            droppedMalformed.incrementAndGet();
            LOG.debug("dtls-{} dropped a malformed datagram of {} bytes", id, data == null ? 0 : data.length);
            return;
        }
        if (!transport.offer(data)) {
            droppedQueueFull.incrementAndGet();
            LOG.debug("dtls-{} dropped a datagram: inbound queue at its bound {}", id, config.inboundQueueBound());
            return;
        }
        if (s == State.CONNECTED) {
            drain();
        }
    }

    /** Fails the handshake once its deadline passed; delivers records queued while the handshake ended. */
    public void handleTimeout(Instant now) {
        advance(now);
        State s = state.get();
        if (s == State.HANDSHAKING && !lastNow.isBefore(handshakeDeadline)) {
            fail("handshake timed out after " + config.handshakeTimeout(), null);
            transport.close();
        } else if (s == State.CONNECTED && transport.hasQueued()) {
            drain();
        }
    }

    /**
     * Sends one application data record.
     *
     * @param data the plaintext, at most the record layer's send limit (the MTU less record overhead); copied
     * @throws IllegalStateException    if not connected
     * @throws IllegalArgumentException if too large for one record
     */
    public void send(byte[] data) {
        if (state.get() != State.CONNECTED) {
            throw new IllegalStateException("send() on an endpoint in state " + state.get() + " (expected: CONNECTED)");
        }
        try {
            int limit = dtls.getSendLimit();
            if (data.length > limit) {
                throw new IllegalArgumentException("application data of " + data.length + " bytes (expected: at most " + limit + ")");
            }
            dtls.send(data, 0, data.length);
        } catch (IOException e) {
            fail("sending application data failed: " + e.getMessage(), e);
        }
    }

    /**
     * Closes the association: sends close_notify when connected (RFC 5246 §7.2.1), stops a running
     * handshake, and queues {@link DtlsEvent.Closed}. Harmless when already closed or failed.
     */
    public void close() {
        State s = state.get();
        if (s == State.CLOSED || s == State.FAILED) {
            return;
        }
        if (!state.compareAndSet(s, State.CLOSED)) {
            close();
            return;
        }
        if (s == State.CONNECTED) {
            try {
                dtls.close();
            } catch (IOException e) {
                LOG.debug("dtls-{} close_notify failed", id, e);
            }
        }
        transport.close();
        events.add(new DtlsEvent.Closed(false));
    }

    /** The next datagram to send to the peer; the array belongs to the caller. */
    public Optional<byte[]> pollTransmit() {
        byte[] datagram = transmits.poll();
        if (datagram != null) {
            sent.incrementAndGet();
        }
        return Optional.ofNullable(datagram);
    }

    public Optional<DtlsEvent> pollEvent() {
        return Optional.ofNullable(events.poll());
    }

    /**
     * The handshake deadline while handshaking; the last time seen when records wait to be
     * delivered (call {@link #handleTimeout} at once); otherwise empty.
     */
    public Optional<Instant> pollTimeout() {
        State s = state.get();
        if (s == State.HANDSHAKING) {
            return Optional.of(handshakeDeadline);
        }
        if (s == State.CONNECTED && transport.hasQueued()) {
            return Optional.of(lastNow);
        }
        return Optional.empty();
    }

    public DtlsStats stats() {
        return new DtlsStats(received.get(), sent.get(), droppedMalformed.get(), droppedQueueFull.get(), droppedClosed.get(),
                recordsDiscarded.get(), applicationRecords.get());
    }

    @Override
    public String toString() {
        return "DtlsEndpoint[dtls-" + id + " " + role + " " + state.get() + "]";
    }

    private void advance(Instant now) {
        if (now.isAfter(lastNow)) {
            lastNow = now;
        }
    }

    private void enqueueTransmit(byte[] datagram) {
        transmits.add(datagram);
        if (state.get() == State.HANDSHAKING) {
            wakeup.run();
        }
    }

    /** On the handshake thread: runs Bouncy Castle's blocking handshake to its end. */
    private void runHandshake() {
        long started = System.nanoTime();
        try {
            DTLSTransport result;
            if (role == DtlsRole.CLIENT) {
                result = new DTLSClientProtocol().connect(new RtcTlsClient(support), transport);
            } else {
                result = new DTLSServerProtocol().accept(new RtcTlsServer(support), transport);
            }
            SrtpKeyingMaterial keys = support.keyingMaterial;
            SrtpProfile profile = keys.profile();
            int suite = support.cipherSuite;
            transport.pushed = true;
            dtls = result;
            if (state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
                LOG.debug("dtls-{} {} connected in {} ms, suite 0x{}, {}", id, role, (System.nanoTime() - started) / 1_000_000,
                        Integer.toHexString(suite), profile);
                events.add(new DtlsEvent.Connected(keys, support.remoteFingerprint, suite));
            } else {
                result.close();
            }
        } catch (Exception e) {
            if (state.get() == State.HANDSHAKING) {
                fail(describe(e), e);
                transport.close();
            } else {
                LOG.debug("dtls-{} handshake ended after close: {}", id, e.toString());
            }
        } finally {
            wakeup.run();
        }
    }

    private String describe(Exception e) {
        if (support.failureReason != null) {
            return support.failureReason;
        }
        if (e instanceof TlsFatalAlertReceived received) {
            return "the peer sent fatal alert " + AlertDescription.getText(received.getAlertDescription());
        }
        if (e instanceof TlsTimeoutException) {
            return "handshake timed out after " + config.handshakeTimeout();
        }
        if (e instanceof TlsFatalAlert alert) {
            return "handshake failed (" + AlertDescription.getText(alert.getAlertDescription()) + "): " + e.getMessage();
        }
        return "handshake failed: " + e;
    }

    private void fail(String reason, Throwable cause) {
        State s = state.get();
        if ((s == State.HANDSHAKING || s == State.CONNECTED) && state.compareAndSet(s, State.FAILED)) {
            LOG.debug("dtls-{} {} failed: {}", id, role, reason);
            events.add(new DtlsEvent.Failed(reason, cause));
        }
    }

    /** On the driver thread, after the handshake: pushes queued datagrams through the record layer. */
    private void drain() {
        byte[] buf = receiveBuffer;
        if (buf == null) {
            buf = receiveBuffer = new byte[config.maxDatagramSize()];
        }
        long takenBefore = transport.taken();
        long delivered = 0;
        while (state.get() == State.CONNECTED && !peerClosed) {
            int n;
            try {
                n = dtls.receivePending(buf, 0, buf.length);
                if (n < 0 && transport.hasQueued()) {
                    n = dtls.receive(buf, 0, buf.length, 1);
                } else if (n < 0) {
                    break;
                }
            } catch (QueueDatagramTransport.QueueDrained drained) {
                continue; // records of the last datagram may still be pending
            } catch (IOException e) {
                if (peerClosed) {
                    break;
                }
                fail(describe(e), e);
                transport.close();
                return;
            }
            if (n >= 0) {
                delivered++;
                applicationRecords.incrementAndGet();
                events.add(new DtlsEvent.ApplicationData(Arrays.copyOf(buf, n)));
            }
        }
        long discarded = transport.taken() - takenBefore - delivered;
        if (discarded > 0) {
            recordsDiscarded.addAndGet(discarded);
        }
        if (peerClosed && state.compareAndSet(State.CONNECTED, State.CLOSED)) {
            LOG.debug("dtls-{} {} peer sent close_notify", id, role);
            transport.close();
            events.add(new DtlsEvent.Closed(true));
        }
    }

    /**
     * A datagram must be one or more whole DTLS records (RFC 6347 §4.1): content type 20..25, version
     * 254.x. Records of epoch 0 are in plaintext and unauthenticated, yet Bouncy Castle's replay window
     * for epoch 0 advances on any of them, so one stray record with a high sequence number would make
     * it discard the peer's genuine handshake records until the handshake times out. Epoch-0 records
     * therefore must also parse as what epoch 0 may carry ({@link #isValidEpoch0Body}) and may not jump
     * more than {@link #EPOCH0_SEQ_JUMP} sequence numbers past the highest one passed so far.
     */
    private boolean isWellFormed(byte[] data) {
        int off = 0;
        if (data.length < RECORD_HEADER) {
            return false;
        }
        long highest = epoch0Highest;
        while (off < data.length) {
            if (data.length - off < RECORD_HEADER) {
                return false;
            }
            int type = data[off] & 0xff;
            if (type < 20 || type > 25 || (data[off + 1] & 0xff) != 0xfe) {
                return false;
            }
            int length = ((data[off + 11] & 0xff) << 8) | (data[off + 12] & 0xff);
            if (length > data.length - off - RECORD_HEADER) {
                return false;
            }
            if (data[off + 3] == 0 && data[off + 4] == 0) {
                long seq = 0;
                for (int i = 5; i < 11; i++) {
                    seq = (seq << 8) | (data[off + i] & 0xff);
                }
                if (seq > highest + EPOCH0_SEQ_JUMP || !isValidEpoch0Body(type, data, off + RECORD_HEADER, length)) {
                    return false;
                }
                highest = Math.max(highest, seq);
            }
            off += RECORD_HEADER + length;
        }
        epoch0Highest = highest;
        return true;
    }

    /**
     * Whether a record body of epoch 0 is what DTLS 1.2 sends in plaintext: handshake fragments with
     * consistent headers (RFC 6347 §4.2.2) of a message type that precedes ChangeCipherSpec, a
     * two-byte alert, or a ChangeCipherSpec of one byte 1. Application data and anything else is never
     * valid in epoch 0.
     */
    static boolean isValidEpoch0Body(int type, byte[] b, int off, int length) {
        switch (type) {
            case 20: // change_cipher_spec
                return length == 1 && b[off] == 1;
            case 21: // alert
                return length == 2 && (b[off] == 1 || b[off] == 2);
            case 22: { // handshake: one or more fragments, each a 12-byte header and its bytes
                int p = off;
                int end = off + length;
                if (length == 0) {
                    return false;
                }
                while (p < end) {
                    if (end - p < 12) {
                        return false;
                    }
                    int msgType = b[p] & 0xff;
                    int msgLength = u24(b, p + 1);
                    int fragmentOffset = u24(b, p + 6);
                    int fragmentLength = u24(b, p + 9);
                    if (!isEpoch0HandshakeType(msgType) || fragmentLength > end - p - 12
                            || fragmentOffset + fragmentLength > msgLength) {
                        return false;
                    }
                    p += 12 + fragmentLength;
                }
                return true;
            }
            default:
                return false;
        }
    }

    /** Handshake message types sent before ChangeCipherSpec in DTLS 1.2 (RFC 5246 §7.4, RFC 6347 §4.3.2, RFC 5077, RFC 6066). */
    private static boolean isEpoch0HandshakeType(int t) {
        return t <= 4 || (t >= 11 && t <= 16) || t == 22;
    }

    private static int u24(byte[] b, int p) {
        return ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
    }
}
