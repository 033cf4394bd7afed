package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.StunServer;
import org.rtc4j.stun.Transmit;

/** Host and server-reflexive gathering against rtc4j's STUN server, with a NAT played by hand. */
class GatheringTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetSocketAddress BASE = new InetSocketAddress("10.0.0.1", 5000);
    private static final InetSocketAddress PUBLIC = new InetSocketAddress("203.0.113.5", 41000);
    private static final InetSocketAddress STUN = new InetSocketAddress("198.51.100.1", 3478);

    private static List<IceEvent> events(IceAgent agent) {
        List<IceEvent> out = new ArrayList<>();
        for (Optional<IceEvent> e = agent.pollEvent(); e.isPresent(); e = agent.pollEvent()) {
            out.add(e.get());
        }
        return out;
    }

    @Test
    void hostThenServerReflexiveThenComplete() {
        IceAgent agent = new IceAgent(IceConfig.defaults(IceRole.CONTROLLING).withStunServers(List.of(STUN)), new SplittableRandom(1));
        agent.addHostAddress(T0, BASE);
        agent.gather(T0);
        List<IceEvent> first = events(agent);
        assertThat(first).first().isEqualTo(new IceEvent.GatheringStateChanged(IceGatheringState.GATHERING));
        assertThat(first).filteredOn(e -> e instanceof IceEvent.LocalCandidate).hasSize(1);
        assertThat(agent.gatheringState()).isEqualTo(IceGatheringState.GATHERING);

        // The request goes from the base to the STUN server; a NAT maps the base to PUBLIC.
        Transmit request = agent.pollTransmit().orElseThrow();
        assertThat(request.source()).isEqualTo(BASE);
        assertThat(request.destination()).isEqualTo(STUN);
        StunServer server = new StunServer(null);
        server.handleReceive(T0, new Datagram(PUBLIC, STUN, request.data()));
        Transmit response = server.pollTransmit().orElseThrow();
        agent.handleReceive(T0.plusMillis(20), new Datagram(STUN, BASE, response.data()));

        List<IceEvent> second = events(agent);
        Candidate srflx = second.stream().filter(e -> e instanceof IceEvent.LocalCandidate)
                .map(e -> ((IceEvent.LocalCandidate) e).candidate()).findFirst().orElseThrow();
        assertThat(srflx.type()).isEqualTo(CandidateType.SERVER_REFLEXIVE);
        assertThat(srflx.address()).isEqualTo(PUBLIC);
        assertThat(srflx.relatedAddress()).isEqualTo(BASE);
        assertThat(srflx.ufrag()).contains(agent.localCredentials().ufrag());
        assertThat(second).last().isEqualTo(new IceEvent.GatheringStateChanged(IceGatheringState.COMPLETE));
    }

    @Test
    void unansweredStunServerStillCompletesGathering() {
        IceAgent agent = new IceAgent(IceConfig.defaults(IceRole.CONTROLLING).withStunServers(List.of(STUN)), new SplittableRandom(1));
        agent.addHostAddress(T0, BASE);
        agent.gather(T0);
        Instant now = T0;
        while (agent.gatheringState() != IceGatheringState.COMPLETE) {
            now = agent.pollTimeout().orElseThrow();
            agent.handleTimeout(now);
        }
        assertThat(agent.localCandidates()).extracting(Candidate::type).containsExactly(CandidateType.HOST);
        assertThat(agent.stats().gatheringFailures()).isEqualTo(1);
        assertThat(java.time.Duration.between(T0, now).toSeconds()).isLessThan(20);
    }

    @Test
    void noStunServersMeansGatheringCompletesAtOnce() {
        IceAgent agent = new IceAgent(IceConfig.defaults(IceRole.CONTROLLING), new SplittableRandom(1));
        agent.addHostAddress(T0, BASE);
        agent.gather(T0);
        assertThat(agent.gatheringState()).isEqualTo(IceGatheringState.COMPLETE);
        assertThat(events(agent)).containsExactly(
                new IceEvent.GatheringStateChanged(IceGatheringState.GATHERING),
                new IceEvent.LocalCandidate(agent.localCandidates().get(0).withExtension("ufrag", agent.localCredentials().ufrag())),
                new IceEvent.GatheringStateChanged(IceGatheringState.COMPLETE));
    }
}
