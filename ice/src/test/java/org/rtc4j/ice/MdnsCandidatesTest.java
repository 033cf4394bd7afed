package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host candidates hidden behind mDNS names, resolved by the peer, or not resolved at all. */
class MdnsCandidatesTest {
    private static List<Candidate> signalled(LoopbackPump pump, List<IceEvent> events) {
        pump.drain();
        return events.stream().filter(e -> e instanceof IceEvent.LocalCandidate).map(e -> ((IceEvent.LocalCandidate) e).candidate()).toList();
    }

    @Test
    void obfuscatedHostCandidateIsResolvedByThePeer() {
        LoopbackPump pump = new LoopbackPump(IceAgentTest.T0, Duration.ofMillis(5));
        IceAgent a = IceAgentTest.agent(IceConfig.defaults(IceRole.CONTROLLING).withMdnsHostCandidates(true), 1);
        IceAgent b = IceAgentTest.agent(IceConfig.defaults(IceRole.CONTROLLED), 2);
        pump.add(a, IceAgentTest.A);
        pump.add(b, IceAgentTest.B);
        a.addHostAddress(pump.now(), IceAgentTest.A);
        b.addHostAddress(pump.now(), IceAgentTest.B);
        a.gather(pump.now());
        b.gather(pump.now());
        List<Candidate> fromA = signalled(pump, pump.eventsA);
        assertThat(fromA).singleElement().satisfies(c -> {
            assertThat(c.isHostName()).isTrue();
            assertThat(c.address().getHostString()).endsWith(".local").doesNotContain("10.0.0.1");
        });
        // Only b learns a's candidate; a gets nothing from b, so b must resolve the name to check a.
        b.setRemoteCredentials(pump.now(), a.localCredentials());
        a.setRemoteCredentials(pump.now(), b.localCredentials());
        fromA.forEach(c -> b.addRemoteCandidate(pump.now(), c));

        assertThat(pump.runUntil(() -> IceAgentTest.connected(a) && IceAgentTest.connected(b), Duration.ofSeconds(5))).isTrue();
        assertThat(b.remoteCandidates()).extracting(Candidate::type).containsExactly(CandidateType.HOST);
        assertThat(b.remoteCandidates().get(0).address()).isEqualTo(IceAgentTest.A);
    }

    @Test
    void unresolvableNameStillConnectsThroughPeerReflexiveCandidates() {
        LoopbackPump pump = new LoopbackPump(IceAgentTest.T0, Duration.ofMillis(5));
        pump.dropWhen(t -> t.destination().getPort() == Mdns.PORT);
        IceAgent a = IceAgentTest.agent(IceConfig.defaults(IceRole.CONTROLLED).withMdnsHostCandidates(true), 3);
        IceAgent b = IceAgentTest.agent(IceConfig.defaults(IceRole.CONTROLLING), 4);
        pump.add(a, IceAgentTest.A);
        pump.add(b, IceAgentTest.B);
        a.addHostAddress(pump.now(), IceAgentTest.A);
        b.addHostAddress(pump.now(), IceAgentTest.B);
        a.gather(pump.now());
        b.gather(pump.now());
        a.setRemoteCredentials(pump.now(), b.localCredentials());
        b.setRemoteCredentials(pump.now(), a.localCredentials());
        signalled(pump, pump.eventsA).forEach(c -> b.addRemoteCandidate(pump.now(), c));
        signalled(pump, pump.eventsB).forEach(c -> a.addRemoteCandidate(pump.now(), c));

        assertThat(pump.runUntil(() -> IceAgentTest.connected(a) && IceAgentTest.connected(b), Duration.ofSeconds(10))).isTrue();
        assertThat(b.remoteCandidates()).extracting(Candidate::type).containsExactly(CandidateType.PEER_REFLEXIVE);
        pump.runFor(Duration.ofSeconds(5));
        assertThat(b.stats().mdnsFailures()).isEqualTo(1);
    }
}
