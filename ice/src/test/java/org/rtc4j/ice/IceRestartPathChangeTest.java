package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rtc4j.ice.sim.AgentNode;
import org.rtc4j.ice.sim.LinkConditions;
import org.rtc4j.ice.sim.Nat;
import org.rtc4j.ice.sim.NatType;
import org.rtc4j.ice.sim.NetworkEmulator;
import org.rtc4j.ice.sim.SimStunServer;
import org.rtc4j.ice.sim.Simulation;

/** A NAT forgets its mappings mid-call (a router reboot, a new uplink): consent fails, an ICE restart recovers. */
class IceRestartPathChangeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void restartRecoversAfterTheNatRebinds() throws Exception {
        NetworkEmulator net = new NetworkEmulator(5);
        net.setDefaultLink(LinkConditions.DEFAULT);
        Nat natA = net.addNat(InetAddress.getByName("203.0.113.1"), NatType.PORT_RESTRICTED);
        net.addHostBehind(natA, InetAddress.getByName("192.168.1.2"));
        Nat natB = net.addNat(InetAddress.getByName("203.0.113.2"), NatType.PORT_RESTRICTED);
        net.addHostBehind(natB, InetAddress.getByName("10.0.0.2"));
        InetSocketAddress stun = new InetSocketAddress("198.51.100.1", 3478);
        net.addHost(stun.getAddress());
        Simulation sim = new Simulation(net, T0);
        sim.add(new SimStunServer(stun), stun);
        AgentNode a = sim.add(new AgentNode(new IceAgent(IceConfig.defaults(IceRole.CONTROLLING).withStunServers(List.of(stun)),
                new SplittableRandom(1))), InetAddress.getByName("192.168.1.2"));
        AgentNode b = sim.add(new AgentNode(new IceAgent(IceConfig.defaults(IceRole.CONTROLLED).withStunServers(List.of(stun)),
                new SplittableRandom(2))), InetAddress.getByName("10.0.0.2"));
        a.agent().addHostAddress(T0, new InetSocketAddress("192.168.1.2", 5000));
        b.agent().addHostAddress(T0, new InetSocketAddress("10.0.0.2", 6000));
        AgentNode.pair(T0, a, b);
        a.agent().gather(T0);
        b.agent().gather(T0);
        assertThat(sim.runUntil(() -> a.connected() && b.connected(), Duration.ofSeconds(10))).isTrue();
        CandidatePair before = a.agent().selectedPair().orElseThrow();

        // A's NAT forgets everything: its old public port is gone, so B's packets no longer reach A.
        natA.reset();
        natA.setPortRange(50000, 59999);
        assertThat(sim.runUntil(() -> b.agent().connectionState() == IceConnectionState.DISCONNECTED,
                Duration.ofSeconds(20))).isTrue();

        a.agent().restart(sim.now());
        b.agent().restart(sim.now());
        AgentNode.pair(sim.now(), a, b);
        assertThat(sim.runUntil(() -> a.connected() && b.connected()
                && a.agent().selectedPair().orElseThrow() != before, Duration.ofSeconds(10))).isTrue();
        // and the new path carries consent: the agents stay connected
        sim.runFor(Duration.ofSeconds(40));
        assertThat(a.connected() && b.connected()).isTrue();
    }
}
