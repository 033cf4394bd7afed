package org.rtc4j.pc;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelEvent;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelTransport;
import org.rtc4j.dtls.DtlsCertificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceConnectionState;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceException;
import org.rtc4j.ice.IceGatheringState;
import org.rtc4j.ice.IceRole;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sdp.Connection;
import org.rtc4j.sdp.Fingerprint;
import org.rtc4j.sdp.Group;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.Origin;
import org.rtc4j.sdp.SdpLine;
import org.rtc4j.sdp.SdpParseException;
import org.rtc4j.sdp.SessionDescription;
import org.rtc4j.sdp.Setup;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer connection's logic on one thread, without I/O: JSEP offer/answer (RFC 8829) with the
 * signaling-state machine and rollback, the ICE agent, DTLS and SCTP of the single BUNDLE group
 * ({@link BundleTransport}), data channels, and the aggregate W3C states. {@link RTCPeerConnection}
 * runs it on an {@link EventLoop} with real sockets; tests can run two on simulated time.
 *
 * <p>Media sections other than data channels are answered as rejected (port 0) until rtc4j has
 * media; the transceiver model slots in here: one entry per m-line, in order, by mid.
 */
final class PeerConnectionCore {
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnectionCore.class);
    /** What rtc4j accepts (RFC 8841 {@code a=max-message-size}). */
    static final int MAX_MESSAGE_SIZE = 256 * 1024;

    private final RTCConfiguration config;
    private final DtlsCertificate certificate;
    private final RandomGenerator random;
    private final IceAgent ice;
    private final BundleTransport transport;
    private final DataChannelTransport channels = new DataChannelTransport(DataChannelTransport.MAX_CHANNELS);
    private final ArrayDeque<PeerConnectionEvent> events = new ArrayDeque<>();
    private final long sessionId;
    private long sessionVersion;

    private RTCSignalingState signalingState = RTCSignalingState.STABLE;
    private RTCIceGatheringState gatheringState = RTCIceGatheringState.NEW;
    private RTCIceConnectionState iceState = RTCIceConnectionState.NEW;
    private RTCPeerConnectionState connectionState = RTCPeerConnectionState.NEW;
    private SessionDescription currentLocal;
    private SessionDescription pendingLocal;
    private SessionDescription currentRemote;
    private SessionDescription pendingRemote;
    private RTCSdpType pendingLocalType;
    private RTCSdpType pendingRemoteType;
    /** The mid of our data-channel section, once offered or answered. */
    private String dataMid;
    private boolean dataChannelsWanted;
    private final List<String> localCandidates = new ArrayList<>();
    /** What was still to send when the connection closed: the ABORT and close_notify. */
    private final ArrayDeque<Transmit> lastTransmits = new ArrayDeque<>();
    private boolean restartPending;
    private IceCredentials remoteCredentials;
    private boolean dtlsConnected;
    private String remoteFingerprint;
    private int dtlsCipherSuite = -1;
    private String srtpProfile;
    private boolean dtlsFailed;
    private boolean closed;
    private boolean negotiationNeededSignalled;

    PeerConnectionCore(RTCConfiguration config, IceConfig iceConfig, DtlsCertificate certificate, DtlsConfig dtlsConfig,
                       RandomGenerator random, Executor handshakeExecutor, Runnable wakeup) {
        this.config = config;
        this.certificate = certificate;
        this.random = random;
        this.ice = new IceAgent(iceConfig, random);
        this.transport = new BundleTransport(ice, certificate, dtlsConfig, handshakeExecutor, wakeup, channels, random);
        this.sessionId = random.nextLong(1L << 62);
    }

    /** Declares a bound local UDP socket address: a host candidate once gathering starts. */
    void addHostAddress(Instant now, InetSocketAddress address) {
        ice.addHostAddress(now, address);
        pump();
    }

    // ------------------------------------------------------------------ JSEP

    RTCSessionDescription createOffer(Instant now) {
        checkOpen();
        if (restartPending) {
            ice.restart(now);
            restartPending = false;
            localCandidates.clear();
        }
        SessionDescription.Builder sdp = sessionBuilder();
        List<String> mids = new ArrayList<>();
        SessionDescription remote = remoteDescription();
        if (remote != null) {
            // Keep the m-line order of the negotiated session (RFC 8829 §5.2.2).
            for (MediaDescription m : remote.media()) {
                String mid = m.mid().orElse(String.valueOf(mids.size()));
                if (m.isDataChannel() && mid.equals(dataMid)) {
                    sdp.media(dataSection(mid, Setup.ACTPASS, true));
                    mids.add(mid);
                } else {
                    sdp.media(rejected(m));
                }
            }
        }
        if (dataMid == null && (dataChannelsWanted || remote == null)) {
            String mid = freshMid(remote);
            sdp.media(dataSection(mid, Setup.ACTPASS, true));
            mids.add(mid);
            dataMid = mid;
        }
        if (!mids.isEmpty()) {
            sdp.group(Group.bundle(mids));
        }
        return new RTCSessionDescription(RTCSdpType.OFFER, sdp.build().toString());
    }

    RTCSessionDescription createAnswer(Instant now) {
        checkOpen();
        if (signalingState != RTCSignalingState.HAVE_REMOTE_OFFER && signalingState != RTCSignalingState.HAVE_LOCAL_PRANSWER) {
            throw RTCException.invalidState("createAnswer in state " + signalingState + " (expected: have-remote-offer)");
        }
        SessionDescription offer = pendingRemote;
        SessionDescription.Builder sdp = sessionBuilder();
        List<String> mids = new ArrayList<>();
        boolean dataAccepted = false;
        for (MediaDescription m : offer.media()) {
            String mid = m.mid().orElseThrow();
            if (m.isDataChannel() && !dataAccepted && m.port() != 0) {
                sdp.media(dataSection(mid, answerSetup(setupOf(offer, m)), false));
                mids.add(mid);
                dataAccepted = true;
            } else {
                sdp.media(rejected(m));
            }
        }
        if (!mids.isEmpty()) {
            sdp.group(Group.bundle(mids));
        }
        return new RTCSessionDescription(RTCSdpType.ANSWER, sdp.build().toString());
    }

    void setLocalDescription(Instant now, RTCSessionDescription description) {
        checkOpen();
        RTCSdpType type = description.type();
        if (type == RTCSdpType.ROLLBACK) {
            rollbackLocal();
            return;
        }
        SessionDescription sdp = parse(description.sdp(), "local");
        switch (type) {
            case OFFER -> {
                require(signalingState == RTCSignalingState.STABLE || signalingState == RTCSignalingState.HAVE_LOCAL_OFFER,
                        "setLocalDescription(offer)", "stable or have-local-offer");
                pendingLocal = sdp;
                pendingLocalType = type;
                if (iceRolesOpen(currentLocal, sdp)) {
                    ice.setRole(IceRole.CONTROLLING); // RFC 8445 §6.1.1: the offerer controls (a lite answerer never does)
                }
                setSignalingState(RTCSignalingState.HAVE_LOCAL_OFFER);
            }
            case ANSWER, PRANSWER -> {
                require(signalingState == RTCSignalingState.HAVE_REMOTE_OFFER
                        || signalingState == RTCSignalingState.HAVE_LOCAL_PRANSWER,
                        "setLocalDescription(" + type + ")", "have-remote-offer or have-local-pranswer");
                if (type == RTCSdpType.ANSWER) {
                    currentLocal = sdp;
                    currentRemote = pendingRemote;
                    pendingLocal = null;
                    pendingRemote = null;
                    setSignalingState(RTCSignalingState.STABLE);
                } else {
                    pendingLocal = sdp;
                    pendingLocalType = type;
                    setSignalingState(RTCSignalingState.HAVE_LOCAL_PRANSWER);
                }
                MediaDescription data = dataSectionOf(sdp);
                if (data != null) {
                    dataMid = data.mid().orElse(dataMid);
                    startDtls(now, setupOf(sdp, data) == Setup.ACTIVE ? DtlsRole.CLIENT : DtlsRole.SERVER);
                }
            }
            default -> throw new IllegalStateException();
        }
        sessionVersion++;
        ice.gather(now);
        pump();
    }

    void setRemoteDescription(Instant now, RTCSessionDescription description) {
        checkOpen();
        RTCSdpType type = description.type();
        if (type == RTCSdpType.ROLLBACK) {
            rollbackRemote();
            return;
        }
        SessionDescription sdp = parse(description.sdp(), "remote");
        validateRemote(sdp);
        switch (type) {
            case OFFER -> {
                if (signalingState == RTCSignalingState.HAVE_LOCAL_OFFER) {
                    rollbackLocal(); // W3C §4.4.1.6: an offer in have-local-offer rolls ours back (perfect negotiation)
                }
                require(signalingState == RTCSignalingState.STABLE || signalingState == RTCSignalingState.HAVE_REMOTE_OFFER,
                        "setRemoteDescription(offer)", "stable or have-remote-offer");
                pendingRemote = sdp;
                pendingRemoteType = type;
                if (iceRolesOpen(currentRemote, sdp)) {
                    ice.setRole(sdp.iceLite() ? IceRole.CONTROLLING : IceRole.CONTROLLED);
                }
                applyRemoteIce(now, sdp, true);
                setSignalingState(RTCSignalingState.HAVE_REMOTE_OFFER);
            }
            case ANSWER, PRANSWER -> {
                require(signalingState == RTCSignalingState.HAVE_LOCAL_OFFER
                        || signalingState == RTCSignalingState.HAVE_REMOTE_PRANSWER,
                        "setRemoteDescription(" + type + ")", "have-local-offer or have-remote-pranswer");
                MediaDescription data = dataSectionOf(sdp);
                if (type == RTCSdpType.ANSWER) {
                    currentRemote = sdp;
                    currentLocal = pendingLocal;
                    pendingLocal = null;
                    pendingRemote = null;
                    setSignalingState(RTCSignalingState.STABLE);
                } else {
                    pendingRemote = sdp;
                    pendingRemoteType = type;
                    setSignalingState(RTCSignalingState.HAVE_REMOTE_PRANSWER);
                }
                applyRemoteIce(now, sdp, false);
                if (data != null && data.port() != 0) {
                    Setup theirs = setupOf(sdp, data);
                    if (theirs != Setup.ACTIVE && theirs != Setup.PASSIVE) {
                        throw RTCException.invalidAccess("the answer's a=setup:" + theirs.sdpValue()
                                + " (expected: active or passive, RFC 8842 §5.2)");
                    }
                    startDtls(now, theirs == Setup.ACTIVE ? DtlsRole.SERVER : DtlsRole.CLIENT);
                } else if (dataMid != null) {
                    dataMid = null; // the peer rejected data channels
                }
            }
            default -> throw new IllegalStateException();
        }
        pump();
    }

    void addIceCandidate(Instant now, RTCIceCandidate candidate) {
        checkOpen();
        SessionDescription remote = remoteDescription();
        if (remote == null) {
            throw RTCException.invalidState("addIceCandidate before setRemoteDescription");
        }
        String mid = candidate.sdpMid();
        if (mid == null && candidate.sdpMLineIndex() >= 0 && candidate.sdpMLineIndex() < remote.media().size()) {
            mid = remote.media().get(candidate.sdpMLineIndex()).mid().orElse(null);
        }
        if (mid == null || remote.media(mid).isEmpty()) {
            throw RTCException.operation("candidate for an unknown media section (sdpMid " + candidate.sdpMid()
                    + ", sdpMLineIndex " + candidate.sdpMLineIndex() + ")");
        }
        if (candidate.isEndOfCandidates()) {
            ice.endOfRemoteCandidates(now);
        } else if (mid.equals(dataMid) || bundled(remote, mid)) {
            try {
                ice.addRemoteCandidate(now, Candidate.parse(candidate.candidate()));
            } catch (IceException e) {
                throw new RTCException("OperationError", "bad candidate: " + e.getMessage(), e);
            }
        }
        pump();
    }

    void restartIce() {
        checkOpen();
        restartPending = true;
        negotiationNeeded();
    }

    DataChannel createDataChannel(String label, DataChannelInit init) {
        checkOpen();
        DataChannel channel = channels.createDataChannel(label, init);
        if (!dataChannelsWanted) {
            dataChannelsWanted = true;
            if (dataMid == null) {
                negotiationNeeded();
            }
        }
        pump();
        return channel;
    }

    void close(Instant now) {
        if (closed) {
            return;
        }
        if (channels.bound()) {
            channels.abort(now, "peer connection closed");
        } else {
            channels.shutdown(now);
        }
        pump(); // the ABORT goes out through DTLS and ICE
        transport.dtls().ifPresent(d -> d.close());
        pump(); // and the close_notify
        for (Optional<Transmit> t = transport.pollTransmit(); t.isPresent(); t = transport.pollTransmit()) {
            lastTransmits.add(t.get());
        }
        ice.close(now);
        drainTransportEvents();
        closed = true;
        signalingState = RTCSignalingState.CLOSED;
        iceState = RTCIceConnectionState.CLOSED;
        connectionState = RTCPeerConnectionState.CLOSED;
    }

    // ------------------------------------------------------------------ driving

    void handleReceive(Instant now, Datagram datagram) {
        if (!closed) {
            transport.handleReceive(now, datagram);
            pump();
        }
    }

    void handleTimeout(Instant now) {
        if (!closed) {
            transport.handleTimeout(now);
            pump();
        }
    }

    Optional<Transmit> pollTransmit() {
        if (!lastTransmits.isEmpty()) {
            return Optional.of(lastTransmits.poll());
        }
        return closed ? Optional.empty() : transport.pollTransmit();
    }

    Optional<PeerConnectionEvent> pollEvent() {
        if (events.isEmpty()) {
            pump();
        }
        return Optional.ofNullable(events.poll());
    }

    Optional<Instant> pollTimeout() {
        return closed ? Optional.empty() : transport.pollTimeout();
    }

    // ------------------------------------------------------------------ getters

    RTCSignalingState signalingState() {
        return signalingState;
    }

    RTCIceGatheringState iceGatheringState() {
        return gatheringState;
    }

    RTCIceConnectionState iceConnectionState() {
        return iceState;
    }

    RTCPeerConnectionState connectionState() {
        return connectionState;
    }

    Optional<RTCSessionDescription> localDescription() {
        SessionDescription d = pendingLocal != null ? pendingLocal : currentLocal;
        RTCSdpType type = pendingLocal != null ? pendingLocalType : RTCSdpType.ANSWER;
        if (d == null) {
            return Optional.empty();
        }
        if (pendingLocal == null && currentLocal != null && currentRemote != null && wasOffer(currentLocal)) {
            type = RTCSdpType.OFFER;
        }
        return Optional.of(new RTCSessionDescription(type, withCandidates(d).toString()));
    }

    Optional<RTCSessionDescription> remoteDescription0() {
        SessionDescription d = remoteDescription();
        if (d == null) {
            return Optional.empty();
        }
        RTCSdpType type = pendingRemote != null ? pendingRemoteType : (wasOffer(currentLocal) ? RTCSdpType.ANSWER : RTCSdpType.OFFER);
        return Optional.of(new RTCSessionDescription(type, d.toString()));
    }

    DataChannelTransport channels() {
        return channels;
    }

    BundleTransport transport() {
        return transport;
    }

    IceAgent ice() {
        return ice;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    /** The peer certificate's fingerprint ({@code sha-256 AB:...}) once DTLS connected, else null. */
    String remoteFingerprint() {
        return remoteFingerprint;
    }

    /** The negotiated DTLS cipher suite (IANA number), or -1. */
    int dtlsCipherSuite() {
        return dtlsCipherSuite;
    }

    /** The negotiated SRTP protection profile, or null. */
    String srtpProfile() {
        return srtpProfile;
    }

    boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ internals

    private void pump() {
        transport.pump();
        drainTransportEvents();
    }

    private void drainTransportEvents() {
        for (Optional<BundleTransport.Event> e = transport.pollEvent(); e.isPresent(); e = transport.pollEvent()) {
            BundleTransport.Event event = e.get();
            if (event instanceof BundleTransport.Event.Ice i) {
                onIceEvent(i.event());
            } else if (event instanceof BundleTransport.Event.Dtls d) {
                onDtlsEvent(d.event());
            } else if (event instanceof BundleTransport.Event.Channel c) {
                onChannelEvent(c.event());
            }
        }
    }

    private void onIceEvent(IceEvent event) {
        if (event instanceof IceEvent.LocalCandidate c) {
            String line = c.candidate().toSdp();
            localCandidates.add(line);
            events.add(new PeerConnectionEvent.IceCandidate(new RTCIceCandidate(line, dataMidOrFirst(), 0)));
        } else if (event instanceof IceEvent.GatheringStateChanged g) {
            {
                RTCIceGatheringState state = switch (g.state()) {
                    case NEW -> RTCIceGatheringState.NEW;
                    case GATHERING -> RTCIceGatheringState.GATHERING;
                    case COMPLETE -> RTCIceGatheringState.COMPLETE;
                };
                if (state == RTCIceGatheringState.COMPLETE) {
                    events.add(new PeerConnectionEvent.IceCandidate(RTCIceCandidate.endOfCandidates(dataMidOrFirst())));
                }
                if (state != gatheringState) {
                    gatheringState = state;
                    events.add(new PeerConnectionEvent.IceGatheringStateChange(state));
                }
            }
        } else if (event instanceof IceEvent.ConnectionStateChanged s) {
            RTCIceConnectionState state = RTCIceConnectionState.of(s.state().toString());
            if (state != iceState) {
                iceState = state;
                events.add(new PeerConnectionEvent.IceConnectionStateChange(state));
            }
            updateConnectionState();
        } else {
            LOG.debug("{}", event);
        }
    }

    private void onDtlsEvent(DtlsEvent event) {
        if (event instanceof DtlsEvent.Connected c) {
            dtlsConnected = true;
            remoteFingerprint = c.remoteFingerprint();
            dtlsCipherSuite = c.cipherSuite();
            srtpProfile = c.keyingMaterial() == null ? null : String.valueOf(c.keyingMaterial().profile());
            LOG.debug("DTLS connected, cipher suite {}", c.cipherSuite());
        } else if (event instanceof DtlsEvent.Failed f) {
            dtlsFailed = true;
            LOG.debug("DTLS failed: {}", f.reason());
        }
        updateConnectionState();
    }

    private void onChannelEvent(DataChannelEvent event) {
        if (event instanceof DataChannelEvent.ChannelOpened opened) {
            events.add(new PeerConnectionEvent.DataChannelOpened(opened.channel()));
        }
        events.add(new PeerConnectionEvent.Channel(event));
    }

    /** W3C §4.3.3 RTCPeerConnectionState from the ICE and DTLS transports. */
    private void updateConnectionState() {
        RTCPeerConnectionState state;
        if (closed) {
            state = RTCPeerConnectionState.CLOSED;
        } else if (iceState == RTCIceConnectionState.FAILED || dtlsFailed) {
            state = RTCPeerConnectionState.FAILED;
        } else if (iceState == RTCIceConnectionState.DISCONNECTED) {
            state = RTCPeerConnectionState.DISCONNECTED;
        } else if ((iceState == RTCIceConnectionState.CONNECTED || iceState == RTCIceConnectionState.COMPLETED) && dtlsConnected) {
            state = RTCPeerConnectionState.CONNECTED;
        } else if (iceState == RTCIceConnectionState.NEW && !transport.dtls().isPresent()) {
            state = RTCPeerConnectionState.NEW;
        } else {
            state = RTCPeerConnectionState.CONNECTING;
        }
        if (state != connectionState) {
            connectionState = state;
            events.add(new PeerConnectionEvent.ConnectionStateChange(state));
        }
    }

    private void startDtls(Instant now, DtlsRole role) {
        SessionDescription remote = remoteDescription();
        MediaDescription remoteData = remote == null ? null : dataSectionOf(remote);
        if (remoteData == null) {
            return;
        }
        String fingerprint = fingerprintOf(remote, remoteData);
        int remotePort = remoteData.sctpPort().orElse(SctpConfig.DEFAULT_PORT);
        long remoteMax = remoteData.maxMessageSize().orElse(SctpConfig.DEFAULT_REMOTE_MAX_MESSAGE_SIZE);
        int remoteMaxMessageSize = remoteMax == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, remoteMax);
        SctpConfig sctp = SctpConfig.DEFAULT.withPorts(SctpConfig.DEFAULT_PORT, remotePort)
                .withMessageSizes(MAX_MESSAGE_SIZE, remoteMaxMessageSize);
        transport.startDtls(now, role, fingerprint, sctp);
        updateConnectionState();
    }

    /**
     * Takes the remote ICE credentials and candidates. New credentials in an offer are the peer's ICE
     * restart, which restarts ours too (RFC 8839 §4.4.1.1.1); in an answer they are the peer's half of
     * a restart we offered (or, from a peer that restarts on its own, accepted as they are).
     */
    private void applyRemoteIce(Instant now, SessionDescription sdp, boolean offer) {
        MediaDescription first = firstActive(sdp);
        if (first == null) {
            return;
        }
        String ufrag = attribute(sdp, first, "ice-ufrag");
        String pwd = attribute(sdp, first, "ice-pwd");
        IceCredentials credentials;
        try {
            credentials = IceCredentials.parse(ufrag, pwd);
        } catch (IceException e) {
            throw RTCException.invalidAccess("bad ICE credentials: " + e.getMessage());
        }
        if (offer && remoteCredentials != null && !remoteCredentials.equals(credentials)) {
            LOG.debug("the peer restarted ICE");
            ice.restart(now);
            localCandidates.clear();
        }
        remoteCredentials = credentials;
        ice.setRemoteCredentials(now, credentials);
        for (MediaDescription m : sdp.media()) {
            for (String value : m.candidates()) {
                try {
                    ice.addRemoteCandidate(now, Candidate.parse(value));
                } catch (IceException e) {
                    LOG.debug("ignored a candidate of the remote description: {}", e.getMessage());
                }
            }
            if (m.endOfCandidates()) {
                ice.endOfRemoteCandidates(now);
            }
        }
    }

    private void validateRemote(SessionDescription sdp) {
        MediaDescription first = firstActive(sdp);
        if (first == null) {
            return;
        }
        if (attribute(sdp, first, "ice-ufrag") == null || attribute(sdp, first, "ice-pwd") == null) {
            throw RTCException.invalidAccess("the remote description has no a=ice-ufrag / a=ice-pwd (RFC 8839 §5.4)");
        }
        MediaDescription data = dataSectionOf(sdp);
        if (data != null && fingerprintOf(sdp, data) == null) {
            throw RTCException.invalidAccess("the remote description has no a=fingerprint (RFC 8122 §5)");
        }
    }

    private static MediaDescription firstActive(SessionDescription sdp) {
        for (MediaDescription m : sdp.media()) {
            if (m.port() != 0 || m.hasAttribute("bundle-only")) {
                return m;
            }
        }
        return null;
    }

    private static String attribute(SessionDescription sdp, MediaDescription m, String name) {
        return m.attribute(name).or(() -> sdp.attribute(name)).flatMap(SdpLine::attributeValue).orElse(null);
    }

    private static String fingerprintOf(SessionDescription sdp, MediaDescription m) {
        List<Fingerprint> fingerprints = m.fingerprints();
        if (fingerprints.isEmpty()) {
            fingerprints = sdp.fingerprints();
        }
        for (Fingerprint f : fingerprints) {
            if (f.hashFunction().equalsIgnoreCase("sha-256")) {
                return f.hashFunction().toLowerCase(java.util.Locale.ROOT) + " " + f.value();
            }
        }
        return fingerprints.isEmpty() ? null
                : fingerprints.get(0).hashFunction().toLowerCase(java.util.Locale.ROOT) + " " + fingerprints.get(0).value();
    }

    /**
     * Whether an offer settles the ICE roles: the first one does (RFC 8445 §6.1.1), and so does one that
     * restarts ICE (new credentials compared with {@code current}, the same side's description in force);
     * any other subsequent offer keeps them, as the peer does.
     */
    private static boolean iceRolesOpen(SessionDescription current, SessionDescription offer) {
        if (current == null) {
            return true;
        }
        MediaDescription was = firstActive(current);
        MediaDescription is = firstActive(offer);
        return was == null || is == null
                || !java.util.Objects.equals(attribute(current, was, "ice-ufrag"), attribute(offer, is, "ice-ufrag"));
    }

    /**
     * Our {@code a=setup} in an answer (RFC 8842 §5.2): opposite to the offer's, {@code active} for
     * {@code actpass}; but once the DTLS association exists, a subsequent answer keeps its roles
     * (RFC 8842 §5.5), so a DTLS server answers {@code passive}.
     */
    private Setup answerSetup(Setup offered) {
        DtlsRole established = transport.dtls().map(DtlsEndpoint::role).orElse(null);
        if (established != null) {
            Setup keep = established == DtlsRole.SERVER ? Setup.PASSIVE : Setup.ACTIVE;
            if (offered == Setup.ACTPASS || offered != keep) {
                return keep;
            }
        }
        return offered == Setup.ACTIVE ? Setup.PASSIVE : Setup.ACTIVE;
    }

    private static Setup setupOf(SessionDescription sdp, MediaDescription m) {
        return m.setup().or(sdp::setup).orElse(Setup.ACTPASS);
    }

    private MediaDescription dataSectionOf(SessionDescription sdp) {
        for (MediaDescription m : sdp.media()) {
            if (m.isDataChannel() && (dataMid == null || m.mid().map(dataMid::equals).orElse(false))) {
                return m.port() == 0 ? null : m;
            }
        }
        return null;
    }

    private static boolean bundled(SessionDescription sdp, String mid) {
        return sdp.bundleGroup(mid).isPresent();
    }

    private SessionDescription.Builder sessionBuilder() {
        return SessionDescription.builder(Origin.of(sessionId, sessionVersion + 1))
                .sessionName("-");
    }

    private MediaDescription dataSection(String mid, Setup setup, boolean offer) {
        IceCredentials credentials = ice.localCredentials();
        String[] fingerprint = certificate.fingerprint().split(" ", 2);
        return MediaDescription.dataChannelBuilder(9)
                .connection(Connection.ANY_IP4)
                .iceCredentials(credentials.ufrag(), credentials.password())
                .iceOptions("trickle")
                .fingerprint(new Fingerprint(fingerprint[0], fingerprint[1]))
                .setup(setup)
                .mid(mid)
                .attribute(MediaDescription.SCTP_PORT, String.valueOf(SctpConfig.DEFAULT_PORT))
                .attribute(MediaDescription.MAX_MESSAGE_SIZE, String.valueOf(MAX_MESSAGE_SIZE))
                .build();
    }

    /** A rejected m-section (RFC 8829 §5.3.1): the same media and proto, port 0, only its mid. */
    private static MediaDescription rejected(MediaDescription offered) {
        MediaDescription.Builder b = MediaDescription.builder(offered.mediaType(), 0, offered.proto(), offered.formats())
                .connection(Connection.ANY_IP4);
        offered.mid().ifPresent(b::mid);
        return b.build();
    }

    private SessionDescription withCandidates(SessionDescription d) {
        if (dataMid == null || localCandidates.isEmpty() && gatheringState != RTCIceGatheringState.COMPLETE) {
            return d;
        }
        List<MediaDescription> media = new ArrayList<>();
        for (MediaDescription m : d.media()) {
            if (m.mid().map(dataMid::equals).orElse(false) && m.port() != 0) {
                for (String c : localCandidates) {
                    m = m.withCandidate(c.substring("candidate:".length()));
                }
                if (gatheringState == RTCIceGatheringState.COMPLETE) {
                    m = m.withEndOfCandidates();
                }
            }
            media.add(m);
        }
        return d.withMedia(media);
    }

    private String dataMidOrFirst() {
        return dataMid != null ? dataMid : "0";
    }

    private static String freshMid(SessionDescription remote) {
        if (remote == null) {
            return "0";
        }
        int n = remote.media().size();
        while (remote.media(String.valueOf(n)).isPresent()) {
            n++;
        }
        return String.valueOf(n);
    }

    private SessionDescription remoteDescription() {
        return pendingRemote != null ? pendingRemote : currentRemote;
    }

    private boolean wasOffer(SessionDescription local) {
        return local != null && local.media().stream().anyMatch(m -> m.setup().map(s -> s == Setup.ACTPASS).orElse(false));
    }

    private void rollbackLocal() {
        require(signalingState == RTCSignalingState.HAVE_LOCAL_OFFER || signalingState == RTCSignalingState.HAVE_LOCAL_PRANSWER,
                "rollback of the local description", "have-local-offer");
        pendingLocal = null;
        if (currentLocal == null) {
            dataMid = null;
        }
        setSignalingState(RTCSignalingState.STABLE);
    }

    private void rollbackRemote() {
        require(signalingState == RTCSignalingState.HAVE_REMOTE_OFFER || signalingState == RTCSignalingState.HAVE_REMOTE_PRANSWER,
                "rollback of the remote description", "have-remote-offer");
        pendingRemote = null;
        setSignalingState(RTCSignalingState.STABLE);
    }

    private void setSignalingState(RTCSignalingState state) {
        if (state != signalingState) {
            signalingState = state;
            events.add(new PeerConnectionEvent.SignalingStateChange(state));
            if (state == RTCSignalingState.STABLE) {
                negotiationNeededSignalled = false;
                if (restartPending || (dataChannelsWanted && dataMid == null)) {
                    negotiationNeeded();
                }
            }
        }
    }

    private void negotiationNeeded() {
        if (!negotiationNeededSignalled && signalingState == RTCSignalingState.STABLE) {
            negotiationNeededSignalled = true;
            events.add(new PeerConnectionEvent.NegotiationNeeded());
        }
    }

    private static void require(boolean ok, String what, String expected) {
        if (!ok) {
            throw RTCException.invalidState(what + " (expected state: " + expected + ")");
        }
    }

    private SessionDescription parse(String sdp, String which) {
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpParseException e) {
            throw new RTCException("SyntaxError", "the " + which + " description: " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw RTCException.invalidState("the peer connection is closed");
        }
    }
}
