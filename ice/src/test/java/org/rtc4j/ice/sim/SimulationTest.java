package org.rtc4j.ice.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rtc4j.ice.sim.NetTestSupport.T0;
import static org.rtc4j.ice.sim.NetTestSupport.ip;
import static org.rtc4j.ice.sim.NetTestSupport.sock;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/** The virtual-time driver: deadlines, delivery by ownership, monotonic time and the livelock guard. */
class SimulationTest {
    private static final InetSocketAddress PINGER = sock("198.51.100.1", 1000);
    private static final InetSocketAddress ECHO = sock("198.51.100.2", 2000);

    private NetworkEmulator net;
    private Simulation sim;

    @BeforeEach
    void network() {
        net = new NetworkEmulator(5);
        net.addHost(PINGER.getAddress());
        net.addHost(ECHO.getAddress());
        sim = new Simulation(net, T0);
    }

    /** Sends a ping every 100 ms until it has sent {@code count}; records when replies arrive. */
    private static final class Pinger implements SimNode {
        private final int count;
        private final ArrayDeque<Transmit> out = new ArrayDeque<>();
        final List<Instant> replies = new ArrayList<>();
        final List<Instant> wakeups = new ArrayList<>();
        private Instant next;
        private int sent;

        Pinger(Instant start, int count) {
            this.next = start;
            this.count = count;
        }

        @Override
        public void handleReceive(Instant now, Datagram datagram) {
            replies.add(now);
        }

        @Override
        public void handleTimeout(Instant now) {
            wakeups.add(now);
            if (next != null && !now.isBefore(next)) {
                out.add(new Transmit(PINGER, ECHO, new byte[] {(byte) sent}));
                sent++;
                next = sent < count ? now.plusMillis(100) : null;
            }
        }

        @Override
        public Optional<Transmit> pollTransmit() {
            return Optional.ofNullable(out.poll());
        }

        @Override
        public Optional<Instant> pollTimeout() {
            return Optional.ofNullable(next);
        }
    }

    @Test
    void runsOnVirtualTimeFromDeadlineToDeadline() {
        Pinger pinger = sim.add(new Pinger(T0, 3), PINGER.getAddress());
        EchoNode echo = sim.add(new EchoNode("echo", true), ECHO);

        while (sim.step()) {
            // until nothing is pending
        }

        // Default links: 10 ms each, two links each way, so replies take 40 ms.
        assertThat(pinger.replies).containsExactly(T0.plusMillis(40), T0.plusMillis(140), T0.plusMillis(240));
        assertThat(pinger.wakeups).containsExactly(T0, T0.plusMillis(100), T0.plusMillis(200));
        assertThat(echo.received).hasSize(3);
        assertThat(sim.now()).isEqualTo(T0.plusMillis(240));
        assertThat(sim.step()).isFalse();
    }

    @Test
    void runUntilStopsAtTheDeadlineAndSetsTheClock() {
        Pinger pinger = sim.add(new Pinger(T0, 10), PINGER.getAddress());
        sim.add(new EchoNode("echo", true), ECHO);

        sim.runUntil(T0.plusMillis(150));
        assertThat(pinger.replies).containsExactly(T0.plusMillis(40), T0.plusMillis(140));
        assertThat(sim.now()).isEqualTo(T0.plusMillis(150));

        sim.runUntil(T0); // the past: nothing happens, time stays
        assertThat(sim.now()).isEqualTo(T0.plusMillis(150));

        sim.runFor(Duration.ofMillis(100));
        assertThat(pinger.replies).hasSize(3);
    }

    @Test
    void runUntilAConditionReportsWhetherItHeld() {
        Pinger pinger = sim.add(new Pinger(T0, 5), PINGER.getAddress());
        sim.add(new EchoNode("echo", true), ECHO);

        assertThat(sim.runUntil(() -> pinger.replies.size() == 2, Duration.ofSeconds(1))).isTrue();
        assertThat(sim.now()).isEqualTo(T0.plusMillis(140));
        assertThat(sim.runUntil(() -> pinger.replies.size() == 99, Duration.ofSeconds(10))).isFalse();
        assertThat(sim.now()).isEqualTo(T0.plusMillis(140).plusSeconds(10));
        assertThat(pinger.replies).hasSize(5);
    }

    @Test
    void aDeadlineInThePastRunsNowAndTimeNeverGoesBack() {
        Pinger pinger = sim.add(new Pinger(T0.minusSeconds(5), 1), PINGER.getAddress());
        sim.add(new EchoNode("echo", true), ECHO);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(pinger.wakeups).containsExactly(T0);
        assertThat(pinger.replies).containsExactly(T0.plusMillis(40));
    }

    @Test
    void aNodeStuckAtOneInstantIsReportedAsALivelock() {
        SimNode stuck = new SimNode() {
            @Override
            public void handleReceive(Instant now, Datagram datagram) {
            }

            @Override
            public void handleTimeout(Instant now) {
                // forgets to move its deadline
            }

            @Override
            public Optional<Transmit> pollTransmit() {
                return Optional.empty();
            }

            @Override
            public Optional<Instant> pollTimeout() {
                return Optional.of(T0.plusMillis(5));
            }

            @Override
            public String toString() {
                return "StuckNode";
            }
        };
        sim.setMaxSameInstantSteps(100).add(stuck, PINGER.getAddress());
        assertThatThrownBy(() -> sim.runFor(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("livelock")
                .hasMessageContaining("StuckNode")
                .hasMessageContaining(T0.plusMillis(5).toString());
        assertThat(sim.now()).isEqualTo(T0.plusMillis(5));
    }

    @Test
    void endlessExchangeOverPerfectLinksIsALivelockToo() {
        net.setDefaultLink(LinkConditions.PERFECT);
        sim.setMaxSameInstantSteps(1_000);
        EchoNode left = sim.add(new EchoNode("left", true), PINGER);
        sim.add(new EchoNode("right", true), ECHO);
        left.send(PINGER, ECHO, "ping");
        assertThatThrownBy(() -> sim.runFor(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the network still has datagrams due");
    }

    @Test
    void deliveriesGoToTheOwnerOfTheSocketAndOthersAreCounted() {
        EchoNode whole = sim.add(new EchoNode("whole address", false), PINGER.getAddress());
        EchoNode one = sim.add(new EchoNode("one socket", false), ECHO);
        whole.send(sock("198.51.100.1", 7), ECHO, "to the socket");
        whole.send(sock("198.51.100.1", 8), sock("198.51.100.2", 2001), "to another port");
        one.send(ECHO, sock("198.51.100.1", 65000), "any port of a whole address");
        sim.runFor(Duration.ofSeconds(1));

        assertThat(one.texts()).containsExactly("to the socket");
        assertThat(whole.texts()).containsExactly("any port of a whole address");
        assertThat(net.stats().dropped(DropReason.NO_LISTENER)).isEqualTo(1);
        assertThat(sim.owner(sock("198.51.100.2", 2001))).isEmpty();
    }

    @Test
    void nodesMaySendOnlyFromTheirOwnAddresses() {
        EchoNode liar = sim.add(new EchoNode("liar", false), PINGER);
        sim.add(new EchoNode("echo", false), ECHO);
        liar.send(ECHO, PINGER, "spoofed");
        assertThatThrownBy(() -> sim.step()).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not own");
    }

    @Test
    void addressesMustBeHostsAndOwnedOnce() {
        assertThatThrownBy(() -> sim.add(new EchoNode("x", false), ip("192.0.2.77")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a host");
        sim.add(new EchoNode("a", false), PINGER.getAddress());
        assertThatThrownBy(() -> sim.add(new EchoNode("b", false), PINGER.getAddress()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already owned");
    }
}
