package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

class MdnsResolverTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final String NAME = "0b8e7a6c-1d2f-4a3b-9c8d-7e6f5a4b3c2d.local";
    private static final InetSocketAddress PEER = new InetSocketAddress(address("192.0.2.7"), 5353);

    private final MdnsResolver resolver = new MdnsResolver();

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static Datagram answer(InetSocketAddress from, String name, String address, long ttl) {
        byte[] wire = DnsMessage.response(0, List.of(), List.of(
                new DnsMessage.AddressRecord(name, address(address), true, ttl))).encode();
        return new Datagram(from, Mdns.IPV4_GROUP, wire);
    }

    private List<Transmit> transmits() {
        List<Transmit> out = new ArrayList<>();
        for (Optional<Transmit> t = resolver.pollTransmit(); t.isPresent(); t = resolver.pollTransmit()) {
            out.add(t.get());
        }
        return out;
    }

    private List<MdnsEvent> events() {
        List<MdnsEvent> out = new ArrayList<>();
        for (Optional<MdnsEvent> e = resolver.pollEvent(); e.isPresent(); e = resolver.pollEvent()) {
            out.add(e.get());
        }
        return out;
    }

    @Test
    void resolveSendsOneQueryWithAAndAaaaQuestionsToTheIpv4Group() throws Exception {
        resolver.resolve(T0, NAME);

        List<Transmit> sent = transmits();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).destination()).isEqualTo(new InetSocketAddress("224.0.0.251", 5353));
        assertThat(sent.get(0).source()).isNull();
        DnsMessage query = DnsMessage.decode(sent.get(0).data());
        assertThat(query.isResponse()).isFalse();
        assertThat(query.id()).isZero();
        assertThat(query.questions()).containsExactly(
                new DnsMessage.Question(NAME, DnsMessage.TYPE_A, DnsMessage.CLASS_IN, false),
                new DnsMessage.Question(NAME, DnsMessage.TYPE_AAAA, DnsMessage.CLASS_IN, false));
        assertThat(resolver.isPending(NAME)).isTrue();
        assertThat(events()).isEmpty();
    }

    @Test
    void configuredGroupsAndTheQuBitAreUsed() throws Exception {
        MdnsResolver both = new MdnsResolver(MdnsResolver.Config.DEFAULT
                .withGroups(List.of(Mdns.IPV4_GROUP, Mdns.IPV6_GROUP)).withUnicastResponse(true));

        both.resolve(T0, NAME);

        Transmit v4 = both.pollTransmit().orElseThrow();
        Transmit v6 = both.pollTransmit().orElseThrow();
        assertThat(v4.destination()).isEqualTo(Mdns.IPV4_GROUP);
        assertThat(v6.destination()).isEqualTo(new InetSocketAddress("ff02::fb", 5353));
        assertThat(v4.data()).isNotSameAs(v6.data()).isEqualTo(v6.data());
        assertThat(DnsMessage.decode(v4.data()).questions()).allMatch(DnsMessage.Question::unicastResponse);
        assertThat(both.stats().queriesSent()).isEqualTo(2);
    }

    @Test
    void anAnswerResolvesTheNameOnce() {
        resolver.resolve(T0, NAME);
        transmits();

        resolver.handleReceive(at(20), answer(PEER, NAME, "192.0.2.7", 120));
        resolver.handleReceive(at(21), answer(PEER, NAME, "192.0.2.7", 120));

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(NAME, address("192.0.2.7")));
        assertThat(resolver.isPending(NAME)).isFalse();
        assertThat(resolver.pollTimeout()).isEmpty();
        assertThat(resolver.stats().resolved()).isEqualTo(1);
    }

    @Test
    void anAaaaAnswerResolvesToAnIpv6Address() {
        resolver.resolve(T0, NAME);

        resolver.handleReceive(at(5), answer(PEER, NAME, "fd00::7", 120));

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(NAME, address("fd00::7")));
    }

    @Test
    void namesMatchCaseInsensitivelyAndTheEventKeepsTheCallersSpelling() {
        String upper = NAME.toUpperCase();
        resolver.resolve(T0, upper + ".");
        resolver.resolve(T0, NAME);
        assertThat(transmits()).hasSize(1);

        resolver.handleReceive(at(5), answer(PEER, NAME.replace("local", "LoCaL"), "192.0.2.7", 120));

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(upper + ".", address("192.0.2.7")));
    }

    @Test
    void answersInTheAdditionalSectionCount() {
        resolver.resolve(T0, NAME);
        byte[] wire = new DnsMessage(0, DnsMessage.FLAG_RESPONSE, List.of(), List.of(), List.of(
                new DnsMessage.AddressRecord(NAME, address("192.0.2.9"), true, 120))).encode();

        resolver.handleReceive(at(5), new Datagram(PEER, null, wire));

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(NAME, address("192.0.2.9")));
    }

    @Test
    void retransmitsAfterOneSecondAndFailsAfterThree() {
        resolver.resolve(T0, NAME);
        assertThat(transmits()).hasSize(1);
        assertThat(resolver.pollTimeout()).contains(at(1000));

        resolver.handleTimeout(at(999));
        assertThat(transmits()).isEmpty();
        resolver.handleTimeout(at(1000));
        assertThat(transmits()).hasSize(1);
        assertThat(resolver.pollTimeout()).contains(at(3000));

        resolver.handleTimeout(at(2999));
        assertThat(events()).isEmpty();
        resolver.handleTimeout(at(3000));
        assertThat(events()).containsExactly(new MdnsEvent.Failed(NAME));
        assertThat(transmits()).isEmpty();
        assertThat(resolver.pollTimeout()).isEmpty();
        assertThat(resolver.stats().timedOut()).isEqualTo(1);
        assertThat(resolver.stats().queriesSent()).isEqualTo(2);
    }

    @Test
    void aConfiguredScheduleIsFollowedAndALateTimerSendsOnlyOnce() {
        MdnsResolver custom = new MdnsResolver(MdnsResolver.Config.DEFAULT.withSchedule(
                List.of(Duration.ofMillis(250), Duration.ofMillis(750), Duration.ofMillis(1750)), Duration.ofSeconds(5)));
        custom.resolve(T0, NAME);
        custom.pollTransmit().orElseThrow();
        List<Instant> deadlines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant due = custom.pollTimeout().orElseThrow();
            deadlines.add(due);
            custom.handleTimeout(due);
            assertThat(custom.pollTransmit()).isPresent();
            assertThat(custom.pollTransmit()).isEmpty();
        }
        assertThat(deadlines).containsExactly(at(250), at(750), at(1750));
        assertThat(custom.pollTimeout()).contains(at(5000));

        MdnsResolver late = new MdnsResolver(custom.config());
        late.resolve(T0, NAME);
        late.pollTransmit();
        late.handleTimeout(at(1000));
        assertThat(late.pollTransmit()).isPresent();
        assertThat(late.pollTransmit()).isEmpty();
        assertThat(late.pollTimeout()).contains(at(1750));
    }

    @Test
    void spuriousTimeoutsAndTimeGoingBackwardsAreHarmless() {
        resolver.handleTimeout(T0);
        resolver.resolve(at(500), NAME);
        transmits();

        resolver.handleTimeout(at(100));
        resolver.handleTimeout(at(700));

        assertThat(transmits()).isEmpty();
        assertThat(events()).isEmpty();
        assertThat(resolver.pollTimeout()).contains(at(1500));
    }

    @Test
    void positiveAnswersAreCachedForTheirTtl() {
        resolver.resolve(T0, NAME);
        resolver.handleReceive(at(10), answer(PEER, NAME, "192.0.2.7", 60));
        events();
        transmits();

        resolver.resolve(at(59_000), NAME.toUpperCase());
        assertThat(transmits()).isEmpty();
        assertThat(events()).containsExactly(new MdnsEvent.Resolved(NAME.toUpperCase(), address("192.0.2.7")));
        assertThat(resolver.stats().cacheHits()).isEqualTo(1);

        resolver.resolve(at(60_010), NAME);
        assertThat(transmits()).hasSize(1);
        assertThat(events()).isEmpty();
    }

    @Test
    void cachedTtlsAreCappedAndGoodbyesRemoveTheEntry() {
        resolver.resolve(T0, NAME);
        resolver.handleReceive(at(0), answer(PEER, NAME, "192.0.2.7", 86_400));
        resolver.resolve(at(120_000), NAME);
        assertThat(resolver.isPending(NAME)).isTrue();
        resolver.handleReceive(at(120_001), answer(PEER, NAME, "192.0.2.7", 120));
        events();
        transmits();

        resolver.handleReceive(at(121_000), answer(PEER, NAME, "192.0.2.7", 0));
        resolver.resolve(at(121_001), NAME);

        assertThat(transmits()).hasSize(1);
        assertThat(events()).isEmpty();
    }

    @Test
    void aCacheFlushAnswerForACachedNameReplacesTheAddress() {
        resolver.resolve(T0, NAME);
        resolver.handleReceive(at(0), answer(PEER, NAME, "192.0.2.7", 120));
        events();

        resolver.handleReceive(at(10), answer(PEER, NAME, "192.0.2.8", 120));
        resolver.resolve(at(20), NAME);

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(NAME, address("192.0.2.8")));
    }

    @Test
    void unsolicitedAnswersAreNotCached() {
        resolver.handleReceive(T0, answer(PEER, NAME, "192.0.2.7", 120));

        resolver.resolve(at(1), NAME);

        assertThat(transmits()).hasSize(1);
        assertThat(events()).isEmpty();
    }

    @Test
    void theCacheIsBoundedAndEvictsTheLeastRecentlyUsed() {
        MdnsResolver small = new MdnsResolver(MdnsResolver.Config.DEFAULT.withCache(2, Duration.ofSeconds(120)));
        for (String n : List.of("a.local", "b.local", "c.local")) {
            small.resolve(T0, n);
            small.handleReceive(T0, answer(PEER, n, "192.0.2.1", 120));
        }
        while (small.pollEvent().isPresent() || small.pollTransmit().isPresent()) {
            // drain
        }

        small.resolve(at(1), "a.local");
        small.resolve(at(1), "c.local");

        assertThat(small.isPending("a.local")).isTrue();
        assertThat(small.isPending("c.local")).isFalse();
        assertThat(small.stats().cacheHits()).isEqualTo(1);
    }

    @Test
    void pendingNamesAreBoundedAndTheSurplusFailsAtOnce() {
        for (int i = 0; i < 32; i++) {
            resolver.resolve(T0, "n" + i + ".local");
        }
        assertThat(transmits()).hasSize(32);

        resolver.resolve(T0, "one-too-many.local");

        assertThat(events()).containsExactly(new MdnsEvent.Failed("one-too-many.local"));
        assertThat(transmits()).isEmpty();
        assertThat(resolver.stats().refused()).isEqualTo(1);
    }

    @Test
    void namesOutsideLocalAreRefused() {
        for (String bad : List.of("example.com", "local", ".local", "a..local", "x.local.com", "a b.local",
                "x".repeat(64) + ".local")) {
            assertThatThrownBy(() -> resolver.resolve(T0, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> resolver.resolve(T0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(transmits()).isEmpty();
    }

    @Test
    void responsesFromAPortOtherThan5353AreDropped() {
        resolver.resolve(T0, NAME);

        resolver.handleReceive(at(1), answer(new InetSocketAddress(PEER.getAddress(), 40000), NAME, "192.0.2.7", 120));

        assertThat(events()).isEmpty();
        assertThat(resolver.stats().wrongSourcePort()).isEqualTo(1);
    }

    @Test
    void malformedInputQueriesAndErrorsAreCountedAndChangeNothing() {
        resolver.resolve(T0, NAME);
        byte[] query = DnsMessage.query(0, List.of(new DnsMessage.Question(NAME, 1, 1, false))).encode();
        byte[] error = new DnsMessage(0, DnsMessage.FLAG_RESPONSE | 3, List.of(), List.of(
                new DnsMessage.AddressRecord(NAME, address("192.0.2.66"), true, 120)), List.of()).encode();

        resolver.handleReceive(at(1), new Datagram(PEER, null, new byte[] {1, 2, 3}));
        resolver.handleReceive(at(1), new Datagram(PEER, null, new byte[] {0, 0, (byte) 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, (byte) 0xC0, 12}));
        resolver.handleReceive(at(1), new Datagram(PEER, null, query));
        resolver.handleReceive(at(1), new Datagram(PEER, null, error));

        assertThat(events()).isEmpty();
        assertThat(resolver.isPending(NAME)).isTrue();
        assertThat(resolver.stats().malformed()).isEqualTo(2);
        assertThat(resolver.stats().ignored()).isEqualTo(2);
        resolver.handleReceive(at(2), answer(PEER, NAME, "192.0.2.7", 120));
        assertThat(events()).containsExactly(new MdnsEvent.Resolved(NAME, address("192.0.2.7")));
    }

    @Test
    void configRejectsSchedulesThatMakeNoSense() {
        MdnsResolver.Config d = MdnsResolver.Config.DEFAULT;
        assertThatThrownBy(() -> d.withSchedule(List.of(Duration.ofSeconds(3)), Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the timeout");
        assertThatThrownBy(() -> d.withSchedule(List.of(Duration.ofSeconds(2), Duration.ofSeconds(1)), Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withGroups(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxPending(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.withSchedule(List.of(), Duration.ofMillis(500)).retransmissions()).isEmpty();
    }
}
