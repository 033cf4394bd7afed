package org.rtc4j.ice.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtc4j.ice.sim.NetTestSupport.T0;
import static org.rtc4j.ice.sim.NetTestSupport.ip;
import static org.rtc4j.ice.sim.NetTestSupport.sock;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The topology ICE tests use, with stand-ins for the agents: two peers behind different NATs, a STUN
 * server and a TURN server. Each peer learns its server-reflexive address and a relayed address, and
 * the peers exchange data relay to relay, the path that works whatever the NATs.
 */
class TwoPeersTopologyTest {
    @Test
    void twoPeersBehindNatsReachEachOtherThroughTheRelay() {
        NetworkEmulator net = new NetworkEmulator(2026);
        Nat natA = net.addNat(ip("203.0.113.1"), NatType.PORT_RESTRICTED);
        net.addHostBehind(natA, ip("192.168.1.2"));
        Nat natB = net.addNat(ip("203.0.113.2"), NatType.SYMMETRIC);
        net.addHostBehind(natB, ip("10.0.0.2"));
        InetSocketAddress stunAddress = sock("198.51.100.1", 3478);
        InetSocketAddress turnAddress = sock("198.51.100.2", 3478);
        net.addHost(stunAddress.getAddress());
        net.addHost(turnAddress.getAddress());
        net.addHost(ip("198.51.100.3")); // the relay address

        Simulation sim = new Simulation(net, T0);
        sim.add(new SimStunServer(stunAddress), stunAddress);
        SimTurnServer turn = SimTurnServer.builder(turnAddress, ip("198.51.100.3")).user("user", "pass").build();
        sim.add(turn, turnAddress);
        sim.add(turn, turn.relayAddress());

        // An ICE agent would own its whole host address; the stand-ins share it socket by socket.
        StunClientNode stunA = sim.add(new StunClientNode(sock("192.168.1.2", 5000), 1), sock("192.168.1.2", 5000));
        TurnClientNode turnA = sim.add(new TurnClientNode(sock("192.168.1.2", 5001), turnAddress, "user", "pass", 2),
                sock("192.168.1.2", 5001));
        StunClientNode stunB = sim.add(new StunClientNode(sock("10.0.0.2", 5000), 3), sock("10.0.0.2", 5000));
        TurnClientNode turnB = sim.add(new TurnClientNode(sock("10.0.0.2", 5001), turnAddress, "user", "pass", 4),
                sock("10.0.0.2", 5001));

        stunA.bind(sim.now(), stunAddress);
        stunB.bind(sim.now(), stunAddress);
        turnA.allocate(sim.now());
        turnB.allocate(sim.now());
        assertThat(sim.runUntil(() -> stunA.events.size() == 1 && stunB.events.size() == 1
                && turnA.relayed != null && turnB.relayed != null, Duration.ofSeconds(5))).isTrue();
        assertThat(stunA.mappedAddressFrom(stunAddress)).contains(sock("203.0.113.1", 40000));
        assertThat(stunB.mappedAddressFrom(stunAddress)).contains(sock("203.0.113.2", 40000));

        turnA.createPermission(sim.now(), turnB.relayed);
        turnB.createPermission(sim.now(), turnA.relayed);
        sim.runFor(Duration.ofSeconds(1));
        turnA.sendIndication(turnB.relayed, "hello B");
        turnB.sendIndication(turnA.relayed, "hello A");
        assertThat(sim.runUntil(() -> !turnA.received.isEmpty() && !turnB.received.isEmpty(), Duration.ofSeconds(5))).isTrue();

        assertThat(turnB.received).containsExactly(new TurnClientNode.Received(turnA.relayed, "hello B", null));
        assertThat(turnA.received).containsExactly(new TurnClientNode.Received(turnB.relayed, "hello A", null));
        // Virtual time: a few seconds of protocol in a few steps, nothing dropped on the way.
        assertThat(net.stats().dropped()).isZero();
        assertThat(sim.now()).isBefore(T0.plusSeconds(3));
    }
}
