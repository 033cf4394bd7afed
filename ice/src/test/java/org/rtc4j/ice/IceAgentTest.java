package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Two agents on virtual time through {@link LoopbackPump}: connection, nomination, consent, restart. */
class IceAgentTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final InetSocketAddress A = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 6000);

    static IceAgent agent(IceConfig config, long seed) {
        return new IceAgent(config, new SplittableRandom(seed));
    }

    /** Wires two agents: host addresses, gathering, credentials and candidates exchanged. */
    static void connect(LoopbackPump pump, IceAgent a, IceAgent b) {
        Instant now = pump.now();
        a.addHostAddress(now, A);
        b.addHostAddress(now, B);
        a.gather(now);
        b.gather(now);
        a.setRemoteCredentials(now, b.localCredentials());
        b.setRemoteCredentials(now, a.localCredentials());
        for (Candidate c : a.localCandidates()) {
            b.addRemoteCandidate(now, c);
        }
        for (Candidate c : b.localCandidates()) {
            a.addRemoteCandidate(now, c);
        }
        a.endOfRemoteCandidates(now);
        b.endOfRemoteCandidates(now);
    }

    /** Two agents on a pump with 10 ms latency, wired by {@link #connect}; optionally every datagram lost. */
    static LoopbackPump wired(IceAgent a, IceAgent b, boolean dropEverything) {
        LoopbackPump pump = new LoopbackPump(T0, Duration.ofMillis(10));
        pump.add(a, A);
        pump.add(b, B);
        if (dropEverything) {
            pump.dropWhen(t -> true);
        }
        connect(pump, a, b);
        return pump;
    }

    static boolean connected(IceAgent a) {
        return a.connectionState() == IceConnectionState.CONNECTED || a.connectionState() == IceConnectionState.COMPLETED;
    }

    @Test
    void twoFullAgentsConnectAndAgreeOnThePair() {
        IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 1);
        IceAgent b = agent(IceConfig.defaults(IceRole.CONTROLLED), 2);
        LoopbackPump pump = wired(a, b, false);

        assertThat(pump.runUntil(() -> connected(a) && connected(b), Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.between(T0, pump.now())).isLessThan(Duration.ofMillis(200));
        assertThat(a.selectedPair().orElseThrow().remoteAddress()).isEqualTo(B);
        assertThat(b.selectedPair().orElseThrow().remoteAddress()).isEqualTo(A);
        assertThat(a.connectionState()).isEqualTo(IceConnectionState.COMPLETED);
        assertThat(pump.eventsA).contains(new IceEvent.ConnectionStateChanged(IceConnectionState.CHECKING));
        assertThat(a.send(pump.now(), new byte[] {1, 2, 3})).isTrue();
    }

    @Test
    void ipv6AgentsConnectAndNeverPairAcrossFamilies() {
        InetSocketAddress a6 = new InetSocketAddress("fd00::1", 5000);
        InetSocketAddress b6 = new InetSocketAddress("fd00::2", 6000);
        LoopbackPump pump = new LoopbackPump(T0, Duration.ofMillis(10));
        IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 31);
        IceAgent b = agent(IceConfig.defaults(IceRole.CONTROLLED), 32);
        pump.add(a, A, a6);
        pump.add(b, B, b6);
        a.addHostAddress(T0, a6);
        b.addHostAddress(T0, b6);
        connect(pump, a, b); // adds the IPv4 addresses too
        assertThat(pump.runUntil(() -> connected(a) && connected(b), Duration.ofSeconds(5))).isTrue();
        assertThat(a.pairs()).hasSize(2).allMatch(p -> p.localAddress().getAddress().getClass()
                == p.remoteAddress().getAddress().getClass());
        assertThat(a.localCandidates()).extracting(c -> c.address().getAddress().getHostAddress()).contains("fd00:0:0:0:0:0:0:1");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(IceRole.class)
    void agentsStartingInTheSameRoleResolveTheConflictByTieBreaker(IceRole both) {
        IceAgent a = agent(IceConfig.defaults(both), 3);
        IceAgent b = agent(IceConfig.defaults(both), 4);
        LoopbackPump pump = wired(a, b, false);

        assertThat(pump.runUntil(() -> connected(a) && connected(b), Duration.ofSeconds(5))).isTrue();
        assertThat(a.role()).isNotEqualTo(b.role());
        // RFC 8445 §7.3.1.1: the larger tie-breaker ends up controlling, whichever role both started in.
        IceAgent winner = Long.compareUnsigned(a.tieBreaker(), b.tieBreaker()) >= 0 ? a : b;
        assertThat(winner.role()).isEqualTo(IceRole.CONTROLLING);
    }

    @Test
    void fullAgentConnectsToLiteAgent() {
        IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 7);
        IceAgent lite = agent(IceConfig.liteDefaults(), 8);
        LoopbackPump pump = wired(a, lite, false);
        assertThat(pump.runUntil(() -> connected(a) && connected(lite), Duration.ofSeconds(5))).isTrue();
        assertThat(lite.selectedPair().orElseThrow().remoteAddress()).isEqualTo(A);
    }

    /**
     * {@code early} learns {@code late}'s credentials and candidates and checks it for {@code head} while
     * {@code late} knows nothing of {@code early} yet (its description is "still in signalling"). Each
     * agent has its address in {@code addresses}: {@code early} the even entries, {@code late} the odd.
     */
    static LoopbackPump checkingEarly(IceAgent early, IceAgent late, Duration latency, Duration head,
                                      InetSocketAddress... addresses) {
        LoopbackPump pump = new LoopbackPump(T0, latency);
        List<InetSocketAddress> ofEarly = new java.util.ArrayList<>();
        List<InetSocketAddress> ofLate = new java.util.ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            (i % 2 == 0 ? ofEarly : ofLate).add(addresses[i]);
        }
        pump.add(early, ofEarly.toArray(InetSocketAddress[]::new));
        pump.add(late, ofLate.toArray(InetSocketAddress[]::new));
        Instant now = pump.now();
        ofEarly.forEach(x -> early.addHostAddress(now, x));
        ofLate.forEach(x -> late.addHostAddress(now, x));
        early.gather(now);
        late.gather(now);
        early.setRemoteCredentials(now, late.localCredentials());
        late.localCandidates().forEach(c -> early.addRemoteCandidate(now, c));
        pump.runFor(head);
        return pump;
    }

    @Test
    void checksBeforeTheRemoteCredentialsAreRememberedAndUsed() {
        IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 9);
        IceAgent b = agent(IceConfig.defaults(IceRole.CONTROLLED), 10);
        LoopbackPump pump = checkingEarly(a, b, Duration.ofMillis(10), Duration.ofMillis(100), A, B);
        assertThat(b.stats().checksAnswered()).isPositive();
        assertThat(b.connectionState()).isEqualTo(IceConnectionState.NEW);

        b.setRemoteCredentials(pump.now(), a.localCredentials());
        assertThat(pump.runUntil(() -> connected(a) && connected(b), Duration.ofSeconds(5))).isTrue();
        // b connected through the peer-reflexive candidate it learned from a's early check.
        assertThat(b.remoteCandidates()).extracting(Candidate::type).containsExactly(CandidateType.PEER_REFLEXIVE);
    }

    @Test
    void aSignalledCandidateReplacesThePeerReflexiveOneAnEarlyCheckTaughtUs() {
        IceAgent offerer = agent(IceConfig.defaults(IceRole.CONTROLLING), 41);
        IceAgent answerer = agent(IceConfig.defaults(IceRole.CONTROLLED), 42);
        // The answerer has the offer and checks at once; its answer and candidate are still on their way.
        LoopbackPump pump = checkingEarly(answerer, offerer, Duration.ofMillis(10), Duration.ofMillis(30), B, A);
        // The answer: the remembered check becomes a peer-reflexive candidate; the candidate itself trickles after.
        offerer.setRemoteCredentials(pump.now(), answerer.localCredentials());
        assertThat(offerer.remoteCandidates()).extracting(Candidate::type).containsExactly(CandidateType.PEER_REFLEXIVE);
        long guessed = offerer.pairs().get(0).priority();
        Candidate signalled = answerer.localCandidates().get(0);
        assertThat(offerer.addRemoteCandidate(pump.now(), signalled)).isTrue();
        // Type, priority and foundation are the peer's, as libwebrtc does: a host pair must not rank as a
        // peer-reflexive one (it would wait behind lower pairs for the nomination).
        assertThat(offerer.remoteCandidates()).containsExactly(signalled);
        CandidatePair pair = offerer.pairs().get(0);
        assertThat(offerer.pairs()).hasSize(1);
        assertThat(pair.remote()).isEqualTo(signalled);
        assertThat(pair.foundation()).endsWith(":" + signalled.foundation());
        assertThat(pair.priority()).isGreaterThan(guessed);
        assertThat(pump.runUntil(() -> connected(offerer) && connected(answerer), Duration.ofSeconds(5))).isTrue();
        assertThat(offerer.selectedPair().orElseThrow().remote().type()).isEqualTo(CandidateType.HOST);
    }

    @Test
    void earlyChecksOnTwoFamiliesDoNotHoldTheNominationBackByATa() {
        // The answerer checks both of the offerer's addresses before the answer reaches the offerer (as
        // libdatachannel does); once it does, the offerer nominates within a few round trips, not at
        // the next Ta tick behind the other triggered check.
        IceAgent offerer = agent(IceConfig.defaults(IceRole.CONTROLLING), 43);
        IceAgent answerer = agent(IceConfig.defaults(IceRole.CONTROLLED), 44);
        LoopbackPump pump = checkingEarly(answerer, offerer, Duration.ofMillis(1), Duration.ofMillis(60),
                B, A, new InetSocketAddress("fd00::2", 6000), new InetSocketAddress("fd00::1", 5000));

        Instant answered = pump.now();
        offerer.setRemoteCredentials(answered, answerer.localCredentials());
        answerer.localCandidates().forEach(c -> offerer.addRemoteCandidate(answered, c));
        assertThat(pump.runUntil(() -> connected(offerer) && connected(answerer), Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.between(answered, pump.now())).isLessThan(Duration.ofMillis(20));
    }

    @Test
    void silentPeerGoesDisconnectedThenFailedOnConsentTimers() {
        IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 11);
        IceAgent b = agent(IceConfig.defaults(IceRole.CONTROLLED), 12);
        LoopbackPump pump = wired(a, b, false);
        assertThat(pump.runUntil(() -> connected(a), Duration.ofSeconds(5))).isTrue();
        Instant lost = pump.now();
        pump.dropWhen(t -> true);

        assertThat(pump.runUntil(() -> a.connectionState() == IceConnectionState.DISCONNECTED, Duration.ofSeconds(20))).isTrue();
        Duration toDisconnected = Duration.between(lost, pump.now());
        assertThat(toDisconnected).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
        assertThat(pump.runUntil(() -> a.connectionState() == IceConnectionState.FAILED, Duration.ofSeconds(40))).isTrue();
        assertThat(Duration.between(lost, pump.now())).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(31));
        assertThat(a.send(pump.now(), new byte[1])).as("no data without consent (RFC 7675)").isFalse();
    }

    @Test
    void briefLossGoesDisconnectedAndRecovers() {
        IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 13);
        IceAgent b = agent(IceConfig.defaults(IceRole.CONTROLLED), 14);
        LoopbackPump pump = wired(a, b, false);
        assertThat(pump.runUntil(() -> connected(a), Duration.ofSeconds(5))).isTrue();
        pump.dropWhen(t -> true);
        assertThat(pump.runUntil(() -> a.connectionState() == IceConnectionState.DISCONNECTED, Duration.ofSeconds(20))).isTrue();
        pump.dropWhen(t -> false);
        assertThat(pump.runUntil(() -> connected(a), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void unreachablePeerFailsAfterAllPairsFail() {
        IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 15);
        IceAgent b = agent(IceConfig.defaults(IceRole.CONTROLLED), 16);
        LoopbackPump pump = wired(a, b, true);
        assertThat(pump.runUntil(() -> a.connectionState() == IceConnectionState.FAILED, Duration.ofSeconds(60))).isTrue();
        assertThat(a.pairs()).allMatch(p -> p.state() == CandidatePairState.FAILED);
        assertThat(Duration.between(T0, pump.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void iceRestartKeepsDataFlowingAndSelectsANewPair() {
        IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 17);
        IceAgent b = agent(IceConfig.defaults(IceRole.CONTROLLED), 18);
        LoopbackPump pump = wired(a, b, false);
        assertThat(pump.runUntil(() -> connected(a) && connected(b), Duration.ofSeconds(5))).isTrue();
        IceCredentials before = a.localCredentials();
        pump.eventsA.clear();

        Instant now = pump.now();
        a.restart(now);
        b.restart(now);
        assertThat(a.localCredentials()).isNotEqualTo(before);
        assertThat(a.send(now, new byte[] {1})).as("the old pair carries data during the restart").isTrue();
        a.setRemoteCredentials(now, b.localCredentials());
        b.setRemoteCredentials(now, a.localCredentials());
        List.copyOf(b.localCandidates()).forEach(c -> a.addRemoteCandidate(now, c.withExtension("ufrag", b.localCredentials().ufrag())));
        List.copyOf(a.localCandidates()).forEach(c -> b.addRemoteCandidate(now, c.withExtension("ufrag", a.localCredentials().ufrag())));

        assertThat(pump.runUntil(() -> pump.eventsA.stream().anyMatch(e -> e instanceof IceEvent.SelectedPairChanged),
                Duration.ofSeconds(5))).isTrue();
        assertThat(connected(a)).isTrue();
        assertThat(pump.eventsA).filteredOn(e -> e instanceof IceEvent.LocalCandidate)
                .allSatisfy(e -> assertThat(((IceEvent.LocalCandidate) e).candidate().ufrag()).contains(a.localCredentials().ufrag()));
    }

    @Test
    void runsAreReproducible() {
        Duration[] times = new Duration[2];
        for (int i = 0; i < 2; i++) {
            LoopbackPump pump = new LoopbackPump(T0, Duration.ofMillis(10));
            IceAgent a = agent(IceConfig.defaults(IceRole.CONTROLLING), 21);
            IceAgent b = agent(IceConfig.defaults(IceRole.CONTROLLED), 22);
            pump.add(a, A);
            pump.add(b, B);
            connect(pump, a, b);
            pump.runUntil(() -> connected(a) && connected(b), Duration.ofSeconds(5));
            times[i] = Duration.between(T0, pump.now());
        }
        assertThat(times[0]).isEqualTo(times[1]);
    }
}
