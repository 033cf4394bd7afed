package org.rtc4j.ice.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rtc4j.ice.sim.NetTestSupport.T0;
import static org.rtc4j.ice.sim.NetTestSupport.exchange;
import static org.rtc4j.ice.sim.NetTestSupport.ip;
import static org.rtc4j.ice.sim.NetTestSupport.sock;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Mapping and filtering of each NAT type, mapping lifetime, hairpinning and routing, on perfect links. */
class NatBehaviourTest {
    private static final InetSocketAddress HOST = sock("192.168.1.2", 5000);
    private static final InetSocketAddress SERVER = sock("198.51.100.1", 3478);
    private static final InetSocketAddress SERVER_OTHER_PORT = sock("198.51.100.1", 3479);
    private static final InetSocketAddress OTHER_SERVER = sock("198.51.100.2", 3478);
    private static final InetSocketAddress FIRST_MAPPING = sock("203.0.113.1", Nat.DEFAULT_FIRST_PORT);

    private NetworkEmulator net;

    @BeforeEach
    void perfectNetwork() {
        net = new NetworkEmulator(1);
        net.setDefaultLink(LinkConditions.PERFECT);
        net.addHost(ip("198.51.100.1"));
        net.addHost(ip("198.51.100.2"));
    }

    private Nat natWithHost(NatType type) {
        Nat nat = net.addNat(ip("203.0.113.1"), type);
        net.addHostBehind(nat, ip("192.168.1.2"));
        return nat;
    }

    @ParameterizedTest(name = "{0}: same address other port passes={1}, other address passes={2}")
    @CsvSource({
            "FULL_CONE,          true,  true",
            "ADDRESS_RESTRICTED, true,  false",
            "PORT_RESTRICTED,    false, false",
            "SYMMETRIC,          false, false",
    })
    void inboundFilteringFollowsRfc4787(NatType type, boolean otherPortPasses, boolean otherAddressPasses) {
        natWithHost(type);
        List<Delivery> out = exchange(net, T0, HOST, SERVER);
        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.toSocket()).isEqualTo(SERVER);
            assertThat(d.datagram().source()).isEqualTo(FIRST_MAPPING);
        });

        // The endpoint the host sent to always gets through, to the private socket.
        assertThat(exchange(net, T0, SERVER, FIRST_MAPPING)).singleElement().satisfies(d -> {
            assertThat(d.toSocket()).isEqualTo(HOST);
            assertThat(d.datagram().source()).isEqualTo(SERVER);
        });
        assertThat(exchange(net, T0, SERVER_OTHER_PORT, FIRST_MAPPING)).hasSize(otherPortPasses ? 1 : 0);
        assertThat(exchange(net, T0, OTHER_SERVER, FIRST_MAPPING)).hasSize(otherAddressPasses ? 1 : 0);

        int filtered = (otherPortPasses ? 0 : 1) + (otherAddressPasses ? 0 : 1);
        assertThat(net.stats().dropped(DropReason.NAT_FILTERED)).isEqualTo(filtered);
        assertThat(net.stats().dropped()).isEqualTo(filtered);
    }

    @ParameterizedTest
    @EnumSource(NatType.class)
    void unsolicitedDatagramsFindNoMapping(NatType type) {
        natWithHost(type);
        assertThat(exchange(net, T0, SERVER, FIRST_MAPPING)).isEmpty();
        assertThat(net.stats().dropped(DropReason.NAT_NO_MAPPING)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(NatType.class)
    void onlySymmetricMapsEachDestinationToItsOwnPort(NatType type) {
        natWithHost(type);
        InetSocketAddress seenByFirst = exchange(net, T0, HOST, SERVER).get(0).datagram().source();
        InetSocketAddress seenBySecond = exchange(net, T0, HOST, OTHER_SERVER).get(0).datagram().source();
        InetSocketAddress seenBySecondPort = exchange(net, T0, HOST, SERVER_OTHER_PORT).get(0).datagram().source();

        assertThat(seenByFirst).isEqualTo(FIRST_MAPPING);
        if (type == NatType.SYMMETRIC) {
            // Ports come from a counter, so they are the same every run.
            assertThat(seenBySecond).isEqualTo(sock("203.0.113.1", 40001));
            assertThat(seenBySecondPort).isEqualTo(sock("203.0.113.1", 40002));
        } else {
            assertThat(seenBySecond).isEqualTo(FIRST_MAPPING);
            assertThat(seenBySecondPort).isEqualTo(FIRST_MAPPING);
        }
    }

    @Test
    void symmetricMappingOnlyAnswersTheDestinationItWasMadeFor() {
        natWithHost(NatType.SYMMETRIC);
        exchange(net, T0, HOST, SERVER);
        exchange(net, T0, HOST, OTHER_SERVER);
        // OTHER_SERVER was sent to, but through port 40001: the first mapping still refuses it.
        assertThat(exchange(net, T0, OTHER_SERVER, FIRST_MAPPING)).isEmpty();
        assertThat(exchange(net, T0, OTHER_SERVER, sock("203.0.113.1", 40001))).hasSize(1);
        assertThat(net.stats().dropped(DropReason.NAT_FILTERED)).isEqualTo(1);
    }

    @Test
    void idleMappingsExpireAndOutboundTrafficKeepsThemAlive() {
        Nat nat = natWithHost(NatType.PORT_RESTRICTED);
        assertThat(nat.mappingTimeout()).isEqualTo(Duration.ofSeconds(30));
        exchange(net, T0, HOST, SERVER);
        assertThat(exchange(net, T0.plusSeconds(29), SERVER, FIRST_MAPPING)).hasSize(1);
        // Inbound traffic does not refresh it: 30 s after the last outbound datagram it is gone.
        assertThat(exchange(net, T0.plusSeconds(30), SERVER, FIRST_MAPPING)).isEmpty();
        assertThat(net.stats().dropped(DropReason.NAT_NO_MAPPING)).isEqualTo(1);
        assertThat(nat.mappingCount(T0.plusSeconds(30))).isZero();

        // A new mapping gets the next port; sending every 20 s keeps it.
        assertThat(exchange(net, T0.plusSeconds(40), HOST, SERVER).get(0).datagram().source()).isEqualTo(sock("203.0.113.1", 40001));
        exchange(net, T0.plusSeconds(60), HOST, SERVER);
        exchange(net, T0.plusSeconds(80), HOST, SERVER);
        assertThat(exchange(net, T0.plusSeconds(105), SERVER, sock("203.0.113.1", 40001))).hasSize(1);
        assertThat(nat.mapping(T0.plusSeconds(105), HOST, SERVER)).contains(sock("203.0.113.1", 40001));
    }

    @Test
    void mappingTimeoutAndInboundRefreshAreConfigurable() {
        Nat nat = natWithHost(NatType.FULL_CONE).setMappingTimeout(Duration.ofSeconds(5)).setInboundRefresh(true);
        exchange(net, T0, HOST, SERVER);
        assertThat(exchange(net, T0.plusSeconds(4), SERVER, FIRST_MAPPING)).hasSize(1);
        assertThat(exchange(net, T0.plusSeconds(8), SERVER, FIRST_MAPPING)).hasSize(1); // refreshed at 4 s
        assertThat(exchange(net, T0.plusSeconds(14), SERVER, FIRST_MAPPING)).isEmpty();
        assertThat(nat.mappingCount(T0.plusSeconds(14))).isZero();
    }

    @Test
    void portPreservationKeepsTheInternalPortWhenFree() {
        natWithHost(NatType.SYMMETRIC).setPortPreservation(true).setPortRange(1024, 65535);
        assertThat(exchange(net, T0, HOST, SERVER).get(0).datagram().source()).isEqualTo(sock("203.0.113.1", 5000));
        // Taken by the first mapping: the second destination gets the counter's port.
        assertThat(exchange(net, T0, HOST, OTHER_SERVER).get(0).datagram().source()).isEqualTo(sock("203.0.113.1", 1024));
    }

    @Test
    void portsRunOutAndAreCountedAsDrops() {
        natWithHost(NatType.SYMMETRIC).setPortRange(40000, 40001);
        exchange(net, T0, HOST, SERVER);
        exchange(net, T0, HOST, OTHER_SERVER);
        assertThat(exchange(net, T0, HOST, SERVER_OTHER_PORT)).isEmpty();
        assertThat(net.stats().dropped(DropReason.NAT_PORTS_EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void hostsBehindOneNatTalkDirectlyOverTheirLan() {
        Nat nat = natWithHost(NatType.SYMMETRIC);
        net.addHostBehind(nat, ip("192.168.1.3"));
        assertThat(exchange(net, T0, HOST, sock("192.168.1.3", 6000))).singleElement()
                .satisfies(d -> assertThat(d.datagram().source()).isEqualTo(HOST));
        assertThat(nat.mappingCount(T0)).isZero();
    }

    @Test
    void hairpinningIsOffByDefault() {
        Nat nat = natWithHost(NatType.FULL_CONE);
        net.addHostBehind(nat, ip("192.168.1.3"));
        exchange(net, T0, HOST, SERVER);
        assertThat(exchange(net, T0, sock("192.168.1.3", 6000), FIRST_MAPPING)).isEmpty();
        assertThat(net.stats().dropped(DropReason.NAT_HAIRPIN_DISABLED)).isEqualTo(1);
    }

    @Test
    void hairpinningTranslatesBothEnds() {
        Nat nat = natWithHost(NatType.FULL_CONE).setHairpinning(true);
        net.addHostBehind(nat, ip("192.168.1.3"));
        exchange(net, T0, HOST, SERVER);
        List<Delivery> out = exchange(net, T0, sock("192.168.1.3", 6000), FIRST_MAPPING);
        // The sender appears with its own public mapping, as an outside peer would see it.
        assertThat(out).singleElement().satisfies(d -> {
            assertThat(d.toSocket()).isEqualTo(HOST);
            assertThat(d.datagram().source()).isEqualTo(sock("203.0.113.1", 40001));
        });
    }

    @Test
    void addressesNobodyOwnsAreUnreachable() {
        Nat nat = natWithHost(NatType.FULL_CONE);
        Nat other = net.addNat(ip("203.0.113.2"), NatType.FULL_CONE);
        net.addHostBehind(other, ip("10.0.0.2"));

        assertThat(exchange(net, T0, SERVER, sock("198.51.100.99", 1))).isEmpty();
        assertThat(exchange(net, T0, SERVER, HOST)).isEmpty(); // private addresses are not routed publicly
        assertThat(exchange(net, T0, HOST, sock("10.0.0.2", 1))).isEmpty(); // nor across realms
        assertThat(net.stats().dropped(DropReason.NO_ROUTE)).isEqualTo(3);
        assertThat(nat.mappingCount(T0)).isEqualTo(1); // the NAT mapped it before the public network dropped it
    }

    @Test
    void topologyMistakesFailLoudly() {
        natWithHost(NatType.FULL_CONE);
        assertThatThrownBy(() -> net.addHost(ip("192.168.1.2"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already in the network");
        assertThatThrownBy(() -> net.send(T0, NetTestSupport.datagram(sock("198.51.100.50", 1), SERVER, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
        Nat foreign = new NetworkEmulator(2).addNat(ip("203.0.113.9"), NatType.FULL_CONE);
        assertThatThrownBy(() -> net.addHostBehind(foreign, ip("192.168.9.9"))).isInstanceOf(IllegalArgumentException.class);
    }
}
