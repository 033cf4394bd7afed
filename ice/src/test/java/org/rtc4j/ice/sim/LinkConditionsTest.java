package org.rtc4j.ice.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rtc4j.ice.sim.NetTestSupport.T0;
import static org.rtc4j.ice.sim.NetTestSupport.datagram;
import static org.rtc4j.ice.sim.NetTestSupport.drain;
import static org.rtc4j.ice.sim.NetTestSupport.ip;
import static org.rtc4j.ice.sim.NetTestSupport.sock;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Transmit;

/** Loss, duplication, reordering, jitter and bandwidth: statistically as configured, and exactly repeatable. */
class LinkConditionsTest {
    private static final InetSocketAddress A = sock("198.51.100.1", 1000);
    private static final InetSocketAddress B = sock("198.51.100.2", 2000);
    private static final int PACKETS = 10_000;

    private static NetworkEmulator network(long seed, LinkConditions onA) {
        NetworkEmulator net = new NetworkEmulator(seed);
        net.setDefaultLink(LinkConditions.PERFECT);
        net.addHost(A.getAddress());
        net.addHost(B.getAddress());
        net.setLink(A.getAddress(), onA);
        return net;
    }

    /** Sends numbered datagrams from A to B, one every millisecond, and returns B's arrivals in order. */
    private static List<Delivery> stream(NetworkEmulator net, int count) {
        List<Delivery> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant now = T0.plusMillis(i);
            net.handleTimeout(now);
            for (var d = net.pollDelivery(); d.isPresent(); d = net.pollDelivery()) {
                out.add(d.get());
            }
            net.send(now, new Transmit(A, B, ByteBuffer.allocate(100).putInt(0, i).array()));
        }
        out.addAll(drain(net));
        return out;
    }

    private static int seq(Delivery d) {
        return ByteBuffer.wrap(d.datagram().data()).getInt(0);
    }

    @Test
    void lossIsAboutAsConfigured() {
        NetworkEmulator net = network(7, LinkConditions.PERFECT.withLoss(0.1));
        List<Delivery> out = stream(net, PACKETS);
        NetworkStats s = net.stats();
        // Binomial(10000, 0.1) has a standard deviation of 30; the seed is fixed anyway.
        assertThat(s.dropped(DropReason.LOSS)).isBetween(900L, 1100L);
        assertThat(out).hasSize((int) (PACKETS - s.dropped(DropReason.LOSS)));
        assertThat(s.sent()).isEqualTo(PACKETS);
        assertThat(s.delivered()).isEqualTo(out.size());
    }

    @Test
    void lossAppliesOnEveryLinkOnThePath() {
        NetworkEmulator net = network(7, LinkConditions.PERFECT.withLoss(0.1));
        net.setLink(B.getAddress(), LinkConditions.PERFECT.withLoss(0.1));
        List<Delivery> out = stream(net, PACKETS);
        assertThat(out.size()).isBetween(7900, 8300); // 0.9 x 0.9
    }

    @Test
    void duplicationIsAboutAsConfiguredAndCopiesAreIndependent() {
        NetworkEmulator net = network(7, LinkConditions.DEFAULT.withDuplication(0.05));
        List<Delivery> out = stream(net, PACKETS);
        NetworkStats s = net.stats();
        assertThat(s.duplicated()).isBetween(400L, 600L);
        assertThat(out).hasSize((int) (PACKETS + s.duplicated()));
        Delivery first = null;
        Delivery second = null;
        for (int i = 1; i < out.size() && second == null; i++) {
            if (seq(out.get(i)) == seq(out.get(i - 1))) {
                first = out.get(i - 1);
                second = out.get(i);
            }
        }
        assertThat(second).isNotNull();
        // Receivers may rewrite buffers in place, so a duplicate must not share its bytes.
        assertThat(second.datagram().data()).isEqualTo(first.datagram().data()).isNotSameAs(first.datagram().data());
    }

    @Test
    void reorderingIsAboutAsConfigured() {
        NetworkEmulator net = network(7, LinkConditions.DEFAULT.withReordering(0.1, Duration.ofMillis(20)));
        List<Delivery> out = stream(net, PACKETS);
        int late = 0;
        int highest = -1;
        for (Delivery d : out) {
            if (seq(d) < highest) {
                late++;
            }
            highest = Math.max(highest, seq(d));
        }
        assertThat(out).hasSize(PACKETS);
        assertThat(net.stats().reordered()).isBetween(900L, 1100L);
        // Held back by 20 ms while one datagram a millisecond follows: each one held back arrives late.
        assertThat((long) late).isEqualTo(net.stats().reordered());
    }

    @Test
    void jitterVariesTheDelayButNeverReorders() {
        NetworkEmulator net = network(7, LinkConditions.PERFECT.withLatency(Duration.ofMillis(50)).withJitter(Duration.ofMillis(30)));
        net.startCapture();
        List<Delivery> out = stream(net, 2_000);
        for (int i = 0; i < out.size(); i++) {
            assertThat(seq(out.get(i))).isEqualTo(i);
        }
        List<Long> delays = new ArrayList<>();
        List<PacketRecord> capture = net.capture();
        Instant[] sentAt = new Instant[2_000];
        int n = 0;
        for (PacketRecord r : capture) {
            if (r.kind() == PacketRecord.Kind.SENT) {
                sentAt[n++] = r.time();
            }
        }
        int k = 0;
        for (PacketRecord r : capture) {
            if (r.kind() == PacketRecord.Kind.DELIVERED) {
                delays.add(Duration.between(sentAt[k++], r.time()).toMillis());
            }
        }
        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(20L, 80L));
        assertThat(delays.stream().distinct().count()).isGreaterThan(10);
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        LinkConditions rough = LinkConditions.DEFAULT.withJitter(Duration.ofMillis(5)).withLoss(0.05)
                .withDuplication(0.02).withReordering(0.05, Duration.ofMillis(10));
        List<PacketRecord> first = capturedRun(42, rough);
        List<PacketRecord> again = capturedRun(42, rough);
        List<PacketRecord> other = capturedRun(43, rough);
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static List<PacketRecord> capturedRun(long seed, LinkConditions conditions) {
        NetworkEmulator net = network(seed, conditions);
        net.setLink(B.getAddress(), conditions);
        net.startCapture();
        stream(net, 3_000);
        return net.capture();
    }

    @Test
    void bandwidthSerialisesAndAFullQueueDrops() {
        // 1 Mbit/s: a 1000-byte datagram takes 8 ms; the queue holds five of them.
        NetworkEmulator net = network(1, LinkConditions.PERFECT.withBandwidth(1_000_000, 5_000));
        net.startCapture();
        for (int i = 0; i < 10; i++) {
            net.send(T0, datagram(A, B, 1000));
        }
        net.handleTimeout(T0.plusMillis(8)); // the first datagram has left: room for one more
        net.send(T0.plusMillis(8), datagram(A, B, 1000));
        drain(net);

        List<Long> arrivals = net.capture().stream().filter(r -> r.kind() == PacketRecord.Kind.DELIVERED)
                .map(r -> Duration.between(T0, r.time()).toMillis()).toList();
        assertThat(arrivals).containsExactly(8L, 16L, 24L, 32L, 40L, 48L);
        assertThat(net.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(5);
    }

    @Test
    void anIdleLinkStartsSerialisingAtOnce() {
        NetworkEmulator net = network(1, LinkConditions.PERFECT.withLatency(Duration.ofMillis(10)).withBandwidth(8_000_000));
        net.startCapture();
        net.send(T0, datagram(A, B, 1000));
        net.handleTimeout(T0.plusSeconds(1));
        net.send(T0.plusSeconds(1), datagram(A, B, 1000));
        drain(net);
        List<Instant> arrivals = net.capture().stream().filter(r -> r.kind() == PacketRecord.Kind.DELIVERED)
                .map(PacketRecord::time).toList();
        assertThat(arrivals).containsExactly(T0.plusMillis(11), T0.plusSeconds(1).plusMillis(11));
    }

    @Test
    void datagramsAboveTheMtuAreDropped() {
        NetworkEmulator net = network(1, LinkConditions.PERFECT.withMtu(1200));
        net.send(T0, datagram(A, B, 1200));
        net.send(T0, datagram(A, B, 1201));
        assertThat(drain(net)).hasSize(1);
        assertThat(net.stats().dropped(DropReason.TOO_BIG)).isEqualTo(1);
    }

    @Test
    void defaultLinksAddTheirLatenciesAlongThePath() {
        NetworkEmulator net = new NetworkEmulator(1);
        net.addHost(A.getAddress());
        net.addHost(B.getAddress());
        Nat nat = net.addNat(ip("203.0.113.1"), NatType.FULL_CONE);
        net.addHostBehind(nat, ip("10.0.0.2"));
        net.setLink(nat.publicAddress(), LinkConditions.PERFECT.withLatency(Duration.ofMillis(5)));
        net.startCapture();
        net.send(T0, datagram(A, B, 1));
        net.send(T0, datagram(sock("10.0.0.2", 1), B, 1));
        drain(net);
        List<Instant> arrivals = net.capture().stream().filter(r -> r.kind() == PacketRecord.Kind.DELIVERED)
                .map(PacketRecord::time).toList();
        // Host to host: 10 + 10 ms; through the NAT: 10 + 5 + 10 ms.
        assertThat(arrivals).containsExactly(T0.plusMillis(20), T0.plusMillis(25));
        assertThat(net.link(A.getAddress())).isEqualTo(LinkConditions.DEFAULT);
    }

    @Test
    void statsBalanceOnceNothingIsInFlight() {
        NetworkEmulator net = network(3, LinkConditions.DEFAULT.withLoss(0.2).withDuplication(0.2).withBandwidth(50_000, 2_000));
        stream(net, 2_000);
        NetworkStats s = net.stats();
        assertThat(net.inFlight()).isZero();
        assertThat(s.sent() + s.duplicated()).isEqualTo(s.delivered() + s.dropped());
        assertThat(s.dropped(DropReason.QUEUE_FULL)).isPositive();
    }

    @Test
    void invalidConditionsAreRefused() {
        assertThatThrownBy(() -> LinkConditions.PERFECT.withLoss(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConditions.PERFECT.withLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkConditions.PERFECT.withBandwidth(1_000, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
