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
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.TransactionId;
import org.rtc4j.stun.Transmit;

/**
 * An older peer that nominates aggressively (RFC 5245 §8.1.1.2: USE-CANDIDATE on every check): the
 * controlled rtc4j agent follows, and moves to a better nominated pair when one succeeds later.
 */
class AggressiveNominationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.1", 5000);
    private final SplittableRandom random = new SplittableRandom(7);
    private final IceCredentials peer = IceCredentials.random(random);
    private final IceAgent agent = new IceAgent(IceConfig.defaults(IceRole.CONTROLLED), new SplittableRandom(8));
    private final List<IceEvent> events = new ArrayList<>();

    /** The peer's check with USE-CANDIDATE from {@code from}; then the peer answers the agent's triggered check. */
    private void aggressiveCheck(Instant now, InetSocketAddress from, long priority) throws Exception {
        agent.handleReceive(now, new Datagram(from, LOCAL, check(priority, true)));
        agent.handleTimeout(now); // the paced triggered check goes out
        for (Transmit t : drain()) {
            StunMessage m = StunMessage.decode(t.data(), 0, t.data().length);
            if (m.messageClass() == StunClass.REQUEST && t.destination().equals(from)) {
                byte[] answer = StunMessageBuilder.responseTo(m, StunClass.SUCCESS_RESPONSE)
                        .address(StunAttributeType.XOR_MAPPED_ADDRESS, LOCAL)
                        .messageIntegrity(StunKey.shortTerm(peer.password())).fingerprint().encode();
                agent.handleReceive(now.plusMillis(5), new Datagram(from, LOCAL, answer));
            }
        }
        for (Optional<IceEvent> e = agent.pollEvent(); e.isPresent(); e = agent.pollEvent()) {
            events.add(e.get());
        }
    }

    /** A check from the controlling peer, with USE-CANDIDATE or without. */
    private byte[] check(long priority, boolean useCandidate) {
        StunMessageBuilder b = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .text(StunAttributeType.USERNAME, agent.localCredentials().ufrag() + ":" + peer.ufrag())
                .uint32(StunAttributeType.PRIORITY, priority)
                .uint64(StunAttributeType.ICE_CONTROLLING, 1);
        if (useCandidate) {
            b.flag(StunAttributeType.USE_CANDIDATE);
        }
        return b.messageIntegrity(StunKey.shortTerm(agent.localCredentials().password())).fingerprint().encode();
    }

    /** The agent with one host address, gathered, and the peer's credentials. */
    private void startChecking() {
        agent.addHostAddress(T0, LOCAL);
        agent.gather(T0);
        agent.setRemoteCredentials(T0, peer);
    }

    private List<Transmit> drain() {
        List<Transmit> out = new ArrayList<>();
        for (Optional<Transmit> t = agent.pollTransmit(); t.isPresent(); t = agent.pollTransmit()) {
            out.add(t.get());
        }
        return out;
    }

    @Test
    void aNominationOnAPairNotYetCheckedIsCheckedAtOnce() throws Exception {
        startChecking();
        InetSocketAddress first = new InetSocketAddress("10.0.0.2", 6000);
        InetSocketAddress nominated = new InetSocketAddress("10.0.0.3", 6000);
        agent.handleReceive(T0, new Datagram(first, LOCAL, check(Candidate.priority(CandidateType.HOST, 65535, 1), false)));
        agent.handleTimeout(T0);
        assertThat(drain()).anyMatch(t -> t.destination().equals(first));   // its triggered check; the next waits Ta

        Instant soon = T0.plusMillis(1);
        agent.handleReceive(soon, new Datagram(nominated, LOCAL, check(Candidate.priority(CandidateType.HOST, 65534, 1), true)));
        agent.handleTimeout(soon);
        // Only our check on the nominated pair stands between us and a selected pair: it does not wait for Ta.
        assertThat(drain()).anyMatch(t -> t.destination().equals(nominated) && isRequest(t));
    }

    private static boolean isRequest(Transmit t) {
        try {
            return StunMessage.decode(t.data(), 0, t.data().length).messageClass() == StunClass.REQUEST;
        } catch (org.rtc4j.stun.StunException e) {
            return false;
        }
    }

    @Test
    void followsTheBestNominatedPair() throws Exception {
        startChecking();
        InetSocketAddress relayed = new InetSocketAddress("198.51.100.9", 40000);
        InetSocketAddress direct = new InetSocketAddress("10.0.0.2", 6000);

        aggressiveCheck(T0, relayed, Candidate.priority(CandidateType.RELAYED, 65535, 1));
        assertThat(agent.selectedPair()).hasValueSatisfying(p -> assertThat(p.remoteAddress()).isEqualTo(relayed));

        aggressiveCheck(T0.plusMillis(100), direct, Candidate.priority(CandidateType.HOST, 65535, 1));
        assertThat(agent.selectedPair()).hasValueSatisfying(p -> assertThat(p.remoteAddress()).isEqualTo(direct));
        assertThat(events).filteredOn(e -> e instanceof IceEvent.SelectedPairChanged).hasSize(2);
        assertThat(agent.connectionState()).isEqualTo(IceConnectionState.CONNECTED);

        // A later nomination of a worse pair does not move the agent back.
        aggressiveCheck(T0.plusMillis(200), new InetSocketAddress("198.51.100.9", 40001), 5);
        assertThat(agent.selectedPair()).hasValueSatisfying(p -> assertThat(p.remoteAddress()).isEqualTo(direct));
    }
}
