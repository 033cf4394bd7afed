package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunKey;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.TransactionId;
import org.rtc4j.stun.Transmit;

/** Checks that must not be believed: each is answered or dropped as RFC 8445 and 8489 say, counted, and creates no state. */
class IceAgentHostileInputTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.1", 5000);
    private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.2", 6000);
    private final SplittableRandom random = new SplittableRandom(99);
    private IceAgent agent;
    private IceCredentials remote;

    @BeforeEach
    void setUp() {
        agent = new IceAgent(IceConfig.defaults(IceRole.CONTROLLED), new SplittableRandom(1));
        agent.addHostAddress(T0, LOCAL);
        agent.gather(T0);
        remote = IceCredentials.random(random);
        agent.setRemoteCredentials(T0, remote);
        drain();
    }

    private void drain() {
        while (agent.pollTransmit().isPresent() || agent.pollEvent().isPresent()) {
            // discard
        }
    }

    private StunMessageBuilder check(String username) {
        return StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                .text(StunAttributeType.USERNAME, username)
                .uint32(StunAttributeType.PRIORITY, 1_845_501_695L)
                .uint64(StunAttributeType.ICE_CONTROLLING, 42);
    }

    private String goodUsername() {
        return agent.localCredentials().ufrag() + ":" + remote.ufrag();
    }

    private Optional<StunMessage> deliver(InetSocketAddress from, byte[] bytes) throws Exception {
        agent.handleReceive(T0, new Datagram(from, LOCAL, bytes));
        Optional<Transmit> t = agent.pollTransmit();
        drain();
        return t.isPresent() ? Optional.of(StunMessage.decode(t.get().data(), 0, t.get().data().length)) : Optional.empty();
    }

    private void assertNoStateCreated() {
        assertThat(agent.remoteCandidates()).isEmpty();
        assertThat(agent.pairs()).isEmpty();
        assertThat(agent.connectionState()).isEqualTo(IceConnectionState.NEW);
    }

    @Test
    void wrongPasswordGets401AndNoState() throws Exception {
        byte[] b = check(goodUsername()).messageIntegrity(StunKey.shortTerm("not-the-password-at-all")).fingerprint().encode();
        assertThat(deliver(PEER, b)).hasValueSatisfying(r -> assertThat(r.errorCode().orElseThrow().code()).isEqualTo(401));
        assertThat(agent.stats().unauthenticated()).isEqualTo(1);
        assertNoStateCreated();
    }

    @Test
    void missingIntegrityGets400AndNoState() throws Exception {
        byte[] b = check(goodUsername()).fingerprint().encode();
        assertThat(deliver(PEER, b)).hasValueSatisfying(r -> assertThat(r.errorCode().orElseThrow().code()).isEqualTo(400));
        assertNoStateCreated();
    }

    @Test
    void badFingerprintIsDroppedSilently() throws Exception {
        byte[] b = check(goodUsername()).messageIntegrity(StunKey.shortTerm(agent.localCredentials().password())).fingerprint().encode();
        b[b.length - 1] ^= 1;
        assertThat(deliver(PEER, b)).isEmpty();
        assertThat(agent.stats().badFingerprint()).isEqualTo(1);
        assertNoStateCreated();
    }

    @Test
    void unknownUfragGets401AndNoState() throws Exception {
        byte[] b = check("nobody:" + remote.ufrag()).messageIntegrity(StunKey.shortTerm(agent.localCredentials().password()))
                .fingerprint().encode();
        assertThat(deliver(PEER, b)).hasValueSatisfying(r -> assertThat(r.errorCode().orElseThrow().code()).isEqualTo(401));
        assertNoStateCreated();
    }

    @Test
    void malformedAndNonStunDatagramsAreCountedNotFatal() throws Exception {
        assertThat(deliver(PEER, new byte[] {0, 1, 0, 0})).isEmpty();
        assertThat(deliver(PEER, new byte[0])).isEmpty();
        assertThat(deliver(PEER, new byte[] {22, 3, 3, 0, 0})).isEmpty(); // DTLS: not ours
        assertThat(agent.stats().malformed()).isEqualTo(1);
        assertNoStateCreated();
        // and a good check still works afterwards
        byte[] good = check(goodUsername()).messageIntegrity(StunKey.shortTerm(agent.localCredentials().password())).fingerprint().encode();
        assertThat(deliver(PEER, good)).hasValueSatisfying(r -> assertThat(r.messageClass()).hasToString("SUCCESS_RESPONSE"));
        assertThat(agent.remoteCandidates()).hasSize(1);
    }

    @Test
    void floodFromManyUnknownAddressesCreatesNoState() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            InetSocketAddress from = new InetSocketAddress("198.51.100." + (i % 250), 1024 + i);
            byte[] b = check(goodUsername()).messageIntegrity(StunKey.shortTerm("forged-password-xxxxxx")).fingerprint().encode();
            agent.handleReceive(T0, new Datagram(from, LOCAL, b));
            drain();
        }
        assertThat(agent.stats().unauthenticated()).isEqualTo(10_000);
        assertNoStateCreated();
        assertThat(agent.pollTimeout()).isEmpty();
    }

    @Test
    void authenticatedChecksFromTooManyAddressesAreBounded() {
        IceAgent bounded = new IceAgent(IceConfig.defaults(IceRole.CONTROLLED).withLimits(8, 8, 4), new SplittableRandom(2));
        bounded.addHostAddress(T0, LOCAL);
        bounded.setRemoteCredentials(T0, remote);
        StunKey key = StunKey.shortTerm(bounded.localCredentials().password());
        for (int i = 0; i < 100; i++) {
            byte[] b = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random))
                    .text(StunAttributeType.USERNAME, bounded.localCredentials().ufrag() + ":" + remote.ufrag())
                    .uint32(StunAttributeType.PRIORITY, 100).messageIntegrity(key).fingerprint().encode();
            bounded.handleReceive(T0, new Datagram(new InetSocketAddress("198.51.100.1", 2000 + i), LOCAL, b));
        }
        assertThat(bounded.remoteCandidates()).hasSize(8);
        assertThat(bounded.pairs()).hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void datagramsForAnAddressTheAgentDoesNotOwnAreIgnored() {
        byte[] b = check(goodUsername()).messageIntegrity(StunKey.shortTerm(agent.localCredentials().password())).fingerprint().encode();
        assertThat(agent.handleReceive(T0, new Datagram(PEER, new InetSocketAddress("10.9.9.9", 1), b))).isFalse();
        assertThat(agent.stats().unknownDestination()).isEqualTo(1);
    }

    @Test
    void forgedResponsesDoNotCompleteChecks() throws Exception {
        IceAgent a = new IceAgent(IceConfig.defaults(IceRole.CONTROLLING), new SplittableRandom(5));
        a.addHostAddress(T0, LOCAL);
        a.setRemoteCredentials(T0, remote);
        a.addRemoteCandidate(T0, Candidate.parse("candidate:1 1 udp 2130706431 10.0.0.2 6000 typ host"));
        a.handleTimeout(T0);
        Transmit sent = a.pollTransmit().orElseThrow();
        StunMessage request = StunMessage.decode(sent.data(), 0, sent.data().length);
        byte[] forged = StunMessageBuilder.responseTo(request, org.rtc4j.stun.StunClass.SUCCESS_RESPONSE)
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, LOCAL)
                .messageIntegrity(StunKey.shortTerm("attacker-password-xxxxx")).fingerprint().encode();
        a.handleReceive(T0.plusMillis(5), new Datagram(PEER, LOCAL, forged));
        assertThat(a.pairs()).allMatch(p -> p.state() != CandidatePairState.SUCCEEDED);
        assertThat(a.selectedPair()).isEmpty();
        assertThat(a.stats().unmatchedResponses()).isEqualTo(1);
    }
}
