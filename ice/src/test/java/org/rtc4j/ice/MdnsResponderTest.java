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
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

class MdnsResponderTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final InetSocketAddress QUERIER = new InetSocketAddress(address("192.0.2.9"), 5353);
    private static final InetSocketAddress QUERIER6 = new InetSocketAddress(address("fd00::9"), 5353);
    private static final InetAddress HOST = address("192.0.2.2");
    private static final InetAddress HOST6 = address("fd00::2");

    private final MdnsResponder responder = new MdnsResponder(MdnsResponder.Config.DEFAULT.withAnnouncements(0, Duration.ofSeconds(1)));
    private String name;

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

    @BeforeEach
    void register() {
        name = responder.register(HOST, new SplittableRandom(1));
    }

    private static Datagram query(InetSocketAddress from, int id, boolean qu, String name, int type) {
        byte[] wire = DnsMessage.query(id, List.of(new DnsMessage.Question(name, type, DnsMessage.CLASS_IN, qu))).encode();
        return new Datagram(from, Mdns.IPV4_GROUP, wire);
    }

    private List<Transmit> transmits(MdnsResponder r) {
        List<Transmit> out = new ArrayList<>();
        for (Optional<Transmit> t = r.pollTransmit(); t.isPresent(); t = r.pollTransmit()) {
            out.add(t.get());
        }
        return out;
    }

    private List<Transmit> transmits() {
        return transmits(responder);
    }

    @Test
    void registerReturnsAFreshLowerCaseUuidV4LocalNameAndReusesItPerAddress() {
        assertThat(name).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.local");
        assertThat(responder.register(HOST, new SplittableRandom(2))).isEqualTo(name);
        String other = responder.register(HOST6, new SplittableRandom(1));
        assertThat(other).isNotEqualTo(name).endsWith(".local");
        assertThat(responder.registrations()).containsExactly(
                org.assertj.core.api.Assertions.entry(name, HOST), org.assertj.core.api.Assertions.entry(other, HOST6));
        assertThat(Mdns.isLocalName(name)).isTrue();
    }

    @Test
    void registrationsAreBoundedAndOnlyUnicastAddressesAreAccepted() {
        MdnsResponder small = new MdnsResponder(MdnsResponder.Config.DEFAULT.withMaxRegistrations(1));
        small.register(HOST, new SplittableRandom(1));

        assertThatThrownBy(() -> small.register(HOST6, new SplittableRandom(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> responder.register(address("0.0.0.0"), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> responder.register(address("224.0.0.251"), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersAnAQueryToTheGroupWithCacheFlushAndTtl120() throws Exception {
        responder.handleReceive(T0, query(QUERIER, 0, false, name, DnsMessage.TYPE_A));

        List<Transmit> sent = transmits();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).destination()).isEqualTo(Mdns.IPV4_GROUP);
        assertThat(sent.get(0).source()).isNull();
        DnsMessage response = DnsMessage.decode(sent.get(0).data());
        assertThat(response.isResponse()).isTrue();
        assertThat(response.flags() & DnsMessage.FLAG_AUTHORITATIVE).isNotZero();
        assertThat(response.id()).isZero();
        assertThat(response.questions()).isEmpty();
        assertThat(response.answers()).containsExactly(new DnsMessage.AddressRecord(name, HOST, true, 120));
        assertThat(responder.stats().multicastAnswers()).isEqualTo(1);
    }

    @Test
    void aQueryFromIpv6IsAnsweredOnTheIpv6GroupAndAaaaRecordsServeIpv6Names() throws Exception {
        String v6 = responder.register(HOST6, new SplittableRandom(3));

        responder.handleReceive(T0, query(QUERIER6, 0, false, v6, DnsMessage.TYPE_AAAA));

        Transmit t = transmits().get(0);
        assertThat(t.destination()).isEqualTo(Mdns.IPV6_GROUP);
        assertThat(DnsMessage.decode(t.data()).answers()).containsExactly(new DnsMessage.AddressRecord(v6, HOST6, true, 120));
    }

    @Test
    void theQuBitGetsAUnicastAnswer() throws Exception {
        responder.handleReceive(T0, query(QUERIER, 0, true, name.toUpperCase(), DnsMessage.TYPE_ANY));

        Transmit t = transmits().get(0);
        assertThat(t.destination()).isEqualTo(QUERIER);
        assertThat(DnsMessage.decode(t.data()).answers()).containsExactly(new DnsMessage.AddressRecord(name, HOST, true, 120));
        assertThat(responder.stats().unicastAnswers()).isEqualTo(1);
    }

    @Test
    void aLegacyUnicastQueryGetsItsIdAndQuestionBackWithTtl10AndNoCacheFlush() throws Exception {
        InetSocketAddress legacy = new InetSocketAddress(address("192.0.2.9"), 41000);
        String asked = name.toUpperCase();

        responder.handleReceive(T0, query(legacy, 0xBEEF, false, asked, DnsMessage.TYPE_A));

        Transmit t = transmits().get(0);
        assertThat(t.destination()).isEqualTo(legacy);
        DnsMessage response = DnsMessage.decode(t.data());
        assertThat(response.id()).isEqualTo(0xBEEF);
        assertThat(response.questions()).containsExactly(new DnsMessage.Question(asked, DnsMessage.TYPE_A, DnsMessage.CLASS_IN, false));
        assertThat(response.answers()).containsExactly(new DnsMessage.AddressRecord(name, HOST, false, 10));
        assertThat(responder.stats().legacyAnswers()).isEqualTo(1);
    }

    @Test
    void otherNamesOtherTypesOtherClassesAndResponsesAreIgnored() {
        responder.handleReceive(T0, query(QUERIER, 0, false, "someone-else.local", DnsMessage.TYPE_A));
        responder.handleReceive(T0, query(QUERIER, 0, false, name, DnsMessage.TYPE_AAAA));
        responder.handleReceive(T0, query(QUERIER, 0, false, name, 16));
        byte[] chaos = DnsMessage.query(0, List.of(new DnsMessage.Question(name, DnsMessage.TYPE_A, 3, false))).encode();
        responder.handleReceive(T0, new Datagram(QUERIER, null, chaos));
        byte[] response = DnsMessage.response(0, List.of(new DnsMessage.Question(name, 1, 1, false)), List.of()).encode();
        responder.handleReceive(T0, new Datagram(QUERIER, null, response));
        byte[] opcode = new DnsMessage(0, 2 << 11, List.of(new DnsMessage.Question(name, 1, 1, false)), List.of(), List.of()).encode();
        responder.handleReceive(T0, new Datagram(QUERIER, null, opcode));

        assertThat(transmits()).isEmpty();
        assertThat(responder.stats().ignored()).isEqualTo(6);
    }

    @Test
    void multicastAnswersAreLimitedToOneASecondPerGroup() {
        responder.handleReceive(T0, query(QUERIER, 0, false, name, DnsMessage.TYPE_A));
        responder.handleReceive(at(999), query(QUERIER, 0, false, name, DnsMessage.TYPE_A));
        assertThat(transmits()).hasSize(1);
        assertThat(responder.stats().rateLimited()).isEqualTo(1);

        responder.handleReceive(at(999), query(QUERIER, 0, true, name, DnsMessage.TYPE_A));
        responder.handleReceive(at(999), query(QUERIER6, 0, false, name, DnsMessage.TYPE_A));
        responder.handleReceive(at(1000), query(QUERIER, 0, false, name, DnsMessage.TYPE_A));

        assertThat(transmits()).extracting(Transmit::destination).containsExactly(QUERIER, Mdns.IPV6_GROUP, Mdns.IPV4_GROUP);
    }

    @Test
    void knownAnswersWithHalfTheTtlLeftSuppressTheAnswer() {
        byte[] known60 = new DnsMessage(0, 0, List.of(new DnsMessage.Question(name, 1, 1, false)),
                List.of(new DnsMessage.AddressRecord(name, HOST, true, 60)), List.of()).encode();
        byte[] known59 = new DnsMessage(0, 0, List.of(new DnsMessage.Question(name, 1, 1, false)),
                List.of(new DnsMessage.AddressRecord(name, HOST, true, 59)), List.of()).encode();

        responder.handleReceive(T0, new Datagram(QUERIER, null, known60));
        assertThat(transmits()).isEmpty();
        assertThat(responder.stats().knownAnswersSuppressed()).isEqualTo(1);

        responder.handleReceive(T0, new Datagram(QUERIER, null, known59));
        assertThat(transmits()).hasSize(1);
    }

    @Test
    void registrationAnnouncesTwiceOneSecondApart() throws Exception {
        MdnsResponder announcing = new MdnsResponder();
        announcing.handleTimeout(T0);
        String n = announcing.register(HOST, new SplittableRandom(5));
        assertThat(announcing.pollTransmit()).isEmpty();
        assertThat(announcing.pollTimeout()).contains(T0);

        announcing.handleTimeout(at(3));
        Transmit first = announcing.pollTransmit().orElseThrow();
        assertThat(first.destination()).isEqualTo(Mdns.IPV4_GROUP);
        DnsMessage m = DnsMessage.decode(first.data());
        assertThat(m.isResponse()).isTrue();
        assertThat(m.answers()).containsExactly(new DnsMessage.AddressRecord(n, HOST, true, 120));
        assertThat(announcing.pollTimeout()).contains(at(1003));

        announcing.handleTimeout(at(1003));
        assertThat(announcing.pollTransmit()).isPresent();
        assertThat(announcing.pollTimeout()).isEmpty();
        announcing.handleTimeout(at(5000));
        assertThat(announcing.pollTransmit()).isEmpty();
        assertThat(announcing.stats().announcements()).isEqualTo(2);
    }

    @Test
    void aRegistrationBeforeAnyTimeIsDueAtTheEpoch() {
        MdnsResponder fresh = new MdnsResponder(MdnsResponder.Config.DEFAULT.withGroups(List.of(Mdns.IPV4_GROUP, Mdns.IPV6_GROUP)));
        fresh.register(HOST, new SplittableRandom(5));

        assertThat(fresh.pollTimeout()).contains(Instant.EPOCH);
        fresh.handleTimeout(T0);
        assertThat(transmits(fresh)).extracting(Transmit::destination).containsExactly(Mdns.IPV4_GROUP, Mdns.IPV6_GROUP);
    }

    @Test
    void unregisterSendsAGoodbyeAndStopsAnswering() throws Exception {
        assertThat(responder.unregister(name.toUpperCase())).isTrue();
        Transmit goodbye = transmits().get(0);
        assertThat(DnsMessage.decode(goodbye.data()).answers()).containsExactly(new DnsMessage.AddressRecord(name, HOST, true, 0));

        responder.handleReceive(T0, query(QUERIER, 0, false, name, DnsMessage.TYPE_A));

        assertThat(transmits()).isEmpty();
        assertThat(responder.unregister(name)).isFalse();
    }

    @Test
    void queuedTransmitsAreBounded() {
        MdnsResponder small = new MdnsResponder(MdnsResponder.Config.DEFAULT.withMaxQueuedTransmits(2).withAnnouncements(0, Duration.ofSeconds(1)));
        String n = small.register(HOST, new SplittableRandom(1));

        for (int i = 0; i < 5; i++) {
            small.handleReceive(T0, query(new InetSocketAddress(HOST, 40000 + i), i, false, n, DnsMessage.TYPE_A));
        }

        assertThat(transmits(small)).hasSize(2);
        assertThat(small.stats().dropped()).isEqualTo(3);
    }

    @Test
    void malformedDatagramsAreCountedAndDropped() {
        responder.handleReceive(T0, new Datagram(QUERIER, null, new byte[0]));
        responder.handleReceive(T0, new Datagram(QUERIER, null, new byte[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1}));

        assertThat(transmits()).isEmpty();
        assertThat(responder.stats().malformed()).isEqualTo(2);
    }

    /** Seeded mutations of a query for our name, from both kinds of source port: nothing may throw. */
    @Test
    void mutatedQueriesNeverThrowOutOfHandleReceive() {
        MdnsResponder r = new MdnsResponder(MdnsResponder.Config.DEFAULT.withMaxQueuedTransmits(1_000_000));
        String n = r.register(HOST, new SplittableRandom(1));
        byte[] ours = new DnsMessage(7, 0, List.of(new DnsMessage.Question(n, 1, 1, true),
                new DnsMessage.Question(n, 255, 255, false)),
                List.of(new DnsMessage.AddressRecord(n, HOST, true, 10)), List.of()).encode();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] m = java.util.Arrays.copyOf(ours, 1 + random.nextInt(ours.length + 8));
            for (int j = random.nextInt(1, 5); j > 0; j--) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            InetSocketAddress from = new InetSocketAddress(HOST, random.nextBoolean() ? 5353 : 40000);
            r.handleReceive(at(i * 1000L), new Datagram(from, null, m));
        }
        for (Transmit t = r.pollTransmit().orElse(null); t != null; t = r.pollTransmit().orElse(null)) {
            assertThat(t.data().length).isLessThanOrEqualTo(DnsMessage.MAX_MESSAGE_SIZE);
        }
        assertThat(r.stats().malformed()).isPositive();
        assertThat(r.stats().multicastAnswers() + r.stats().unicastAnswers() + r.stats().legacyAnswers()).isPositive();
    }
}
