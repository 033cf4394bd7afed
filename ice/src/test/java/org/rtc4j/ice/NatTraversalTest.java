package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.ice.sim.AgentNode;
import org.rtc4j.ice.sim.LinkConditions;
import org.rtc4j.ice.sim.Nat;
import org.rtc4j.ice.sim.NatType;
import org.rtc4j.ice.sim.NetworkEmulator;
import org.rtc4j.ice.sim.SimStunServer;
import org.rtc4j.ice.sim.SimTurnServer;
import org.rtc4j.ice.sim.Simulation;

/**
 * Two agents behind every combination of NAT types (RFC 4787), with a STUN server and optionally a TURN
 * server, on a seeded emulated network and virtual time. ICE must connect exactly when a path exists:
 * directly unless one side is symmetric and the other port-restricted or symmetric, and always through
 * TURN. When no path exists the agents must end in {@code failed}.
 */
class NatTraversalTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetSocketAddress STUN = sock("198.51.100.1", 3478);
    private static final InetSocketAddress TURN = sock("198.51.100.2", 3478);
    private static final InetAddress RELAY = ip("198.51.100.3");

    /** null stands for a host on the public internet without a NAT. */
    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        NatType[] types = {null, NatType.FULL_CONE, NatType.ADDRESS_RESTRICTED, NatType.PORT_RESTRICTED, NatType.SYMMETRIC};
        for (int i = 0; i < types.length; i++) {
            for (int j = i; j < types.length; j++) {
                out.add(Arguments.of(types[i], types[j]));
            }
        }
        return out.stream();
    }

    static boolean directPathExists(NatType a, NatType b) {
        boolean aSym = a == NatType.SYMMETRIC;
        boolean bSym = b == NatType.SYMMETRIC;
        boolean aPort = a == NatType.PORT_RESTRICTED;
        boolean bPort = b == NatType.PORT_RESTRICTED;
        return !((aSym && (bSym || bPort)) || (bSym && aPort));
    }

    @ParameterizedTest(name = "{0} x {1} without TURN")
    @MethodSource("combinations")
    void connectsExactlyWhenADirectPathExists(NatType natA, NatType natB) {
        Setup s = new Setup(natA, natB, false, 7);
        boolean expected = directPathExists(natA, natB);
        boolean settled = s.sim.runUntil(() -> (s.a.connected() && s.b.connected())
                || (s.a.agent().connectionState() == IceConnectionState.FAILED
                    && s.b.agent().connectionState() == IceConnectionState.FAILED), Duration.ofSeconds(60));
        assertThat(settled).as("settled within 60 s").isTrue();
        if (expected) {
            assertThat(s.a.connected() && s.b.connected()).as("connected").isTrue();
            assertThat(s.a.agent().selectedPair().orElseThrow().local().type()).isNotEqualTo(CandidateType.RELAYED);
            assertThat(s.sim.now()).isBefore(T0.plusSeconds(5));
        } else {
            assertThat(s.a.agent().connectionState()).isEqualTo(IceConnectionState.FAILED);
            assertThat(s.b.agent().connectionState()).isEqualTo(IceConnectionState.FAILED);
        }
    }

    @ParameterizedTest(name = "{0} x {1} with TURN")
    @MethodSource("combinations")
    void alwaysConnectsWithTurn(NatType natA, NatType natB) {
        Setup s = new Setup(natA, natB, true, 11);
        assertThat(s.sim.runUntil(() -> s.a.connected() && s.b.connected(), Duration.ofSeconds(30))).isTrue();
        CandidatePair pa = s.a.agent().selectedPair().orElseThrow();
        CandidatePair pb = s.b.agent().selectedPair().orElseThrow();
        if (!directPathExists(natA, natB)) {
            assertThat(pa.local().type() == CandidateType.RELAYED || pb.local().type() == CandidateType.RELAYED)
                    .as("a relayed path").isTrue();
        }
        // Application data flows both ways on the selected pairs.
        assertThat(s.a.agent().send(s.sim.now(), new byte[] {(byte) 0x80, 96, 1})).isTrue();
        s.sim.runFor(Duration.ofMillis(500));
    }

    @ParameterizedTest(name = "{0} x {1} relay only")
    @MethodSource("combinations")
    void relayOnlyPolicyUsesOnlyRelayedCandidates(NatType natA, NatType natB) {
        Setup s = new Setup(natA, natB, true, 13, true);
        assertThat(s.sim.runUntil(() -> s.a.connected() && s.b.connected(), Duration.ofSeconds(30))).isTrue();
        assertThat(s.a.agent().selectedPair().orElseThrow().local().type()).isEqualTo(CandidateType.RELAYED);
        assertThat(s.a.events).filteredOn(e -> e instanceof IceEvent.LocalCandidate)
                .allSatisfy(e -> assertThat(((IceEvent.LocalCandidate) e).candidate().type()).isEqualTo(CandidateType.RELAYED));
    }

    @ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void connectsOverALossyJitteryReorderingDuplicatingNetwork(long seed) {
        // 10 % loss on every link: a datagram crosses two, so about a third of the round trips fail.
        Setup s = new Setup(NatType.PORT_RESTRICTED, NatType.ADDRESS_RESTRICTED, true, seed, false,
                LinkConditions.DEFAULT.withLatency(Duration.ofMillis(40)).withJitter(Duration.ofMillis(15)).withLoss(0.1)
                        .withDuplication(0.05).withReordering(0.1, Duration.ofMillis(30)));
        assertThat(s.sim.runUntil(() -> s.a.connected() && s.b.connected(), Duration.ofSeconds(30))).isTrue();
        // Lost nomination responses can leave the sides on different pairs for a moment; they converge.
        assertThat(s.sim.runUntil(() -> sameFiveTuple(s.a.agent(), s.b.agent()), Duration.ofSeconds(10))).isTrue();
    }

    /**
     * Whether both agents use the same path, for peers that are both behind NATs: one side sends to the
     * other's relayed address exactly when that other side sends from it.
     */
    private static boolean sameFiveTuple(IceAgent a, IceAgent b) {
        CandidatePair pa = a.selectedPair().orElseThrow();
        CandidatePair pb = b.selectedPair().orElseThrow();
        boolean bRelayed = pb.local().type() == CandidateType.RELAYED;
        boolean aRelayed = pa.local().type() == CandidateType.RELAYED;
        return bRelayed == pa.remoteAddress().equals(pb.localAddress())
                && aRelayed == pb.remoteAddress().equals(pa.localAddress());
    }

    @org.junit.jupiter.api.Test
    void sameSeedSameRun() {
        Instant[] when = new Instant[2];
        for (int i = 0; i < 2; i++) {
            Setup s = new Setup(NatType.SYMMETRIC, NatType.FULL_CONE, true, 99, false,
                    LinkConditions.DEFAULT.withLoss(0.1).withJitter(Duration.ofMillis(10)));
            s.sim.runUntil(() -> s.a.connected() && s.b.connected(), Duration.ofSeconds(30));
            when[i] = s.sim.now();
        }
        assertThat(when[0]).isEqualTo(when[1]);
    }

    /** The topology: A and B each behind their NAT (or public), a STUN server, a TURN server. */
    private static final class Setup {
        final Simulation sim;
        final AgentNode a;
        final AgentNode b;

        Setup(NatType natA, NatType natB, boolean withTurn, long seed) {
            this(natA, natB, withTurn, seed, false);
        }

        Setup(NatType natA, NatType natB, boolean withTurn, long seed, boolean relayOnly) {
            this(natA, natB, withTurn, seed, relayOnly, LinkConditions.DEFAULT);
        }

        Setup(NatType natA, NatType natB, boolean withTurn, long seed, boolean relayOnly, LinkConditions link) {
            NetworkEmulator net = new NetworkEmulator(seed);
            net.setDefaultLink(link);
            InetAddress hostA = host(net, natA, "203.0.113.1", "192.168.1.2", "198.51.100.10");
            InetAddress hostB = host(net, natB, "203.0.113.2", "10.0.0.2", "198.51.100.20");
            net.addHost(STUN.getAddress());
            net.addHost(TURN.getAddress());
            net.addHost(RELAY);
            sim = new Simulation(net, T0);
            sim.add(new SimStunServer(STUN), STUN);
            SimTurnServer turn = SimTurnServer.builder(TURN, RELAY).user("user", "pass").build();
            sim.add(turn, TURN);
            sim.add(turn, turn.relayAddress());

            IceConfig base = IceConfig.defaults(IceRole.CONTROLLING).withStunServers(List.of(STUN));
            if (withTurn) {
                try {
                    base = base.withTurnServers(List.of(TurnServerUrl.parse("turn:198.51.100.2:3478", "user", "pass")), relayOnly);
                } catch (IceException e) {
                    throw new AssertionError(e);
                }
            }
            IceConfig controlled = new IceConfig(IceRole.CONTROLLED, false, base.stunServers(), base.turnServers(), base.relayOnly(),
                    base.ta(), base.checkPolicy(), base.nominationDelay(), base.consentInterval(), base.consentTimeout(),
                    base.checkingTimeout(), base.maxRemoteCandidates(), base.maxPairs(), base.maxEarlyChecks(), null, false);
            a = sim.add(new AgentNode(new IceAgent(base, new SplittableRandom(seed))), hostA);
            b = sim.add(new AgentNode(new IceAgent(controlled, new SplittableRandom(seed + 1))), hostB);
            a.agent().addHostAddress(T0, new InetSocketAddress(hostA, 5000));
            b.agent().addHostAddress(T0, new InetSocketAddress(hostB, 6000));
            AgentNode.pair(T0, a, b);
            a.agent().gather(T0);
            b.agent().gather(T0);
        }

        private static InetAddress host(NetworkEmulator net, NatType type, String publicIp, String privateIp, String openIp) {
            if (type == null) {
                net.addHost(ip(openIp));
                return ip(openIp);
            }
            Nat nat = net.addNat(ip(publicIp), type);
            net.addHostBehind(nat, ip(privateIp));
            return ip(privateIp);
        }
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    static InetSocketAddress sock(String s, int port) {
        return new InetSocketAddress(ip(s), port);
    }
}
