package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rtc4j.ice.TurnScriptedServer.MAPPED;
import static org.rtc4j.ice.TurnScriptedServer.OTHER_PEER;
import static org.rtc4j.ice.TurnScriptedServer.PEER;
import static org.rtc4j.ice.TurnScriptedServer.RELAYED;
import static org.rtc4j.ice.TurnScriptedServer.T0;
import static org.rtc4j.ice.TurnScriptedServer.channelNumber;
import static org.rtc4j.ice.TurnScriptedServer.drainEvents;
import static org.rtc4j.ice.TurnScriptedServer.drainRequests;
import static org.rtc4j.ice.TurnScriptedServer.drainTransmits;
import static org.rtc4j.ice.TurnScriptedServer.onlyRequest;
import static org.rtc4j.ice.TurnScriptedServer.receive;
import static org.rtc4j.ice.TurnScriptedServer.type;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.TransactionId;

/** {@link TurnAllocation} against a scripted server, on simulated time. */
class TurnAllocationTest {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private final TurnScriptedServer server = new TurnScriptedServer();
    private final TurnAllocation allocation = TurnScriptedServer.udpAllocation();

    @Test
    void answersTheChallengeThenAllocates() {
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.NEW);
        allocation.start(T0);
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.ALLOCATING);

        StunMessage first = onlyRequest(allocation);
        assertThat(first.type()).isEqualTo(type(StunMethod.ALLOCATE));
        assertThat(first.attribute(StunAttributeType.REQUESTED_TRANSPORT))
                .contains(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP));
        assertThat(first.hasMessageIntegrity()).as("nothing to sign with before the challenge").isFalse();
        assertThat(first.isFingerprintValid()).isTrue();

        receive(allocation, T0.plusMillis(20), server.challenge(first));
        StunMessage signed = onlyRequest(allocation);
        assertThat(signed.type()).isEqualTo(type(StunMethod.ALLOCATE));
        assertThat(signed.transactionId()).isNotEqualTo(first.transactionId());
        assertThat(signed.contains(StunAttributeType.REQUESTED_TRANSPORT)).isTrue();
        server.assertSigned(signed);
        assertThat(drainEvents(allocation)).isEmpty();

        receive(allocation, T0.plusMillis(40), server.allocated(signed, TEN_MINUTES));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Allocated(RELAYED, MAPPED, TEN_MINUTES));
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.ALLOCATED);
        assertThat(allocation.relayedAddress()).contains(RELAYED);
        assertThat(allocation.mappedAddress()).contains(MAPPED);
        assertThat(allocation.stats().challenges()).isEqualTo(1);
        assertThat(allocation.stats().droppedInput()).isZero();
    }

    @Test
    void aSecond401MeansWrongCredentials() {
        allocation.start(T0);
        receive(allocation, T0, server.challenge(onlyRequest(allocation)));
        receive(allocation, T0, server.challenge(onlyRequest(allocation)));

        assertThat(drainEvents(allocation)).singleElement().isInstanceOfSatisfying(TurnEvent.Failed.class,
                f -> assertThat(f.errorCode()).isEqualTo(401));
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.FAILED);
        assertThat(allocation.pollTimeout()).isEmpty();
        assertThat(drainTransmits(allocation)).isEmpty();
    }

    @Test
    void tryAlternateFailsNamingTheAlternate() {
        InetSocketAddress alternate = TurnScriptedServer.address("192.0.2.99", 3479);
        allocation.start(T0);
        StunMessage first = onlyRequest(allocation);
        receive(allocation, T0, StunMessageBuilder.errorResponseTo(first, 300)
                .address(StunAttributeType.ALTERNATE_SERVER, alternate).encode());

        TurnEvent.Failed failed = (TurnEvent.Failed) drainEvents(allocation).get(0);
        assertThat(failed.errorCode()).isEqualTo(300);
        assertThat(failed.reason()).contains("192.0.2.99:3479");
        assertThat(allocation.alternateServer()).contains(alternate);
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.FAILED);
    }

    @Test
    void anUnansweredAllocateFailsAfterRfc8489sRetransmissions() {
        allocation.start(T0);
        int sends = drainTransmits(allocation).size();
        Instant now = T0;
        for (Optional<Instant> next = allocation.pollTimeout(); next.isPresent(); next = allocation.pollTimeout()) {
            now = next.get();
            allocation.handleTimeout(now);
            sends += drainTransmits(allocation).size();
        }
        assertThat(sends).isEqualTo(7);
        assertThat(Duration.between(T0, now)).isEqualTo(Duration.ofMillis(39_500));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Failed("Allocate timed out", 0));
    }

    @Test
    void refreshesAMinuteBeforeTheLifetimeEnds() {
        server.allocate(allocation, T0, TEN_MINUTES);
        assertThat(allocation.pollTimeout()).contains(T0.plusSeconds(540));

        allocation.handleTimeout(T0.plusSeconds(539));
        assertThat(drainTransmits(allocation)).isEmpty();

        allocation.handleTimeout(T0.plusSeconds(540));
        StunMessage refresh = onlyRequest(allocation);
        assertThat(refresh.type()).isEqualTo(type(StunMethod.REFRESH));
        assertThat(refresh.contains(StunAttributeType.LIFETIME)).as("the server's default lifetime").isFalse();
        server.assertSigned(refresh);

        receive(allocation, T0.plusSeconds(541), server.refreshed(refresh, TEN_MINUTES));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Refreshed(TEN_MINUTES));
        assertThat(allocation.expiresAt()).contains(T0.plusSeconds(540 + 600));
        assertThat(allocation.pollTimeout()).contains(T0.plusSeconds(540 + 540));
    }

    @Test
    void refreshesAShortLifetimeAtHalfTime() {
        server.allocate(allocation, T0, Duration.ofSeconds(100));
        assertThat(allocation.pollTimeout()).contains(T0.plusSeconds(50));
    }

    @Test
    void asksForTheConfiguredLifetime() {
        TurnAllocation a = new TurnAllocation(TurnScriptedServer.SERVER, TurnServerUrl.Transport.UDP, "alice", "wonderland",
                new java.util.Random(1), TurnConfig.DEFAULT.withRequestedLifetime(Duration.ofMinutes(20)).withSoftware("rtc4j"));
        a.start(T0);
        StunMessage allocate = onlyRequest(a);
        assertThat(allocate.uint32(StunAttributeType.LIFETIME)).hasValue(1200);
        assertThat(allocate.software()).contains("rtc4j");
    }

    @Test
    void aStaleNonceOnRefreshIsAnsweredWithTheNewNonce() {
        server.allocate(allocation, T0, TEN_MINUTES);
        Instant refreshAt = T0.plusSeconds(540);
        allocation.handleTimeout(refreshAt);
        StunMessage refresh = onlyRequest(allocation);

        receive(allocation, refreshAt, server.staleNonce(refresh, "nonce-2"));
        StunMessage again = onlyRequest(allocation);
        assertThat(again.type()).isEqualTo(type(StunMethod.REFRESH));
        assertThat(again.nonce()).contains("nonce-2");
        server.assertSigned(again);
        assertThat(drainEvents(allocation)).isEmpty();

        receive(allocation, refreshAt.plusMillis(10), server.refreshed(again, TEN_MINUTES));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Refreshed(TEN_MINUTES));
        assertThat(allocation.stats().challenges()).isEqualTo(2);
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.ALLOCATED);
    }

    @Test
    void endlessStaleNoncesAreBounded() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.handleTimeout(T0.plusSeconds(540));
        for (int i = 0; i < TurnAllocation.MAX_CHALLENGES + 1; i++) {
            receive(allocation, T0.plusSeconds(540), server.staleNonce(onlyRequest(allocation), "nonce-x" + i));
        }
        assertThat(drainEvents(allocation)).singleElement().isInstanceOfSatisfying(TurnEvent.Failed.class,
                f -> assertThat(f.errorCode()).isEqualTo(438));
    }

    @Test
    void aRefreshRefusedWith437LosesTheAllocation() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.handleTimeout(T0.plusSeconds(540));
        receive(allocation, T0.plusSeconds(540), server.error(onlyRequest(allocation), 437));

        assertThat(drainEvents(allocation)).singleElement().isInstanceOfSatisfying(TurnEvent.Failed.class,
                f -> assertThat(f.errorCode()).isEqualTo(437));
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.FAILED);
        assertThat(allocation.send(T0.plusSeconds(541), PEER, HELLO, 0, HELLO.length)).isFalse();
    }

    @Test
    void anUnansweredRefreshIsRetriedUntilTheAllocationWouldExpire() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.handleTimeout(T0.plusSeconds(540));
        StunMessage first = onlyRequest(allocation);
        Instant now = T0.plusSeconds(540);
        while (allocation.state() == TurnAllocation.State.ALLOCATED) {
            now = allocation.pollTimeout().orElseThrow();
            allocation.handleTimeout(now);
            drainTransmits(allocation);
        }
        assertThat(first.type()).isEqualTo(type(StunMethod.REFRESH));
        // 540 s + 39.5 s: still alive, so a second Refresh; it times out at 619 s, past the 600 s expiry.
        assertThat(now).isEqualTo(T0.plusMillis(540_000 + 2 * 39_500));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Failed("Refresh timed out", 0));
    }

    @Test
    void permissionsAskedForEarlyGoOutOnceAllocatedAndAreRefreshedEveryFourMinutes() {
        allocation.start(T0);
        StunMessage first = onlyRequest(allocation);
        allocation.createPermission(T0, PEER.getAddress());
        assertThat(drainTransmits(allocation)).as("nothing before the allocation exists").isEmpty();
        receive(allocation, T0, server.challenge(first));
        StunMessage signed = onlyRequest(allocation);
        Instant allocatedAt = T0.plusMillis(30);
        receive(allocation, allocatedAt, server.allocated(signed, TEN_MINUTES));

        StunMessage create = onlyRequest(allocation);
        assertThat(create.type()).isEqualTo(type(StunMethod.CREATE_PERMISSION));
        assertThat(create.address(StunAttributeType.XOR_PEER_ADDRESS)).contains(new InetSocketAddress(PEER.getAddress(), 0));
        server.assertSigned(create);
        assertThat(allocation.hasPermission(PEER.getAddress())).isFalse();

        receive(allocation, allocatedAt.plusMillis(10), server.success(create));
        assertThat(drainEvents(allocation)).containsExactly(
                new TurnEvent.Allocated(RELAYED, MAPPED, TEN_MINUTES), new TurnEvent.PermissionCreated(PEER.getAddress()));
        assertThat(allocation.hasPermission(PEER.getAddress())).isTrue();
        // Four minutes after the request went out, well before the five-minute lifetime ends.
        assertThat(allocation.pollTimeout()).contains(allocatedAt.plus(TurnAllocation.PERMISSION_REFRESH));

        allocation.handleTimeout(allocatedAt.plusSeconds(239));
        assertThat(drainTransmits(allocation)).isEmpty();
        Instant refreshAt = allocatedAt.plusSeconds(240);
        allocation.handleTimeout(refreshAt);
        StunMessage refresh = onlyRequest(allocation);
        assertThat(refresh.type()).isEqualTo(type(StunMethod.CREATE_PERMISSION));
        assertThat(refresh.address(StunAttributeType.XOR_PEER_ADDRESS)).contains(new InetSocketAddress(PEER.getAddress(), 0));
        receive(allocation, refreshAt.plusMillis(10), server.success(refresh));
        assertThat(drainEvents(allocation)).as("a refresh is not news").isEmpty();
        assertThat(allocation.pollTimeout()).contains(refreshAt.plusSeconds(240));

        // Once no longer wanted, it is left to lapse.
        assertThat(allocation.removePermission(PEER.getAddress())).isTrue();
        assertThat(allocation.pollTimeout()).as("only the allocation refresh is left").contains(T0.plusSeconds(540));
        allocation.handleTimeout(refreshAt.plusSeconds(240));
        assertThat(drainTransmits(allocation)).isEmpty();
    }

    @Test
    void aForbiddenPeerIsReportedAndForgotten() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.createPermission(T0, PEER.getAddress());
        receive(allocation, T0, server.error(onlyRequest(allocation), 403));

        assertThat(drainEvents(allocation)).singleElement().isInstanceOfSatisfying(TurnEvent.PermissionFailed.class, f -> {
            assertThat(f.peer()).isEqualTo(PEER.getAddress());
            assertThat(f.errorCode()).isEqualTo(403);
        });
        assertThat(allocation.permissionCount()).isZero();
        assertThat(allocation.state()).as("the allocation itself is fine").isEqualTo(TurnAllocation.State.ALLOCATED);
        assertThat(allocation.send(T0, PEER, HELLO, 0, HELLO.length)).isFalse();
    }

    @Test
    void channelsAreNumberedFrom0x4000AndRefreshedEveryNineMinutes() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.bindChannel(T0, PEER);
        List<StunMessage> requests = drainRequests(allocation);
        assertThat(requests).extracting(StunMessage::type)
                .containsExactly(type(StunMethod.CREATE_PERMISSION), type(StunMethod.CHANNEL_BIND));
        StunMessage bind = requests.get(1);
        assertThat(channelNumber(bind)).isEqualTo(0x4000);
        assertThat(bind.address(StunAttributeType.XOR_PEER_ADDRESS)).contains(PEER);
        server.assertSigned(bind);

        receive(allocation, T0, server.success(requests.get(0)));
        receive(allocation, T0, server.success(bind));
        assertThat(drainEvents(allocation)).containsExactly(
                new TurnEvent.PermissionCreated(PEER.getAddress()), new TurnEvent.ChannelBound(PEER, 0x4000));
        assertThat(allocation.channel(PEER)).hasValue(0x4000);

        allocation.bindChannel(T0, OTHER_PEER);
        List<StunMessage> second = drainRequests(allocation);
        assertThat(channelNumber(second.get(1))).isEqualTo(0x4001);
        receive(allocation, T0, server.success(second.get(0)));
        receive(allocation, T0, server.success(second.get(1)));
        drainEvents(allocation);

        // Permission refreshes at 240 s and 480 s, the allocation at 540 s, the channels at 540 s too.
        Instant now = T0;
        int binds = 0;
        while (now.isBefore(T0.plusSeconds(540))) {
            now = allocation.pollTimeout().orElseThrow();
            allocation.handleTimeout(now);
            for (StunMessage r : drainRequests(allocation)) {
                if (r.method().equals(StunMethod.CHANNEL_BIND)) {
                    binds++;
                    assertThat(now).isEqualTo(T0.plus(TurnAllocation.CHANNEL_REFRESH));
                    assertThat(channelNumber(r)).isEqualTo(r.address(StunAttributeType.XOR_PEER_ADDRESS).orElseThrow().equals(PEER)
                            ? 0x4000 : 0x4001);
                }
                receive(allocation, now, r.method().equals(StunMethod.REFRESH) ? server.refreshed(r, TEN_MINUTES) : server.success(r));
            }
        }
        assertThat(binds).isEqualTo(2);
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Refreshed(TEN_MINUTES));
        assertThat(allocation.stats().droppedInput()).isZero();
    }

    @Test
    void sendsSendIndicationsUntilAChannelIsBoundThenChannelData() {
        server.allocate(allocation, T0, TEN_MINUTES);
        assertThat(allocation.send(T0, PEER, HELLO, 0, HELLO.length)).as("no permission").isFalse();

        allocation.createPermission(T0, PEER.getAddress());
        StunMessage create = onlyRequest(allocation);
        assertThat(allocation.send(T0, PEER, HELLO, 0, HELLO.length)).as("the permission request went first").isTrue();
        StunMessage indication = onlyRequest(allocation);
        assertThat(indication.type()).isEqualTo(org.rtc4j.stun.StunMessageType.of(StunClass.INDICATION, StunMethod.SEND));
        assertThat(indication.address(StunAttributeType.XOR_PEER_ADDRESS)).contains(PEER);
        assertThat(indication.attribute(StunAttributeType.DATA)).contains(new StunAttribute.Opaque(StunAttributeType.DATA, HELLO));
        assertThat(indication.hasMessageIntegrity()).as("indications are not authenticated (RFC 8656 §11)").isFalse();
        receive(allocation, T0, server.success(create));

        allocation.bindChannel(T0, PEER);
        StunMessage bind = onlyRequest(allocation);
        assertThat(allocation.send(T0, PEER, HELLO, 0, HELLO.length)).isTrue();
        assertThat(onlyRequest(allocation).method()).as("still a Send indication before the bind succeeds").isEqualTo(StunMethod.SEND);

        receive(allocation, T0, server.success(bind));
        byte[] framed = "xhellox".getBytes(StandardCharsets.US_ASCII);
        assertThat(allocation.send(T0, PEER, framed, 1, 5)).isTrue();
        byte[] channelData = allocation.pollTransmit().orElseThrow();
        assertThat(channelData).as("unpadded on UDP").hasSize(4 + 5);
        assertThat(channelData).isEqualTo(TurnScriptedServer.channelData(0x4000, HELLO, false));

        // Another port of the same address has the permission but not the channel.
        InetSocketAddress otherPort = new InetSocketAddress(PEER.getAddress(), PEER.getPort() + 1);
        assertThat(allocation.send(T0, otherPort, HELLO, 0, HELLO.length)).isTrue();
        assertThat(onlyRequest(allocation).method()).isEqualTo(StunMethod.SEND);
        assertThat(allocation.stats().sendIndicationsOut()).isEqualTo(3);
        assertThat(allocation.stats().channelDataOut()).isEqualTo(1);
    }

    @Test
    void deliversDataIndicationsAndChannelDataFromPeers() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.bindChannel(T0, PEER);
        for (StunMessage r : drainRequests(allocation)) {
            receive(allocation, T0, server.success(r));
        }
        drainEvents(allocation);

        InetSocketAddress otherPort = new InetSocketAddress(PEER.getAddress(), 9999);
        receive(allocation, T0, server.dataIndication(otherPort, HELLO));
        receive(allocation, T0, TurnScriptedServer.channelData(0x4000, "world".getBytes(StandardCharsets.US_ASCII), true));

        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Data(otherPort, HELLO),
                new TurnEvent.Data(PEER, "world".getBytes(StandardCharsets.US_ASCII)));
        assertThat(allocation.stats().dataIndicationsIn()).isEqualTo(1);
        assertThat(allocation.stats().channelDataIn()).isEqualTo(1);
    }

    @Test
    void closeDeletesTheAllocationWithLifetimeZero() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.createPermission(T0, PEER.getAddress());
        drainTransmits(allocation);

        allocation.close(T0.plusSeconds(1));
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.CLOSING);
        StunMessage refresh = onlyRequest(allocation);
        assertThat(refresh.type()).isEqualTo(type(StunMethod.REFRESH));
        assertThat(refresh.uint32(StunAttributeType.LIFETIME)).hasValue(0);
        server.assertSigned(refresh);
        assertThat(allocation.send(T0, PEER, HELLO, 0, HELLO.length)).isFalse();

        receive(allocation, T0.plusSeconds(1), server.refreshed(refresh, Duration.ZERO));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Closed());
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.CLOSED);
        assertThat(allocation.pollTimeout()).isEmpty();

        allocation.close(T0.plusSeconds(2));
        allocation.createPermission(T0.plusSeconds(2), PEER.getAddress());
        allocation.handleTimeout(T0.plusSeconds(3600));
        assertThat(drainTransmits(allocation)).isEmpty();
        assertThat(drainEvents(allocation)).isEmpty();
    }

    @Test
    void aStaleNonceOnCloseIsAnsweredToo() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.close(T0);
        receive(allocation, T0, server.staleNonce(onlyRequest(allocation), "nonce-3"));
        StunMessage again = onlyRequest(allocation);
        assertThat(again.uint32(StunAttributeType.LIFETIME)).hasValue(0);
        server.assertSigned(again);
        receive(allocation, T0, server.refreshed(again, Duration.ZERO));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Closed());
    }

    @Test
    void closeBeforeTheAllocationExistsJustEnds() {
        allocation.close(T0);
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Closed());
        assertThat(allocation.state()).isEqualTo(TurnAllocation.State.CLOSED);
        assertThatThrownBy(() -> allocation.start(T0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("expected: NEW");

        TurnAllocation allocating = TurnScriptedServer.udpAllocation();
        allocating.start(T0);
        StunMessage first = onlyRequest(allocating);
        allocating.close(T0);
        assertThat(allocating.pollTimeout()).as("the Allocate is abandoned").isEmpty();
        receive(allocating, T0, server.challenge(first));
        assertThat(drainTransmits(allocating)).isEmpty();
        assertThat(drainEvents(allocating)).containsExactly(new TurnEvent.Closed());
    }

    @Test
    void dontFragmentIsDroppedWhenTheServerDoesNotKnowIt() {
        TurnAllocation a = new TurnAllocation(TurnScriptedServer.SERVER, TurnServerUrl.Transport.UDP, "alice", "wonderland",
                new java.util.Random(1), TurnConfig.DEFAULT.withDontFragment(true));
        a.start(T0);
        StunMessage first = onlyRequest(a);
        assertThat(first.contains(StunAttributeType.DONT_FRAGMENT)).isTrue();
        receive(a, T0, StunMessageBuilder.errorResponseTo(first, 420)
                .add(new StunAttribute.UnknownAttributes(List.of(StunAttributeType.DONT_FRAGMENT))).encode());
        StunMessage second = onlyRequest(a);
        assertThat(second.type()).isEqualTo(type(StunMethod.ALLOCATE));
        assertThat(second.contains(StunAttributeType.DONT_FRAGMENT)).isFalse();
        assertThat(a.state()).isEqualTo(TurnAllocation.State.ALLOCATING);
    }

    @Test
    void limitsPermissionsAndChannels() {
        TurnAllocation a = new TurnAllocation(TurnScriptedServer.SERVER, TurnServerUrl.Transport.UDP, "alice", "wonderland",
                new java.util.Random(1), TurnConfig.DEFAULT.withLimits(2, 1));
        server.allocate(a, T0, TEN_MINUTES);
        a.createPermission(T0, PEER.getAddress());
        a.createPermission(T0, PEER.getAddress());
        a.bindChannel(T0, OTHER_PEER);
        assertThat(a.permissionCount()).isEqualTo(2);
        assertThatThrownBy(() -> a.createPermission(T0, TurnScriptedServer.address("203.0.113.77", 1).getAddress()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected: at most 2");
        assertThatThrownBy(() -> a.bindChannel(T0, PEER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected: at most 1");
    }

    @Test
    void timeGoingBackwardsIsIgnored() {
        server.allocate(allocation, T0.plusSeconds(100), TEN_MINUTES);
        allocation.handleTimeout(T0);
        allocation.createPermission(T0, PEER.getAddress());
        StunMessage create = onlyRequest(allocation);
        receive(allocation, T0, server.success(create));
        // Counted from the latest time seen, not the stale one passed in.
        assertThat(allocation.pollTimeout()).contains(T0.plusSeconds(100 + 240));
    }

    @Test
    void refusesDataItCannotCarry() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.createPermission(T0, PEER.getAddress());
        byte[] big = new byte[TurnAllocation.MAX_DATA_LENGTH + 1];
        assertThatThrownBy(() -> allocation.send(T0, PEER, big, 0, big.length)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> allocation.send(T0, PEER, HELLO, 3, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(allocation.send(T0, PEER, big, 0, TurnAllocation.MAX_DATA_LENGTH)).isTrue();
        drainTransmits(allocation).forEach(TurnScriptedServer::decode);
    }

    @Test
    void theTransmitQueueIsBounded() {
        TurnAllocation a = new TurnAllocation(TurnScriptedServer.SERVER, TurnServerUrl.Transport.UDP, "alice", "wonderland",
                new java.util.Random(1), TurnConfig.DEFAULT.withQueueLimits(16, 4));
        server.allocate(a, T0, TEN_MINUTES);
        a.createPermission(T0, PEER.getAddress());
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            accepted += a.send(T0, PEER, HELLO, 0, HELLO.length) ? 1 : 0;
        }
        assertThat(accepted).as("one slot is taken by the CreatePermission").isEqualTo(3);
        assertThat(a.stats().droppedQueueFull()).isEqualTo(7);
        drainTransmits(a);
        assertThat(a.send(T0, PEER, HELLO, 0, HELLO.length)).isTrue();
    }

    @Test
    void buildsFromATurnUrl() throws IceException {
        TurnServerUrl url = TurnServerUrl.parse("turn:192.0.2.1?transport=tcp", "alice", "wonderland");
        TurnAllocation a = TurnAllocation.of(url, url.address(), new java.util.Random(1));
        assertThat(a.transport()).isEqualTo(TurnServerUrl.Transport.TCP);
        assertThat(a.server()).isEqualTo(TurnScriptedServer.SERVER);
        assertThatThrownBy(() -> TurnAllocation.of(TurnServerUrl.parse("stun:192.0.2.1", null, null), TurnScriptedServer.SERVER,
                new java.util.Random(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedChannelBindFallsBackToSendIndications() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.bindChannel(T0, PEER);
        List<StunMessage> requests = drainRequests(allocation);
        receive(allocation, T0, server.success(requests.get(0)));
        receive(allocation, T0, server.error(requests.get(1), 400));

        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.PermissionCreated(PEER.getAddress()),
                new TurnEvent.ChannelBindFailed(PEER, 0x4000, "ChannelBind 0x4000 to " + PEER + " failed: 400 Bad Request", 400));
        assertThat(allocation.channelCount()).isZero();
        assertThat(allocation.send(T0, PEER, HELLO, 0, HELLO.length)).isTrue();
        assertThat(onlyRequest(allocation).method()).isEqualTo(StunMethod.SEND);
        // ChannelData on the failed number is no longer this client's.
        receive(allocation, T0, TurnScriptedServer.channelData(0x4000, HELLO, false));
        assertThat(allocation.stats().droppedUnknownChannel()).isEqualTo(1);
    }

    @Test
    void channelDataMayOvertakeTheSuccessOfItsBind() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.bindChannel(T0, PEER);
        drainTransmits(allocation);
        receive(allocation, T0, TurnScriptedServer.channelData(0x4000, HELLO, false));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.Data(PEER, HELLO));
    }

    @Test
    void anUnansweredPermissionRefreshIsRetriedWhileThePermissionLasts() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.createPermission(T0, PEER.getAddress());
        receive(allocation, T0, server.success(onlyRequest(allocation)));
        drainEvents(allocation);

        Set<TransactionId> creates = new HashSet<>();
        Instant now = T0;
        while (allocation.permissionCount() > 0) {
            now = allocation.pollTimeout().orElseThrow();
            allocation.handleTimeout(now);
            for (StunMessage r : drainRequests(allocation)) {
                assertThat(r.method()).isEqualTo(StunMethod.CREATE_PERMISSION);
                creates.add(r.transactionId());
            }
        }
        // Sent at 240 s and unanswered for 39.5 s, still inside the 300 s, so sent anew; that one
        // times out at 319 s, past the permission's end: reported and forgotten.
        assertThat(creates).hasSize(2);
        assertThat(now).isEqualTo(T0.plusMillis(240_000 + 2 * 39_500));
        assertThat(drainEvents(allocation)).containsExactly(
                new TurnEvent.PermissionFailed(PEER.getAddress(), "CreatePermission for 203.0.113.5 timed out", 0));
    }

    @Test
    void aStaleNonceOnCreatePermissionIsAnswered() {
        server.allocate(allocation, T0, TEN_MINUTES);
        allocation.createPermission(T0, PEER.getAddress());
        receive(allocation, T0, server.staleNonce(onlyRequest(allocation), "nonce-9"));
        StunMessage again = onlyRequest(allocation);
        assertThat(again.method()).isEqualTo(StunMethod.CREATE_PERMISSION);
        server.assertSigned(again);
        receive(allocation, T0, server.success(again));
        assertThat(drainEvents(allocation)).containsExactly(new TurnEvent.PermissionCreated(PEER.getAddress()));
    }
}
