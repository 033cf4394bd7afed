package org.rtc4j.ice.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtc4j.ice.sim.NetTestSupport.T0;
import static org.rtc4j.ice.sim.NetTestSupport.ip;
import static org.rtc4j.ice.sim.NetTestSupport.sock;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtc4j.stun.StunClientEvent;

/** A StunClient behind each NAT type learns the mapped address a SimStunServer sees. */
class SimStunServerTest {
    private static final InetSocketAddress CLIENT = sock("192.168.1.2", 5000);
    private static final InetSocketAddress STUN1 = sock("198.51.100.1", 3478);
    private static final InetSocketAddress STUN2 = sock("198.51.100.2", 3478);

    private Simulation simulation(NetworkEmulator net) {
        net.addHost(STUN1.getAddress());
        net.addHost(STUN2.getAddress());
        Simulation sim = new Simulation(net, T0);
        sim.add(new SimStunServer(STUN1), STUN1);
        sim.add(new SimStunServer(STUN2), STUN2);
        return sim;
    }

    @ParameterizedTest
    @EnumSource(NatType.class)
    void clientBehindNatLearnsItsPublicMapping(NatType type) {
        NetworkEmulator net = new NetworkEmulator(11);
        Nat nat = net.addNat(ip("203.0.113.1"), type);
        net.addHostBehind(nat, CLIENT.getAddress());
        Simulation sim = simulation(net);
        StunClientNode client = sim.add(new StunClientNode(CLIENT, 1), CLIENT);

        client.bind(sim.now(), STUN1);
        assertThat(sim.runUntil(() -> client.events.size() == 1, Duration.ofSeconds(5))).isTrue();
        client.bind(sim.now(), STUN2);
        assertThat(sim.runUntil(() -> client.events.size() == 2, Duration.ofSeconds(5))).isTrue();

        assertThat(client.mappedAddressFrom(STUN1)).contains(sock("203.0.113.1", 40000));
        // The classic NAT test: a symmetric NAT shows each server another port.
        assertThat(client.mappedAddressFrom(STUN2)).contains(
                sock("203.0.113.1", type == NatType.SYMMETRIC ? 40001 : 40000));
        assertThat(nat.mapping(sim.now(), CLIENT, STUN1)).isEqualTo(client.mappedAddressFrom(STUN1));
        assertThat(client.events.get(0)).isInstanceOfSatisfying(StunClientEvent.Response.class,
                r -> assertThat(r.rtt()).contains(Duration.ofMillis(40)));
    }

    @Test
    void publicClientSeesItsOwnAddress() {
        NetworkEmulator net = new NetworkEmulator(11);
        InetSocketAddress client = sock("198.51.100.9", 6000);
        net.addHost(client.getAddress());
        Simulation sim = simulation(net);
        StunClientNode node = sim.add(new StunClientNode(client, 1), client);
        node.bind(sim.now(), STUN1);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(node.mappedAddressFrom(STUN1)).contains(client);
    }

    @Test
    void retransmissionsGetThroughALossyLink() {
        NetworkEmulator net = new NetworkEmulator(11);
        Nat nat = net.addNat(ip("203.0.113.1"), NatType.PORT_RESTRICTED);
        net.addHostBehind(nat, CLIENT.getAddress());
        net.setLink(CLIENT.getAddress(), LinkConditions.DEFAULT.withLoss(0.5));
        Simulation sim = simulation(net);
        StunClientNode client = sim.add(new StunClientNode(CLIENT, 1), CLIENT);

        client.bind(sim.now(), STUN1);
        assertThat(sim.runUntil(() -> !client.events.isEmpty(), Duration.ofSeconds(40))).isTrue();

        assertThat(client.mappedAddressFrom(STUN1)).contains(sock("203.0.113.1", 40000));
        assertThat(client.client().stats().retransmissions()).isPositive();
        assertThat(net.stats().dropped(DropReason.LOSS)).isPositive();
    }

    @Test
    void datagramsToAnotherPortOfTheServerHostFindNoListener() {
        NetworkEmulator net = new NetworkEmulator(11);
        net.addHost(CLIENT.getAddress());
        Simulation sim = simulation(net);
        StunClientNode client = sim.add(new StunClientNode(CLIENT, 1), CLIENT);
        client.bind(sim.now(), sock("198.51.100.1", 3479));
        sim.runFor(Duration.ofSeconds(60));
        assertThat(client.events).singleElement().isInstanceOf(StunClientEvent.Timeout.class);
        assertThat(net.stats().dropped(DropReason.NO_LISTENER)).isEqualTo(7); // RFC 8489's seven sends
    }
}
