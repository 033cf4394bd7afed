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
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunKey;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.Transmit;

/**
 * RFC 8445 §8.1.1: a controlling agent nominates at most one pair per component. Seen against ice4j:
 * two pairs succeed before the nominating check of the first is sent, and both get USE-CANDIDATE.
 */
class SingleNominationTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final InetSocketAddress A1 = new InetSocketAddress("10.0.0.1", 5000);
    static final InetSocketAddress A2 = new InetSocketAddress("10.0.0.1", 5001);
    static final InetSocketAddress B = new InetSocketAddress("10.0.0.2", 6000);

    @Test
    void twoPairsSucceedingInOnePacingIntervalGetOneNomination() throws Exception {
        IceAgent a = controllingAgentWithTwoValidPairs();
        List<Transmit> later = run(a, T0.plusMillis(60), T0.plusSeconds(2));
        assertThat(nominatedFrom(later)).containsExactly(A1);
    }

    @Test
    void aNominationThatFailsLetsTheNextValidPairBeNominated() throws Exception {
        IceAgent a = controllingAgentWithTwoValidPairs();
        // The peer never answers the nominating check on A1: it fails (about 16 s), then A2 is nominated.
        List<Transmit> later = run(a, T0.plusMillis(60), T0.plusSeconds(40));
        assertThat(nominatedFrom(later)).containsExactly(A1, A2);
        assertThat(a.pairs()).filteredOn(p -> p.localAddress().equals(A1))
                .singleElement().extracting(CandidatePair::state).isEqualTo(CandidatePairState.FAILED);
    }

    /** A controlling agent on A1 and A2 whose first checks to B, Ta apart, are both answered at T0 + 60 ms. */
    private static IceAgent controllingAgentWithTwoValidPairs() throws Exception {
        IceAgent a = new IceAgent(IceConfig.defaults(IceRole.CONTROLLING), new SplittableRandom(1));
        IceCredentials peer = IceCredentials.random(new SplittableRandom(2));
        a.addHostAddress(T0, A1);
        a.addHostAddress(T0, A2);
        a.gather(T0);
        a.setRemoteCredentials(T0, peer);
        a.addRemoteCandidate(T0, Candidate.parse("candidate:1 1 udp 2130706431 10.0.0.2 6000 typ host"));
        a.endOfRemoteCandidates(T0);

        List<Transmit> checks = new ArrayList<>();
        a.handleTimeout(T0);
        drain(a, checks);
        a.handleTimeout(T0.plusMillis(50));
        drain(a, checks);
        assertThat(checks).extracting(Transmit::source).containsExactly(A1, A2);
        for (Transmit check : checks) {
            StunMessage request = StunMessage.decode(check.data(), 0, check.data().length);
            byte[] response = StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE)
                    .address(StunAttributeType.XOR_MAPPED_ADDRESS, check.source())
                    .messageIntegrity(StunKey.shortTerm(peer.password())).fingerprint().encode();
            a.handleReceive(T0.plusMillis(60), new Datagram(B, check.source(), response));
        }
        return a;
    }

    /** Runs the agent's timers every 10 ms and returns what it sent; nothing is answered. */
    private static List<Transmit> run(IceAgent a, Instant from, Instant to) {
        List<Transmit> sent = new ArrayList<>();
        drain(a, sent);
        for (Instant t = from; t.isBefore(to); t = t.plusMillis(10)) {
            a.handleTimeout(t);
            drain(a, sent);
        }
        return sent;
    }

    /** The local addresses that sent checks with USE-CANDIDATE, in order of their first one. */
    private static List<InetSocketAddress> nominatedFrom(List<Transmit> sent) throws Exception {
        List<InetSocketAddress> from = new ArrayList<>();
        for (Transmit t : sent) {
            StunMessage m = StunMessage.decode(t.data(), 0, t.data().length);
            if (m.messageClass() == StunClass.REQUEST && m.useCandidate() && !from.contains(t.source())) {
                from.add(t.source());
            }
        }
        return from;
    }

    private static void drain(IceAgent a, List<Transmit> into) {
        for (Optional<Transmit> t = a.pollTransmit(); t.isPresent(); t = a.pollTransmit()) {
            into.add(t.get());
        }
    }
}
