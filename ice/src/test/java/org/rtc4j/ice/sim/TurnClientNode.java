package org.rtc4j.ice.sim;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.rtc4j.stun.ChannelData;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.LongTermCredential;
import org.rtc4j.stun.PacketClassifier;
import org.rtc4j.stun.RetransmissionPolicy;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunClient;
import org.rtc4j.stun.StunClientEvent;
import org.rtc4j.stun.StunException;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.TransactionId;
import org.rtc4j.stun.Transmit;

/**
 * A test's minimal TURN client on one socket, built from {@link StunClient} and {@link LongTermCredential}:
 * it answers 401/438 challenges by resending the request signed, keeps the final response of every
 * transaction, and records data relayed to it.
 */
final class TurnClientNode implements SimNode {
    /** Data the server relayed from a peer; {@code channel} is null for a Data indication. */
    record Received(InetSocketAddress peer, String text, Integer channel) {
    }

    private final InetSocketAddress local;
    private final InetSocketAddress server;
    private final StunClient stun = new StunClient();
    private final Random random;
    /** A transaction in flight: the id the test was given, and how to build the request again. */
    private record Pending(TransactionId first, Supplier<StunMessageBuilder> build) {
    }

    private final Map<TransactionId, Pending> pending = new HashMap<>();
    private final Map<TransactionId, StunMessage> finalResponses = new HashMap<>();
    private final ArrayDeque<Transmit> out = new ArrayDeque<>();
    private final Map<Integer, InetSocketAddress> channels = new HashMap<>();
    private LongTermCredential credential;
    final List<StunMessage> responses = new ArrayList<>();
    final List<StunClientEvent> failures = new ArrayList<>();
    final List<Received> received = new ArrayList<>();
    InetSocketAddress relayed;
    InetSocketAddress mapped;

    TurnClientNode(InetSocketAddress local, InetSocketAddress server, String username, String password, long seed) {
        this.local = local;
        this.server = server;
        this.credential = new LongTermCredential(username, password);
        this.random = new Random(seed);
    }

    /** Switches to another user; the next request is challenged afresh. */
    void useCredential(String username, String password) {
        credential = new LongTermCredential(username, password);
    }

    TransactionId allocate(Instant now) {
        return allocate(now, StunAttribute.RequestedTransport.UDP);
    }

    TransactionId allocate(Instant now, int protocol) {
        return request(now, () -> request(StunMethod.ALLOCATE).add(new StunAttribute.RequestedTransport(protocol)));
    }

    TransactionId refresh(Instant now, long lifetimeSeconds) {
        return request(now, () -> request(StunMethod.REFRESH).uint32(StunAttributeType.LIFETIME, lifetimeSeconds));
    }

    TransactionId createPermission(Instant now, InetSocketAddress... peers) {
        return request(now, () -> {
            StunMessageBuilder b = request(StunMethod.CREATE_PERMISSION);
            for (InetSocketAddress p : peers) {
                b.address(StunAttributeType.XOR_PEER_ADDRESS, p);
            }
            return b;
        });
    }

    TransactionId channelBind(Instant now, int channel, InetSocketAddress peer) {
        channels.put(channel, peer);
        return request(now, () -> request(StunMethod.CHANNEL_BIND)
                .add(new StunAttribute.ChannelNumber(channel))
                .address(StunAttributeType.XOR_PEER_ADDRESS, peer));
    }

    void sendIndication(InetSocketAddress peer, String text) {
        byte[] m = StunMessageBuilder.of(StunMessageType.of(StunClass.INDICATION, StunMethod.SEND), TransactionId.random(random))
                .address(StunAttributeType.XOR_PEER_ADDRESS, peer)
                .bytes(StunAttributeType.DATA, text.getBytes(StandardCharsets.UTF_8))
                .encode();
        out.add(new Transmit(local, server, m));
    }

    void sendChannelData(int channel, String text) {
        out.add(new Transmit(local, server, new ChannelData(channel, text.getBytes(StandardCharsets.UTF_8)).encode(false)));
    }

    /** Whether the final response to a transaction came. */
    boolean answered(TransactionId id) {
        return finalResponses.containsKey(id);
    }

    /** The final response to a transaction, after any challenge was answered under a new id. */
    StunMessage response(TransactionId id) {
        StunMessage r = finalResponses.get(id);
        if (r == null) {
            throw new AssertionError("no final response to " + id);
        }
        return r;
    }

    /** The error code of the final response to a transaction, or 0 for success. */
    int errorOf(TransactionId id) {
        return response(id).errorCode().map(StunAttribute.ErrorCode::code).orElse(0);
    }

    private StunMessageBuilder request(StunMethod method) {
        return StunMessageBuilder.of(StunMessageType.of(StunClass.REQUEST, method), TransactionId.random(random));
    }

    private TransactionId request(Instant now, Supplier<StunMessageBuilder> build) {
        return send(now, null, build);
    }

    private TransactionId send(Instant now, TransactionId first, Supplier<StunMessageBuilder> build) {
        StunMessageBuilder b = build.get();
        if (credential.isReady()) {
            credential.sign(b);
        }
        StunMessage m = b.build();
        stun.sendRequest(now, m, local, server, RetransmissionPolicy.UDP_DEFAULT, credential.key().orElse(null));
        pending.put(m.transactionId(), new Pending(first != null ? first : m.transactionId(), build));
        return m.transactionId();
    }

    private void drain(Instant now) {
        Optional<StunClientEvent> e;
        while ((e = stun.pollEvent()).isPresent()) {
            StunClientEvent event = e.get();
            Pending p = pending.remove(event.transactionId());
            if (!(event instanceof StunClientEvent.Response r)) {
                failures.add(event);
                continue;
            }
            StunMessage response = r.response();
            if (response.messageClass() == StunClass.ERROR_RESPONSE && p != null && credential.handleChallenge(response)) {
                send(now, p.first(), p.build());
                continue;
            }
            responses.add(response);
            if (p != null) {
                finalResponses.put(p.first(), response);
            }
            if (response.messageClass() == StunClass.SUCCESS_RESPONSE && response.method().equals(StunMethod.ALLOCATE)) {
                relayed = response.address(StunAttributeType.XOR_RELAYED_ADDRESS).orElse(null);
                mapped = response.mappedAddress().orElse(null);
            }
        }
    }

    @Override
    public void handleReceive(Instant now, Datagram datagram) {
        byte[] b = datagram.data();
        PacketClassifier.Kind kind = PacketClassifier.classify(b, 0, b.length);
        try {
            if (kind == PacketClassifier.Kind.TURN_CHANNEL) {
                ChannelData cd = ChannelData.decode(b, 0, b.length);
                received.add(new Received(channels.get(cd.channel()), new String(cd.data(), StandardCharsets.UTF_8), cd.channel()));
            } else if (kind == PacketClassifier.Kind.STUN) {
                StunMessage m = StunMessage.decode(b, 0, b.length);
                if (m.messageClass() == StunClass.INDICATION && m.method().equals(StunMethod.DATA)) {
                    byte[] data = ((StunAttribute.Opaque) m.attribute(StunAttributeType.DATA).orElseThrow()).value();
                    received.add(new Received(m.address(StunAttributeType.XOR_PEER_ADDRESS).orElseThrow(),
                            new String(data, StandardCharsets.UTF_8), null));
                } else {
                    stun.handleResponse(now, m, datagram.source());
                }
            }
        } catch (StunException e) {
            throw new AssertionError("the TURN server sent something malformed: " + e.getMessage(), e);
        }
        drain(now);
    }

    @Override
    public void handleTimeout(Instant now) {
        stun.handleTimeout(now);
        drain(now);
    }

    @Override
    public Optional<Transmit> pollTransmit() {
        Optional<Transmit> t = stun.pollTransmit();
        return t.isPresent() ? t : Optional.ofNullable(out.poll());
    }

    @Override
    public Optional<Instant> pollTimeout() {
        return stun.pollTimeout();
    }

    @Override
    public String toString() {
        return "TurnClientNode(" + local + ")";
    }
}
