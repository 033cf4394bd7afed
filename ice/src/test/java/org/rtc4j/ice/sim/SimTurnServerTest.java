package org.rtc4j.ice.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtc4j.ice.sim.NetTestSupport.T0;
import static org.rtc4j.ice.sim.NetTestSupport.ip;
import static org.rtc4j.ice.sim.NetTestSupport.sock;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunErrorCodes;
import org.rtc4j.stun.TransactionId;

/** A TURN client written from StunClient and LongTermCredential against SimTurnServer on the simulated network. */
class SimTurnServerTest {
    private static final InetSocketAddress TURN = sock("198.51.100.10", 3478);
    private static final InetSocketAddress RELAY_1 = sock("198.51.100.11", 49152);
    private static final InetSocketAddress PEER = sock("198.51.100.20", 7000);
    private static final InetSocketAddress PEER_2 = sock("198.51.100.21", 7000);
    private static final InetSocketAddress NATTED_CLIENT = sock("10.0.0.2", 5000);
    private static final InetSocketAddress PUBLIC_CLIENT = sock("198.51.100.30", 5000);

    private final NetworkEmulator net = new NetworkEmulator(21);
    private final Simulation sim = new Simulation(net, T0);
    private SimTurnServer turn;
    private EchoNode peer;

    /** The server on its own listening host and relay host, two users, and an echoing public peer. */
    private void servers(TurnServerConfig config) {
        for (String host : new String[] {"198.51.100.10", "198.51.100.11", "198.51.100.20", "198.51.100.21"}) {
            net.addHost(ip(host));
        }
        turn = config.build();
        sim.add(turn, TURN);
        sim.add(turn, ip("198.51.100.11"));
        peer = sim.add(new EchoNode("peer", true), PEER.getAddress());
        sim.add(new EchoNode("peer2", true), PEER_2.getAddress());
    }

    private static TurnServerConfig defaults() {
        return SimTurnServer.builder(TURN, ip("198.51.100.11")).user("alice", "wonderland").user("bob", "builder");
    }

    private TurnClientNode publicClient() {
        net.addHost(PUBLIC_CLIENT.getAddress());
        return sim.add(new TurnClientNode(PUBLIC_CLIENT, TURN, "alice", "wonderland", 1), PUBLIC_CLIENT);
    }

    private void await(BooleanSupplier condition) {
        assertThat(sim.runUntil(condition, Duration.ofSeconds(10))).as("condition within 10 s").isTrue();
    }

    private int call(TurnClientNode client, TransactionId id) {
        await(() -> client.answered(id));
        return client.errorOf(id);
    }

    @Test
    void relaysBothWaysThroughASymmetricNat() {
        servers(defaults());
        Nat nat = net.addNat(ip("203.0.113.1"), NatType.SYMMETRIC);
        net.addHostBehind(nat, NATTED_CLIENT.getAddress());
        TurnClientNode client = sim.add(new TurnClientNode(NATTED_CLIENT, TURN, "alice", "wonderland", 1), NATTED_CLIENT);

        // 401 first, then the signed Allocate succeeds.
        assertThat(call(client, client.allocate(sim.now()))).isZero();
        assertThat(client.relayed).isEqualTo(RELAY_1);
        assertThat(client.mapped).isEqualTo(sock("203.0.113.1", 40000));
        assertThat(turn.relayedAddress(client.mapped)).contains(RELAY_1);
        assertThat(turn.stats().errors()).containsEntry(StunErrorCodes.UNAUTHENTICATED, 1L);

        // Without a permission nothing is relayed.
        client.sendIndication(PEER, "too early");
        sim.runFor(Duration.ofSeconds(1));
        assertThat(peer.received).isEmpty();
        assertThat(turn.stats().droppedNoPermission()).isEqualTo(1);

        // Send indication out, Data indication back.
        assertThat(call(client, client.createPermission(sim.now(), PEER))).isZero();
        client.sendIndication(PEER, "hello");
        await(() -> client.received.size() == 1);
        assertThat(peer.received).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(RELAY_1);
            assertThat(new String(d.data())).isEqualTo("hello");
        });
        assertThat(client.received.get(0)).isEqualTo(new TurnClientNode.Received(PEER, "echo:hello", null));

        // ChannelData out, ChannelData back.
        assertThat(call(client, client.channelBind(sim.now(), 0x4000, PEER))).isZero();
        client.sendChannelData(0x4000, "over the channel");
        await(() -> client.received.size() == 2);
        assertThat(peer.texts()).containsExactly("hello", "over the channel");
        assertThat(peer.received.get(1).source()).isEqualTo(RELAY_1);
        assertThat(client.received.get(1)).isEqualTo(new TurnClientNode.Received(PEER, "echo:over the channel", 0x4000));

        // The relay is the only way in: the symmetric NAT filters the peer's direct attempt.
        peer.send(PEER, client.mapped, "direct");
        sim.runFor(Duration.ofSeconds(1));
        assertThat(client.received).hasSize(2);
        assertThat(net.stats().dropped(DropReason.NAT_FILTERED)).isEqualTo(1);

        TurnServerStats s = turn.stats();
        assertThat(s.allocations()).isEqualTo(1);
        assertThat(s.relayedToPeers()).isEqualTo(2);
        assertThat(s.relayedToClients()).isEqualTo(2);
    }

    @Test
    void twoClientsTalkRelayToRelayOnOneAddress() {
        // Listening and relaying on one address: relay ports skip the listening port.
        for (String host : new String[] {"198.51.100.10", "198.51.100.31", "198.51.100.32"}) {
            net.addHost(ip(host));
        }
        turn = SimTurnServer.builder(TURN, TURN.getAddress()).user("alice", "wonderland").relayPorts(3477, 3480).build();
        sim.add(turn, TURN.getAddress());
        TurnClientNode a = sim.add(new TurnClientNode(sock("198.51.100.31", 1), TURN, "alice", "wonderland", 1), ip("198.51.100.31"));
        TurnClientNode b = sim.add(new TurnClientNode(sock("198.51.100.32", 1), TURN, "alice", "wonderland", 2), ip("198.51.100.32"));
        call(a, a.allocate(sim.now()));
        call(b, b.allocate(sim.now()));
        assertThat(a.relayed).isEqualTo(sock("198.51.100.10", 3477));
        assertThat(b.relayed).isEqualTo(sock("198.51.100.10", 3479));

        call(a, a.createPermission(sim.now(), b.relayed));
        call(b, b.createPermission(sim.now(), a.relayed));
        a.sendIndication(b.relayed, "via two relays");
        await(() -> !b.received.isEmpty());
        assertThat(b.received).containsExactly(new TurnClientNode.Received(a.relayed, "via two relays", null));
    }

    @Test
    void wrongPasswordEndsInUnauthenticated() {
        servers(defaults());
        net.addHost(PUBLIC_CLIENT.getAddress());
        TurnClientNode client = sim.add(new TurnClientNode(PUBLIC_CLIENT, TURN, "alice", "queen of hearts", 1), PUBLIC_CLIENT);
        assertThat(call(client, client.allocate(sim.now()))).isEqualTo(StunErrorCodes.UNAUTHENTICATED);
        assertThat(client.relayed).isNull();
        assertThat(turn.allocationCount()).isZero();
        assertThat(turn.stats().errors()).containsEntry(StunErrorCodes.UNAUTHENTICATED, 2L);
    }

    @Test
    void requestsWithoutOrAgainstTheAllocationGetTheirErrors() {
        servers(defaults().peerPolicy(p -> !p.equals(PEER_2)));
        TurnClientNode client = publicClient();

        assertThat(call(client, client.createPermission(sim.now(), PEER))).isEqualTo(StunErrorCodes.ALLOCATION_MISMATCH);
        assertThat(call(client, client.refresh(sim.now(), 600))).isEqualTo(StunErrorCodes.ALLOCATION_MISMATCH);
        assertThat(call(client, client.allocate(sim.now(), 6))).isEqualTo(StunErrorCodes.UNSUPPORTED_TRANSPORT_PROTOCOL);
        assertThat(call(client, client.allocate(sim.now()))).isZero();
        assertThat(call(client, client.allocate(sim.now()))).isEqualTo(StunErrorCodes.ALLOCATION_MISMATCH);
        assertThat(call(client, client.createPermission(sim.now(), PEER_2))).isEqualTo(StunErrorCodes.FORBIDDEN);
        assertThat(call(client, client.createPermission(sim.now(), sock("2001:db8::1", 7000))))
                .isEqualTo(StunErrorCodes.PEER_ADDRESS_FAMILY_MISMATCH);

        client.useCredential("bob", "builder");
        assertThat(call(client, client.createPermission(sim.now(), PEER))).isEqualTo(StunErrorCodes.WRONG_CREDENTIALS);
    }

    @Test
    void channelBindingsAreOneToOne() {
        servers(defaults());
        TurnClientNode client = publicClient();
        call(client, client.allocate(sim.now()));
        assertThat(call(client, client.channelBind(sim.now(), 0x4000, PEER))).isZero();
        assertThat(call(client, client.channelBind(sim.now(), 0x4000, PEER))).isZero(); // a refresh
        assertThat(call(client, client.channelBind(sim.now(), 0x4001, PEER))).isEqualTo(StunErrorCodes.BAD_REQUEST);
        assertThat(call(client, client.channelBind(sim.now(), 0x4000, PEER_2))).isEqualTo(StunErrorCodes.BAD_REQUEST);
        assertThat(call(client, client.channelBind(sim.now(), 0x3FFF, PEER_2))).isEqualTo(StunErrorCodes.BAD_REQUEST);

        client.sendChannelData(0x4001, "unbound");
        sim.runFor(Duration.ofSeconds(1));
        assertThat(turn.stats().droppedNoChannel()).isEqualTo(1);
        assertThat(peer.received).isEmpty();
    }

    @Test
    void refreshSetsTheLifetimeAndZeroDeletes() {
        servers(defaults());
        TurnClientNode client = publicClient();
        call(client, client.allocate(sim.now()));

        TransactionId shortOne = client.refresh(sim.now(), 30);
        TransactionId longOne = client.refresh(sim.now(), 7200);
        await(() -> client.answered(shortOne) && client.answered(longOne));
        // Never below the default of 600 s, never above the maximum of 3600 s.
        assertThat(client.response(shortOne).uint32(StunAttributeType.LIFETIME)).hasValue(600);
        assertThat(client.response(longOne).uint32(StunAttributeType.LIFETIME)).hasValue(3600);

        TransactionId delete = client.refresh(sim.now(), 0);
        assertThat(call(client, delete)).isZero();
        assertThat(client.response(delete).uint32(StunAttributeType.LIFETIME)).hasValue(0);
        assertThat(turn.allocationCount()).isZero();
        client.sendIndication(PEER, "gone");
        sim.runFor(Duration.ofSeconds(1));
        assertThat(turn.stats().droppedNoAllocation()).isEqualTo(1);
        assertThat(turn.pollTimeout()).isEmpty();

        // The relay port is free again, but the counter moves on: the next allocation is predictable.
        assertThat(call(client, client.allocate(sim.now()))).isZero();
        assertThat(client.relayed).isEqualTo(sock("198.51.100.11", 49153));
    }

    @Test
    void permissionsLastFiveMinutes() {
        servers(defaults());
        TurnClientNode client = publicClient();
        call(client, client.allocate(sim.now()));
        call(client, client.createPermission(sim.now(), PEER));
        Instant granted = sim.now();

        sim.runUntil(granted.plus(Duration.ofMinutes(4)));
        peer.send(PEER, client.relayed, "still allowed");
        await(() -> client.received.size() == 1);

        sim.runUntil(granted.plus(SimTurnServer.PERMISSION_LIFETIME));
        peer.send(PEER, client.relayed, "too late");
        sim.runFor(Duration.ofSeconds(1));
        assertThat(client.received).extracting(TurnClientNode.Received::text).containsExactly("still allowed");
        assertThat(turn.stats().droppedNoPermission()).isEqualTo(1);
    }

    @Test
    void allocationsExpireWithoutRefresh() {
        servers(defaults());
        TurnClientNode client = publicClient();
        call(client, client.allocate(sim.now()));
        call(client, client.channelBind(sim.now(), 0x4000, PEER));
        Instant allocated = sim.now();

        sim.runUntil(allocated.plus(SimTurnServer.DEFAULT_LIFETIME).plusSeconds(1));
        assertThat(turn.allocationCount()).isZero();
        assertThat(turn.stats().expirations()).isEqualTo(1);
        assertThat(turn.pollTimeout()).isEmpty(); // every timer went with it
        peer.send(PEER, RELAY_1, "nobody home");
        sim.runFor(Duration.ofSeconds(1));
        assertThat(turn.stats().ignored()).isEqualTo(1);
    }

    @Test
    void expiredChannelsFallBackToIndicationsAndStayQuarantined() {
        servers(defaults());
        TurnClientNode client = publicClient();
        call(client, client.allocate(sim.now()));
        call(client, client.channelBind(sim.now(), 0x4000, PEER));
        Instant bound = sim.now();

        // Keep the allocation and the permission, but not the channel.
        sim.runUntil(bound.plus(Duration.ofMinutes(8)));
        call(client, client.refresh(sim.now(), 600));
        call(client, client.createPermission(sim.now(), PEER));
        sim.runUntil(bound.plus(SimTurnServer.CHANNEL_LIFETIME));

        client.sendChannelData(0x4000, "expired channel");
        peer.send(PEER, client.relayed, "back as an indication");
        await(() -> client.received.size() == 1);
        assertThat(client.received.get(0).channel()).isNull();
        assertThat(turn.stats().droppedNoChannel()).isEqualTo(1);

        // For five more minutes neither the number nor the peer can go elsewhere.
        assertThat(call(client, client.channelBind(sim.now(), 0x4000, PEER_2))).isEqualTo(StunErrorCodes.BAD_REQUEST);
        sim.runUntil(bound.plus(SimTurnServer.CHANNEL_LIFETIME).plus(SimTurnServer.CHANNEL_QUARANTINE));
        call(client, client.refresh(sim.now(), 600));
        assertThat(call(client, client.channelBind(sim.now(), 0x4000, PEER_2))).isZero();
    }

    @Test
    void quotasAreEnforced() {
        servers(defaults().maxAllocations(2, 1).maxPermissionsAndChannels(2, 1));
        TurnClientNode first = publicClient();
        net.addHost(ip("198.51.100.40"));
        net.addHost(ip("198.51.100.41"));
        TurnClientNode sameUser = sim.add(new TurnClientNode(sock("198.51.100.40", 1), TURN, "alice", "wonderland", 2), ip("198.51.100.40"));
        TurnClientNode otherUser = sim.add(new TurnClientNode(sock("198.51.100.41", 1), TURN, "bob", "builder", 3), ip("198.51.100.41"));

        assertThat(call(first, first.allocate(sim.now()))).isZero();
        assertThat(call(sameUser, sameUser.allocate(sim.now()))).isEqualTo(StunErrorCodes.ALLOCATION_QUOTA_REACHED);
        assertThat(call(otherUser, otherUser.allocate(sim.now()))).isZero();
        assertThat(turn.allocationCount()).isEqualTo(2);

        // Three peers against a bound of two: all or nothing.
        assertThat(call(first, first.createPermission(sim.now(), PEER, PEER_2, sock("198.51.100.50", 1))))
                .isEqualTo(StunErrorCodes.INSUFFICIENT_CAPACITY);
        assertThat(call(first, first.createPermission(sim.now(), PEER, PEER_2))).isZero();
        assertThat(call(first, first.channelBind(sim.now(), 0x4000, PEER))).isZero();
        assertThat(call(first, first.channelBind(sim.now(), 0x4001, PEER_2))).isEqualTo(StunErrorCodes.INSUFFICIENT_CAPACITY);
    }

    @Test
    void aLossyRunIsTheSameEveryTime() {
        List<PacketRecord> first = capturedRelayRun();
        assertThat(first).extracting(PacketRecord::reason).contains(DropReason.LOSS);
        assertThat(first).extracting(PacketRecord::kind).contains(PacketRecord.Kind.DELIVERED);
        assertThat(capturedRelayRun()).isEqualTo(first);
    }

    private static List<PacketRecord> capturedRelayRun() {
        SimTurnServerTest t = new SimTurnServerTest();
        t.net.setDefaultLink(LinkConditions.DEFAULT.withLoss(0.2).withJitter(Duration.ofMillis(5)));
        t.net.startCapture();
        t.servers(defaults());
        TurnClientNode client = t.publicClient();
        client.allocate(t.sim.now());
        t.sim.runFor(Duration.ofSeconds(30));
        client.createPermission(t.sim.now(), PEER);
        t.sim.runFor(Duration.ofSeconds(30));
        for (int i = 0; i < 20; i++) {
            client.sendIndication(PEER, "n" + i);
        }
        t.sim.runFor(Duration.ofSeconds(5));
        return t.net.capture();
    }
}
