package org.rtc4j.interop;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.rtc4j.sctp.DataChunk;
import org.rtc4j.sctp.ForwardTsnChunk;
import org.rtc4j.sctp.InitChunk;
import org.rtc4j.sctp.OutgoingResetRequest;
import org.rtc4j.sctp.ParameterChunk;
import org.rtc4j.sctp.RawChunk;
import org.rtc4j.sctp.ReconfigResponse;
import org.rtc4j.sctp.SackChunk;
import org.rtc4j.sctp.SctpChunk;
import org.rtc4j.sctp.SctpException;
import org.rtc4j.sctp.SctpPacket;
import org.rtc4j.sctp.SctpParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not an SCTP association: a script of canned answers, built with the {@code org.rtc4j.sctp} codec,
 * just enough to make a real peer go through the packets we want to see, until rtc4j's
 * {@code SctpAssociation} exists. It keeps no timers and never retransmits (loopback loses nothing).
 *
 * <ul>
 *   <li>INIT: INIT ACK with a cookie, the same Initiate Tag as our own INIT (RFC 9260 §5.2.1), and
 *       FORWARD-TSN, RE-CONFIG (and optionally zero checksum, RFC 9653) support.
 *   <li>{@link #sendInit()}: our own INIT; the peer's INIT ACK is answered with COOKIE ECHO.
 *   <li>COOKIE ECHO: COOKIE ACK. HEARTBEAT: HEARTBEAT ACK. SHUTDOWN: SHUTDOWN ACK.
 *   <li>DATA: a SACK per packet (gap blocks included), except that user messages on a partially
 *       reliable channel are treated as lost, so that the peer abandons them and sends FORWARD-TSN.
 *       A DCEP DATA_CHANNEL_OPEN (RFC 8832, PPID 50) is answered with DATA_CHANNEL_ACK;
 *       {@link #openChannel} opens one from our side.
 *   <li>FORWARD-TSN: moves the cumulative ack and SACKs.
 *   <li>RE-CONFIG with an Outgoing SSN Reset Request (a channel closing, RFC 8831 §6.7): a response,
 *       and our own reset of the same outgoing streams, whose response the peer then sends.
 * </ul>
 *
 * <p>Runs on the {@link DtlsSctpPeer}'s loop thread: it is the transport's SCTP consumer, and the
 * commands ({@link #sendInit}, {@link #sendMessage}) must be called through
 * {@link DtlsSctpPeer#runOnLoop}. What it saw is published through {@link #snapshot()}.
 */
final class ScriptedSctpResponder implements Consumer<byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedSctpResponder.class);
    static final long PPID_DCEP = 50;
    static final long PPID_STRING = 51;
    static final long PPID_BINARY = 53;
    static final long PPID_STRING_EMPTY = 56;
    static final long PPID_BINARY_EMPTY = 57;
    private static final int DCEP_OPEN = 0x03;
    private static final int DCEP_ACK = 0x02;
    private static final long A_RWND = 1 << 20;
    private static final int STREAMS = 1024;
    /** RFC 9653 §5: the error detection method "DTLS". */
    private static final long ZERO_CHECKSUM_DTLS = 1;

    /**
     * A data channel the peer opened with DCEP.
     *
     * @param channelType the DCEP channel type (0x00 reliable, 0x01 partial by count, 0x02 by time; +0x80 unordered)
     */
    record OpenedChannel(int streamId, String label, String protocol, int channelType, long reliability) {
        boolean partiallyReliable() {
            return (channelType & 0x7F) != 0;
        }
    }

    /** A user message the peer sent (reassembled from its DATA fragments). */
    record Message(int streamId, long ppid, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Message[stream " + streamId + ", ppid " + ppid + ", " + data.length + " bytes]";
        }
    }

    /**
     * What the script saw so far; an immutable copy.
     *
     * @param acknowledgedStreams the streams of our channels the peer acknowledged with DATA_CHANNEL_ACK
     */
    record Snapshot(boolean established, List<OpenedChannel> channels, List<Message> messages, List<Integer> lostMessages,
                    List<Long> forwardTsns, List<OutgoingResetRequest> peerResets, List<ReconfigResponse> peerResponses,
                    List<Integer> acknowledgedStreams, List<String> unexpected) {
    }

    private final DtlsSctpPeer transport;
    private final boolean offerZeroChecksum;
    private final long localTag;
    private final long localInitialTsn;
    private final byte[] cookie;

    private long peerTag = -1;
    private boolean initSent;
    private boolean established;
    private long nextTsn;
    private long nextReconfigSeq;
    private final Map<Integer, Integer> nextSsn = new HashMap<>();

    // The receive side, with TSNs unwrapped relative to the peer's initial TSN.
    private long peerInitialTsn = -1;
    private long cumulativeAck;
    private final TreeSet<Long> receivedAbove = new TreeSet<>();
    private final Set<Integer> lossyStreams = new HashSet<>();
    private final Map<Integer, java.io.ByteArrayOutputStream> reassembly = new HashMap<>();

    private final List<OpenedChannel> channels = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Integer> lostMessages = new ArrayList<>();
    private final List<Long> forwardTsns = new ArrayList<>();
    private final List<OutgoingResetRequest> peerResets = new ArrayList<>();
    private final List<ReconfigResponse> peerResponses = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private final List<Integer> acknowledgedStreams = new ArrayList<>();

    /**
     * @param offerZeroChecksum whether our INIT and INIT ACK carry Zero Checksum Acceptable (RFC 9653)
     *                          with the DTLS method, so that a peer that supports it sends zero checksums;
     *                          we always send a CRC32c
     */
    ScriptedSctpResponder(DtlsSctpPeer transport, boolean offerZeroChecksum) {
        this.transport = transport;
        this.offerZeroChecksum = offerZeroChecksum;
        SecureRandom random = new SecureRandom();
        this.localTag = 1 + random.nextInt(Integer.MAX_VALUE - 1);
        this.localInitialTsn = random.nextInt() & 0xFFFFFFFFL;
        this.nextTsn = localInitialTsn;
        this.nextReconfigSeq = localInitialTsn; // RFC 6525 §5.1.1: starts at the initial TSN
        this.cookie = new byte[32];
        random.nextBytes(cookie);
    }

    /**
     * Waits until what the script saw satisfies {@code condition}.
     *
     * @throws AssertionError naming {@code what}, with the last snapshot, after {@code timeout}
     */
    synchronized Snapshot await(java.util.function.Predicate<Snapshot> condition, java.time.Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Snapshot s = snapshot();
            if (condition.test(s)) {
                return s;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("scripted SCTP: no " + what + " within " + timeout + "; saw " + s);
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(established, List.copyOf(channels), List.copyOf(messages), List.copyOf(lostMessages),
                List.copyOf(forwardTsns), List.copyOf(peerResets), List.copyOf(peerResponses), List.copyOf(acknowledgedStreams),
                List.copyOf(unexpected));
    }

    // ---- commands (on the loop thread)

    /** Sends our INIT, as a peer would that does not wait for the other's. */
    void sendInit() {
        initSent = true;
        send(0, new InitChunk(SctpChunk.INIT, 0, localTag, A_RWND, STREAMS, STREAMS, localInitialTsn, initParameters(false)));
    }

    /** Sends one user message as a single reliable, ordered DATA chunk. */
    void sendMessage(int streamId, long ppid, byte[] data) {
        requirePeer();
        int ssn = nextSsn.merge(streamId, 1, Integer::sum) - 1;
        send(peerTag, new DataChunk(DataChunk.BEGINNING | DataChunk.END, nextTsn++ & 0xFFFFFFFFL, streamId, ssn, ppid, data));
    }

    /**
     * Opens a reliable ordered channel from our side with DCEP DATA_CHANNEL_OPEN (RFC 8832 §5.1); the
     * peer answers DATA_CHANNEL_ACK. The stream id must suit our DTLS role (client even, server odd).
     */
    void openChannel(int streamId, String label) {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        byte[] open = new byte[12 + l.length];
        open[0] = DCEP_OPEN; // channel type 0: reliable, ordered; priority 0; reliability parameter 0
        open[8] = (byte) (l.length >>> 8);
        open[9] = (byte) l.length;
        System.arraycopy(l, 0, open, 12, l.length);
        sendMessage(streamId, PPID_DCEP, open);
    }

    // ---- the script

    @Override
    public void accept(byte[] packet) {
        SctpPacket p;
        try {
            p = SctpPacket.decode(packet);
        } catch (SctpException e) {
            note("undecodable packet: " + e.getMessage());
            return;
        }
        boolean sack = false;
        for (SctpChunk chunk : p.chunks()) {
            switch (chunk.type()) {
                case SctpChunk.INIT -> onInit((InitChunk) chunk);
                case SctpChunk.INIT_ACK -> onInitAck((InitChunk) chunk);
                case SctpChunk.COOKIE_ECHO -> {
                    send(peerTag, RawChunk.empty(SctpChunk.COOKIE_ACK, 0));
                    setEstablished();
                }
                case SctpChunk.COOKIE_ACK -> setEstablished();
                case SctpChunk.DATA -> sack |= onData((DataChunk) chunk);
                case SctpChunk.FORWARD_TSN -> {
                    onForwardTsn((ForwardTsnChunk) chunk);
                    sack = true;
                }
                case SctpChunk.RE_CONFIG -> onReconfig((ParameterChunk) chunk);
                case SctpChunk.HEARTBEAT -> send(peerTag, new ParameterChunk(SctpChunk.HEARTBEAT_ACK, 0, ((ParameterChunk) chunk).parameters()));
                case SctpChunk.SHUTDOWN -> send(peerTag, RawChunk.empty(SctpChunk.SHUTDOWN_ACK, 0));
                case SctpChunk.SACK, SctpChunk.SHUTDOWN_COMPLETE, SctpChunk.ABORT -> {
                    // nothing to answer
                }
                default -> note("unexpected " + SctpChunk.typeName(chunk.type()));
            }
        }
        if (sack) {
            sendSack();
        }
        synchronized (this) {
            notifyAll();
        }
    }

    private void onInit(InitChunk init) {
        setPeer(init);
        List<SctpParameter> parameters = new ArrayList<>();
        parameters.add(new SctpParameter(SctpParameter.STATE_COOKIE, cookie));
        parameters.addAll(initParameters(true));
        send(peerTag, new InitChunk(SctpChunk.INIT_ACK, 0, localTag, A_RWND, Math.min(STREAMS, init.inboundStreams()),
                Math.min(STREAMS, init.outboundStreams()), localInitialTsn, parameters));
    }

    private void onInitAck(InitChunk initAck) {
        if (!initSent) {
            note("INIT ACK without our INIT");
            return;
        }
        setPeer(initAck);
        byte[] peerCookie = initAck.stateCookie();
        if (peerCookie == null) {
            note("INIT ACK without a State Cookie");
            return;
        }
        send(peerTag, new RawChunk(SctpChunk.COOKIE_ECHO, 0, peerCookie));
    }

    private void setPeer(InitChunk chunk) {
        if (peerTag >= 0 && peerTag != chunk.initiateTag()) {
            note("the peer changed its tag from " + peerTag + " to " + chunk.initiateTag());
        }
        peerTag = chunk.initiateTag();
        if (peerInitialTsn < 0) {
            peerInitialTsn = chunk.initialTsn();
            cumulativeAck = peerInitialTsn - 1;
        }
    }

    private List<SctpParameter> initParameters(boolean initAck) {
        List<SctpParameter> list = new ArrayList<>();
        list.add(new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]));
        list.add(new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS,
                new byte[] {(byte) SctpChunk.RE_CONFIG, (byte) SctpChunk.FORWARD_TSN}));
        if (offerZeroChecksum) {
            list.add(new SctpParameter(SctpParameter.ZERO_CHECKSUM_ACCEPTABLE, new byte[] {0, 0, 0, (byte) ZERO_CHECKSUM_DTLS}));
        }
        return list;
    }

    private synchronized void setEstablished() {
        established = true;
    }

    /** Takes one DATA chunk; returns whether it calls for a SACK (false when we pretend it was lost). */
    private boolean onData(DataChunk data) {
        if (peerInitialTsn < 0) {
            note("DATA before INIT");
            return false;
        }
        boolean control = data.ppid() == PPID_DCEP;
        if (!control && lossyStreams.contains(data.streamId())) {
            synchronized (this) {
                lostMessages.add(data.streamId());
            }
            return false;
        }
        long tsn = unwrap(data.tsn());
        if (tsn <= cumulativeAck || !receivedAbove.add(tsn)) {
            return true; // a duplicate: SACK again
        }
        while (receivedAbove.remove(cumulativeAck + 1)) {
            cumulativeAck++;
        }
        if (control) {
            onDcep(data);
        } else {
            deliver(data);
        }
        return true;
    }

    private void onDcep(DataChunk data) {
        byte[] d = data.data();
        if (d.length >= 12 && (d[0] & 0xFF) == DCEP_OPEN) {
            int type = d[1] & 0xFF;
            long reliability = (d[4] & 0xFFL) << 24 | (d[5] & 0xFFL) << 16 | (d[6] & 0xFFL) << 8 | (d[7] & 0xFFL);
            int labelLength = (d[8] & 0xFF) << 8 | (d[9] & 0xFF);
            int protocolLength = (d[10] & 0xFF) << 8 | (d[11] & 0xFF);
            if (12 + labelLength + protocolLength > d.length) {
                note("DATA_CHANNEL_OPEN with label and protocol past its end");
                return;
            }
            OpenedChannel channel = new OpenedChannel(data.streamId(), new String(d, 12, labelLength, StandardCharsets.UTF_8),
                    new String(d, 12 + labelLength, protocolLength, StandardCharsets.UTF_8), type, reliability);
            synchronized (this) {
                channels.add(channel);
            }
            if (channel.partiallyReliable()) {
                lossyStreams.add(data.streamId());
            }
            sendMessage(data.streamId(), PPID_DCEP, new byte[] {DCEP_ACK});
        } else if (d.length >= 1 && (d[0] & 0xFF) == DCEP_ACK) {
            synchronized (this) {
                acknowledgedStreams.add(data.streamId());
            }
        } else {
            note("unknown DCEP message " + (d.length == 0 ? "(empty)" : Integer.toString(d[0] & 0xFF)));
        }
    }

    private void deliver(DataChunk data) {
        // Fragments of one stream arrive in TSN order on loopback; unordered interleaving is not handled.
        java.io.ByteArrayOutputStream buffer = data.beginning() ? new java.io.ByteArrayOutputStream() : reassembly.get(data.streamId());
        if (buffer == null) {
            note("a middle fragment without its beginning on stream " + data.streamId());
            return;
        }
        buffer.writeBytes(data.data());
        if (!data.end()) {
            reassembly.put(data.streamId(), buffer);
            return;
        }
        reassembly.remove(data.streamId());
        byte[] message = data.ppid() == PPID_STRING_EMPTY || data.ppid() == PPID_BINARY_EMPTY ? new byte[0] : buffer.toByteArray();
        synchronized (this) {
            messages.add(new Message(data.streamId(), data.ppid(), message));
        }
    }

    private void onForwardTsn(ForwardTsnChunk forward) {
        long newCumulative = unwrap(forward.newCumulativeTsn());
        synchronized (this) {
            forwardTsns.add(forward.newCumulativeTsn());
        }
        if (newCumulative > cumulativeAck) {
            cumulativeAck = newCumulative;
            receivedAbove.headSet(cumulativeAck, true).clear();
            while (receivedAbove.remove(cumulativeAck + 1)) {
                cumulativeAck++;
            }
        }
    }

    private void onReconfig(ParameterChunk reconfig) {
        for (SctpParameter parameter : reconfig.parameters()) {
            try {
                if (parameter.type() == SctpParameter.OUTGOING_SSN_RESET_REQUEST) {
                    OutgoingResetRequest request = OutgoingResetRequest.decode(parameter);
                    synchronized (this) {
                        peerResets.add(request);
                    }
                    long result = unwrap(request.lastAssignedTsn()) <= cumulativeAck
                            ? ReconfigResponse.SUCCESS_PERFORMED : ReconfigResponse.IN_PROGRESS;
                    send(peerTag, new ParameterChunk(SctpChunk.RE_CONFIG, 0,
                            List.of(new ReconfigResponse(request.requestSeq(), result).toParameter())));
                    if (result == ReconfigResponse.SUCCESS_PERFORMED) {
                        // Close our side of the same streams too, as a data channel's close requires.
                        OutgoingResetRequest ours = new OutgoingResetRequest(nextReconfigSeq++ & 0xFFFFFFFFL, request.requestSeq(),
                                (nextTsn - 1) & 0xFFFFFFFFL, request.streams());
                        send(peerTag, new ParameterChunk(SctpChunk.RE_CONFIG, 0, List.of(ours.toParameter())));
                    }
                } else if (parameter.type() == SctpParameter.RECONFIGURATION_RESPONSE) {
                    ReconfigResponse response = ReconfigResponse.decode(parameter);
                    synchronized (this) {
                        peerResponses.add(response);
                    }
                } else {
                    note("RE-CONFIG parameter " + parameter.type());
                }
            } catch (SctpException e) {
                note("malformed RE-CONFIG parameter: " + e.getMessage());
            }
        }
    }

    private void sendSack() {
        List<SackChunk.GapAckBlock> gaps = new ArrayList<>();
        long start = -1;
        long previous = -1;
        for (long tsn : receivedAbove) {
            if (start >= 0 && tsn == previous + 1) {
                previous = tsn;
                continue;
            }
            if (start >= 0) {
                gaps.add(new SackChunk.GapAckBlock((int) (start - cumulativeAck), (int) (previous - cumulativeAck)));
            }
            start = tsn;
            previous = tsn;
        }
        if (start >= 0) {
            gaps.add(new SackChunk.GapAckBlock((int) (start - cumulativeAck), (int) (previous - cumulativeAck)));
        }
        send(peerTag, new SackChunk(0, cumulativeAck & 0xFFFFFFFFL, A_RWND, gaps, List.of()));
    }

    /** A TSN of the peer's as a number that does not wrap, counted from its initial TSN. */
    private long unwrap(long tsn) {
        return peerInitialTsn + ((tsn - peerInitialTsn) & 0xFFFFFFFFL);
    }

    private void send(long verificationTag, SctpChunk chunk) {
        int port = DataChannelSdp.SCTP_PORT;
        transport.sendSctp(SctpPacket.of(port, port, verificationTag, chunk).encode());
    }

    private void requirePeer() {
        if (peerTag < 0) {
            throw new IllegalStateException("no INIT or INIT ACK from the peer yet (expected: after the handshake)");
        }
    }

    private synchronized void note(String what) {
        LOG.warn("scripted SCTP: {}", what);
        unexpected.add(what);
    }
}
