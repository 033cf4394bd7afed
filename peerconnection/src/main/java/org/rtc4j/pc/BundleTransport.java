package org.rtc4j.pc;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.rtc4j.datachannel.DataChannelEvent;
import org.rtc4j.datachannel.DataChannelTransport;
import org.rtc4j.dtls.DtlsCertificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConnectionState;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.PacketClassifier;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transports of one BUNDLE group (RFC 8843), composed sans-IO: an ICE agent, the DTLS endpoint
 * above it, and the SCTP association with its data channels above that. Datagrams are told apart by
 * their first byte (RFC 7983): STUN and TURN go to ICE, DTLS records to DTLS; everything that goes out
 * leaves through ICE on the selected pair. Output of each layer is pushed into the one below as soon
 * as it appears ({@link #pump}), so the owner drains only {@link #pollTransmit} and {@link #pollEvent}.
 *
 * <p>The DTLS handshake runs on the given executor (Bouncy Castle's DTLS blocks); {@code wakeup} is
 * called from that thread when it produced output, and the owner then calls {@link #handleTimeout}.
 * Everything else runs on the owner's thread. Not thread-safe.
 */
final class BundleTransport {
    private static final Logger LOG = LoggerFactory.getLogger(BundleTransport.class);
    /** DTLS datagrams kept while the DTLS role is not known yet (a fast peer's ClientHello). */
    private static final int EARLY_DTLS_BOUND = 16;
    /** Our DTLS datagrams kept while ICE has no selected pair yet (a flight answering an early ClientHello). */
    private static final int UNSENT_BOUND = 32;

    /** What the transports tell their owner. */
    sealed interface Event {
        record Ice(IceEvent event) implements Event {
        }

        record Dtls(DtlsEvent event) implements Event {
        }

        record Channel(DataChannelEvent event) implements Event {
        }
    }

    private final IceAgent ice;
    private final DtlsCertificate certificate;
    private final DtlsConfig dtlsConfig;
    private final Executor handshakeExecutor;
    private final Runnable wakeup;
    private final DataChannelTransport channels;
    private final RandomGenerator random;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final ArrayDeque<byte[]> earlyDtls = new ArrayDeque<>();
    private final ArrayDeque<byte[]> unsent = new ArrayDeque<>();
    private DtlsEndpoint dtls;
    private boolean dtlsStarted;
    private boolean sctpWanted;
    private SctpConfig sctpConfig;
    private long droppedDatagrams;
    private Instant now = Instant.EPOCH;

    BundleTransport(IceAgent ice, DtlsCertificate certificate, DtlsConfig dtlsConfig, Executor handshakeExecutor,
                    Runnable wakeup, DataChannelTransport channels, RandomGenerator random) {
        this.ice = ice;
        this.certificate = certificate;
        this.dtlsConfig = dtlsConfig;
        this.handshakeExecutor = handshakeExecutor;
        this.wakeup = wakeup;
        this.channels = channels;
        this.random = random;
    }

    IceAgent ice() {
        return ice;
    }

    Optional<DtlsEndpoint> dtls() {
        return Optional.ofNullable(dtls);
    }

    DataChannelTransport channels() {
        return channels;
    }

    long droppedDatagrams() {
        return droppedDatagrams;
    }

    /**
     * Offer/answer settled the DTLS role and the peer's fingerprint: creates the endpoint. A server
     * starts at once (it waits for the ClientHello); a client starts when ICE connects.
     *
     * @param sctp the association's settings (ports and max-message-sizes from the SDP), or null when
     *             the group carries no data channels
     */
    void startDtls(Instant now, DtlsRole role, String remoteFingerprint, SctpConfig sctp) {
        advance(now);
        if (dtls != null) {
            return;
        }
        dtls = DtlsEndpoint.create(role, certificate, remoteFingerprint, dtlsConfig, handshakeExecutor, wakeup);
        sctpConfig = sctp;
        sctpWanted = sctp != null;
        if (sctpWanted && !channels.bound()) {
            channels.bind(new SctpAssociation(sctp, random), role == DtlsRole.CLIENT, sctp.remoteMaxMessageSize());
        }
        if (role == DtlsRole.SERVER) {
            startHandshake();
        } else if (ice.connectionState() == IceConnectionState.CONNECTED || ice.connectionState() == IceConnectionState.COMPLETED) {
            startHandshake();
        }
        for (byte[] early = earlyDtls.poll(); early != null; early = earlyDtls.poll()) {
            dtls.handleReceive(this.now, early);
        }
        pump();
    }

    private void startHandshake() {
        if (!dtlsStarted) {
            dtlsStarted = true;
            dtls.start(now);
        }
    }

    /** A datagram from one of our sockets. */
    void handleReceive(Instant now, Datagram datagram) {
        advance(now);
        if (!ice.handleReceive(this.now, datagram)) {
            demux(datagram.data());
        }
        pump();
    }

    /** Runs every layer's timers due at {@code now}, and output the handshake thread produced. */
    void handleTimeout(Instant now) {
        advance(now);
        ice.handleTimeout(this.now);
        if (dtls != null) {
            dtls.handleTimeout(this.now);
        }
        channels.handleTimeout(this.now);
        pump();
    }

    /** Application data for the peer, handed to ICE as one datagram (the caller keeps no reference). */
    private void sendDatagram(byte[] data) {
        // A peer whose ICE connected first may send its ClientHello before our agent has selected the
        // pair; our answering flight waits for the selection instead of being lost to a retransmission.
        if (!unsent.isEmpty() || !ice.send(now, data)) {
            if (ice.selectedPair().isEmpty() && unsent.size() < UNSENT_BOUND) {
                unsent.add(data);
            } else {
                droppedDatagrams++;
            }
        }
    }

    private void flushUnsent() {
        while (!unsent.isEmpty() && ice.send(now, unsent.peek())) {
            unsent.poll();
        }
    }

    /** The next datagram to send, from the socket bound to its source address. */
    Optional<Transmit> pollTransmit() {
        return ice.pollTransmit();
    }

    Optional<Event> pollEvent() {
        if (events.isEmpty()) {
            pump();
        }
        return Optional.ofNullable(events.poll());
    }

    /** The earliest deadline of the three layers. */
    Optional<Instant> pollTimeout() {
        Optional<Instant> t = ice.pollTimeout();
        if (dtls != null) {
            t = earliest(t, dtls.pollTimeout());
        }
        return earliest(t, channels.pollTimeout());
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }

    /** Sends what each layer produced down to the next, and lifts what each received up, until quiet. */
    void pump() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Optional<IceEvent> e = ice.pollEvent(); e.isPresent(); e = ice.pollEvent()) {
                onIceEvent(e.get());
                progress = true;
            }
            if (dtls != null) {
                for (Optional<DtlsEvent> e = dtls.pollEvent(); e.isPresent(); e = dtls.pollEvent()) {
                    onDtlsEvent(e.get());
                    progress = true;
                }
                if (dtls.isConnected()) {
                    for (Optional<byte[]> p = channels.pollTransmit(); p.isPresent(); p = channels.pollTransmit()) {
                        dtls.send(p.get());
                        progress = true;
                    }
                }
                for (Optional<byte[]> d = dtls.pollTransmit(); d.isPresent(); d = dtls.pollTransmit()) {
                    sendDatagram(d.get());
                    progress = true;
                }
            }
            for (Optional<DataChannelEvent> e = channels.pollEvent(); e.isPresent(); e = channels.pollEvent()) {
                events.add(new Event.Channel(e.get()));
                progress = true;
            }
        }
    }

    private void onIceEvent(IceEvent event) {
        if (event instanceof IceEvent.Data relayed) {
            demux(relayed.data());
            return;
        }
        if (event instanceof IceEvent.SelectedPairChanged) {
            flushUnsent();
        }
        if (event instanceof IceEvent.ConnectionStateChanged c && dtls != null && dtls.role() == DtlsRole.CLIENT
                && (c.state() == IceConnectionState.CONNECTED || c.state() == IceConnectionState.COMPLETED)) {
            startHandshake();
        }
        events.add(new Event.Ice(event));
    }

    private void onDtlsEvent(DtlsEvent event) {
        if (event instanceof DtlsEvent.ApplicationData data) {
            channels.handleReceive(now, data.data(), 0, data.data().length);
            return;
        }
        if (event instanceof DtlsEvent.Connected && sctpWanted) {
            channels.connect(now);
        }
        events.add(new Event.Dtls(event));
    }

    /** RFC 7983: a non-STUN datagram is DTLS (20..63) or media (128..191, not yet handled). */
    private void demux(byte[] data) {
        PacketClassifier.Kind kind = PacketClassifier.classify(data, 0, data.length);
        if (kind != PacketClassifier.Kind.DTLS) {
            droppedDatagrams++;
            LOG.debug("dropped a {} datagram of {} bytes", kind, data.length);
            return;
        }
        if (dtls == null) {
            if (earlyDtls.size() < EARLY_DTLS_BOUND) {
                earlyDtls.add(data);
            } else {
                droppedDatagrams++;
            }
            return;
        }
        dtls.handleReceive(now, data);
    }

    private void advance(Instant t) {
        if (t.isAfter(now)) {
            now = t;
        }
    }
}
