package org.rtc4j.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Client transactions on simulated time: the clock only moves when the test moves it. */
class StunClientTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.10", 3478);
    private static final InetSocketAddress MAPPED = new InetSocketAddress("198.51.100.4", 40000);
    private final Random random = new Random(42);

    private StunMessage bindingRequest() {
        return StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.random(random)).fingerprint().build();
    }

    private static StunMessage successTo(StunMessage request, StunKey key) {
        StunMessageBuilder b = StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE)
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, MAPPED);
        if (key != null) {
            b.messageIntegrity(key);
        }
        return b.fingerprint().build();
    }

    /** Runs the client by its own timer until nothing is pending; returns the send times in ms after T0. */
    private static List<Long> runToEnd(StunClient client, Instant start) {
        List<Long> sends = new ArrayList<>();
        Instant now = start;
        while (true) {
            while (client.pollTransmit().isPresent()) {
                sends.add(Duration.between(T0, now).toMillis());
            }
            Optional<Instant> next = client.pollTimeout();
            if (next.isEmpty()) {
                return sends;
            }
            now = next.get();
            client.handleTimeout(now);
        }
    }

    @Test
    void udpScheduleFollowsRfc8489() {
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, SERVER);

        List<Long> sends = runToEnd(client, T0);

        // RFC 8489 §6.2.1: with RTO 500 ms and Rc = 7 the requests go at 0, 500, 1500, 3500, 7500, 15500, 31500 ms.
        assertThat(sends).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
        StunClientEvent event = client.pollEvent().orElseThrow();
        assertThat(event).isInstanceOf(StunClientEvent.Timeout.class);
        assertThat(event.transactionId()).isEqualTo(request.transactionId());
        assertThat(client.stats().timeouts()).isEqualTo(1);
        assertThat(client.stats().retransmissions()).isEqualTo(6);
    }

    @Test
    void timeoutComesAtThirtyNinePointFiveSeconds() {
        StunClient client = new StunClient();
        client.sendRequest(T0, bindingRequest(), SERVER);
        Instant now = T0;
        for (int i = 0; i < 6; i++) {
            now = client.pollTimeout().orElseThrow();
            client.handleTimeout(now);
        }
        // After the seventh request (at 31.5 s) the client waits Rm x RTO = 8 s.
        assertThat(now).isEqualTo(T0.plusMillis(31_500));
        assertThat(client.pollTimeout()).contains(T0.plusMillis(39_500));
        client.handleTimeout(T0.plusMillis(39_499));
        assertThat(client.pollEvent()).isEmpty();
        client.handleTimeout(T0.plusMillis(39_500));
        assertThat(client.pollEvent()).containsInstanceOf(StunClientEvent.Timeout.class);
    }

    @Test
    void aLateDriverGetsOneRetransmissionPerCallNotABurst() {
        StunClient client = new StunClient();
        client.sendRequest(T0, bindingRequest(), SERVER);
        client.pollTransmit();
        client.handleTimeout(T0.plusSeconds(10));
        assertThat(client.pollTransmit()).isPresent();
        assertThat(client.pollTransmit()).isEmpty();
        assertThat(client.pollTimeout()).contains(T0.plusSeconds(10).plusMillis(1000));
    }

    @Test
    void reliableTransportSendsOnceAndWaitsTi() {
        StunClient client = new StunClient(RetransmissionPolicy.RELIABLE_DEFAULT, 8);
        client.sendRequest(T0, bindingRequest(), SERVER);
        List<Long> sends = runToEnd(client, T0);
        assertThat(sends).containsExactly(0L);
        assertThat(client.pollEvent()).containsInstanceOf(StunClientEvent.Timeout.class);
    }

    @Test
    void cappedRtoStopsDoubling() {
        RetransmissionPolicy policy = RetransmissionPolicy.UDP_DEFAULT.withInitialRto(Duration.ofMillis(100))
                .withMaxRto(Duration.ofMillis(300)).withMaxSends(5);
        StunClient client = new StunClient(policy, 8);
        client.sendRequest(T0, bindingRequest(), SERVER);
        assertThat(runToEnd(client, T0)).containsExactly(0L, 100L, 300L, 600L, 900L);
    }

    @Test
    void responseCompletesTheTransactionWithRtt() {
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, SERVER);
        Transmit sent = client.pollTransmit().orElseThrow();
        assertThat(sent.destination()).isEqualTo(SERVER);
        assertThat(sent.data()).isEqualTo(request.toByteArray());

        byte[] response = successTo(request, null).toByteArray();
        boolean consumed = client.handleReceive(T0.plusMillis(42), new Datagram(SERVER, null, response));

        assertThat(consumed).isTrue();
        StunClientEvent.Response r = (StunClientEvent.Response) client.pollEvent().orElseThrow();
        assertThat(r.response().mappedAddress()).contains(MAPPED);
        assertThat(r.rtt()).contains(Duration.ofMillis(42));
        assertThat(client.pollTimeout()).isEmpty();
        // a duplicate of the response is not ours any more
        assertThat(client.handleReceive(T0.plusMillis(50), new Datagram(SERVER, null, response))).isFalse();
        assertThat(client.stats().unmatched()).isEqualTo(1);
    }

    @Test
    void karnsRuleDropsRttOfRetransmittedRequests() {
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, SERVER);
        client.handleTimeout(T0.plusMillis(500));
        client.handleResponse(T0.plusMillis(600), successTo(request, null), SERVER);
        StunClientEvent.Response r = (StunClientEvent.Response) client.pollEvent().orElseThrow();
        assertThat(r.rtt()).isEmpty();
    }

    @Test
    void responsesFailingIntegrityAreDroppedAndTheTransactionWaits() {
        StunKey key = StunKey.shortTerm("the-right-password-123");
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, null, SERVER, RetransmissionPolicy.UDP_DEFAULT, key);

        assertThat(client.handleResponse(T0.plusMillis(10), successTo(request, StunKey.shortTerm("forged-password-xyz")), SERVER)).isTrue();
        assertThat(client.handleResponse(T0.plusMillis(11), successTo(request, null), SERVER)).isTrue();
        assertThat(client.pollEvent()).isEmpty();
        assertThat(client.stats().dropped()).isEqualTo(2);

        client.handleResponse(T0.plusMillis(12), successTo(request, key), SERVER);
        assertThat(client.pollEvent()).containsInstanceOf(StunClientEvent.Response.class);
    }

    @Test
    void unsignedErrorChallengesAreAcceptedWithAKey() {
        StunKey key = StunKey.shortTerm("the-right-password-123");
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, null, SERVER, RetransmissionPolicy.UDP_DEFAULT, key);
        StunMessage challenge = StunMessageBuilder.errorResponseTo(request, 401).build();
        client.handleResponse(T0.plusMillis(5), challenge, SERVER);
        StunClientEvent.Response r = (StunClientEvent.Response) client.pollEvent().orElseThrow();
        assertThat(r.response().errorCode()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(401));
    }

    @Test
    void responseWithUnknownRequiredAttributeFailsTheTransaction() {
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, SERVER);
        StunMessage response = StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE)
                .bytes(StunAttributeType.of(0x7ABC), new byte[4]).build();
        client.handleResponse(T0.plusMillis(5), response, SERVER);
        assertThat(client.pollEvent()).containsInstanceOf(StunClientEvent.Failed.class);
        assertThat(client.pendingCount()).isZero();
    }

    @Test
    void malformedAndForeignDatagramsAreLeftAlone() {
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, SERVER);
        byte[] broken = successTo(request, null).toByteArray();
        Bytes.putU16(broken, 22, 0x0FFF); // attribute overruns
        assertThat(client.handleReceive(T0, new Datagram(SERVER, null, broken))).isFalse();
        assertThat(client.handleReceive(T0, new Datagram(SERVER, null, new byte[] {(byte) 0x80, 0, 0}))).isFalse();
        assertThat(client.handleReceive(T0, new Datagram(SERVER, null, new byte[0]))).isFalse();
        assertThat(client.stats().malformed()).isEqualTo(1);
        assertThat(client.isPending(request.transactionId())).isTrue();
    }

    @Test
    void responseOfAnotherMethodIsDropped() {
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, SERVER);
        StunMessage wrong = StunMessageBuilder.of(StunMessageType.of(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE),
                request.transactionId()).build();
        assertThat(client.handleResponse(T0, wrong, SERVER)).isTrue();
        assertThat(client.pollEvent()).isEmpty();
        assertThat(client.isPending(request.transactionId())).isTrue();
    }

    @Test
    void timeGoingBackwardsIsIgnored() {
        StunClient client = new StunClient();
        client.sendRequest(T0, bindingRequest(), SERVER);
        client.pollTransmit();
        client.handleTimeout(T0.minusSeconds(3600));
        assertThat(client.pollTransmit()).isEmpty();
        assertThat(client.pollTimeout()).contains(T0.plusMillis(500));
    }

    @Test
    void cancelForgetsTheTransaction() {
        StunClient client = new StunClient();
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, SERVER);
        assertThat(client.cancel(request.transactionId())).isTrue();
        assertThat(client.pollTimeout()).isEmpty();
        assertThat(client.handleResponse(T0, successTo(request, null), SERVER)).isFalse();
    }

    @Test
    void misuseIsRefusedWithAClearMessage() {
        StunClient client = new StunClient(RetransmissionPolicy.UDP_DEFAULT, 1);
        StunMessage request = bindingRequest();
        client.sendRequest(T0, request, SERVER);
        assertThatThrownBy(() -> client.sendRequest(T0, request, SERVER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already pending");
        assertThatThrownBy(() -> client.sendRequest(T0, bindingRequest(), SERVER)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected: at most 1");
        StunMessage indication = StunMessageBuilder.of(StunMessageType.BINDING_INDICATION, TransactionId.random(random)).build();
        assertThatThrownBy(() -> client.sendRequest(T0, indication, SERVER)).isInstanceOf(IllegalArgumentException.class);
    }
}
