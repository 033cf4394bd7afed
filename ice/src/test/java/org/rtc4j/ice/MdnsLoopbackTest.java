package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.Datagram;

/** A resolver and responders on one simulated link: what an ICE agent sees of mDNS. */
class MdnsLoopbackTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final InetSocketAddress RESOLVER_5353 = new InetSocketAddress(address("192.0.2.1"), 5353);
    private static final InetSocketAddress RESOLVER_EPHEMERAL = new InetSocketAddress(address("192.0.2.1"), 50000);
    private static final InetSocketAddress RESPONDER = new InetSocketAddress(address("192.0.2.2"), 5353);
    private static final InetAddress HOST = address("192.0.2.2");
    private static final InetAddress HOST6 = address("fd00::2");

    private final MdnsTestPump pump = new MdnsTestPump(T0, Duration.ofMillis(2));
    private final MdnsResolver resolver = new MdnsResolver();
    private final MdnsResponder responder = new MdnsResponder();

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<MdnsEvent> events() {
        List<MdnsEvent> out = new ArrayList<>();
        for (Optional<MdnsEvent> e = resolver.pollEvent(); e.isPresent(); e = resolver.pollEvent()) {
            out.add(e.get());
        }
        return out;
    }

    @Test
    void theResolverFindsTheResponderOverMulticast() {
        pump.add(RESOLVER_5353, MdnsTestPump.of(resolver));
        pump.add(RESPONDER, MdnsTestPump.of(responder));
        SplittableRandom random = new SplittableRandom(11);
        String v4 = responder.register(HOST, random);
        String v6 = responder.register(HOST6, random);
        pump.runUntil(T0.plusSeconds(2));

        resolver.resolve(pump.now(), v4);
        resolver.resolve(pump.now(), v6.toUpperCase());
        pump.runUntil(pump.now().plusMillis(10));

        assertThat(events()).containsExactlyInAnyOrder(
                new MdnsEvent.Resolved(v4, HOST), new MdnsEvent.Resolved(v6.toUpperCase(), HOST6));
        assertThat(responder.stats().multicastAnswers()).isEqualTo(2);
        assertThat(responder.stats().ignored()).as("its own announcements and answers, looped back").isPositive();
        assertThat(resolver.stats().ignored()).as("its own queries, looped back").isEqualTo(2);
    }

    @Test
    void aResolverOnAnEphemeralPortGetsLegacyUnicastAnswers() {
        pump.add(RESOLVER_EPHEMERAL, MdnsTestPump.of(resolver));
        pump.add(RESPONDER, MdnsTestPump.of(responder));
        String name = responder.register(HOST, new SplittableRandom(12));

        resolver.resolve(T0, name);
        pump.runUntil(T0.plusMillis(10));

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(name, HOST));
        assertThat(responder.stats().legacyAnswers()).isEqualTo(1);
    }

    @Test
    void aLostQueryIsRecoveredByTheResendAfterOneSecond() {
        pump.add(RESOLVER_5353, MdnsTestPump.of(resolver));
        pump.add(RESPONDER, MdnsTestPump.of(responder));
        String name = responder.register(HOST, new SplittableRandom(13));
        pump.runUntil(T0.plusSeconds(2));
        Instant start = pump.now();
        boolean[] dropped = {false};
        pump.dropWhen(t -> {
            if (!dropped[0] && t.destination().equals(Mdns.IPV4_GROUP)) {
                try {
                    if (!DnsMessage.decode(t.data()).isResponse()) {
                        dropped[0] = true;
                        return true;
                    }
                } catch (DnsFormatException e) {
                    throw new AssertionError(e);
                }
            }
            return false;
        });

        resolver.resolve(start, name);
        pump.runUntil(start.plusMillis(999));
        assertThat(events()).isEmpty();
        pump.runUntil(start.plusMillis(1010));

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(name, HOST));
        assertThat(resolver.stats().queriesSent()).isEqualTo(2);
    }

    @Test
    void aQueryWithinASecondOfAMulticastAnswerIsAnsweredByTheResend() {
        MdnsResponder once = new MdnsResponder(MdnsResponder.Config.DEFAULT.withAnnouncements(1, Duration.ofSeconds(1)));
        pump.add(RESOLVER_5353, MdnsTestPump.of(resolver));
        pump.add(RESPONDER, MdnsTestPump.of(once));
        String name = once.register(HOST, new SplittableRandom(14));
        pump.runUntil(T0.plusMillis(500));

        resolver.resolve(pump.now(), name);
        pump.runUntil(T0.plusMillis(1400));
        assertThat(events()).isEmpty();
        assertThat(once.stats().rateLimited()).isEqualTo(1);
        pump.runUntil(T0.plusMillis(1600));

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(name, HOST));
    }

    @Test
    void withoutAResponderTheNameFailsAfterThreeSeconds() {
        pump.add(RESOLVER_5353, MdnsTestPump.of(resolver));
        pump.add(RESPONDER, MdnsTestPump.of(responder));

        resolver.resolve(T0, "3a1e0c4d-5b6f-4a7e-8d9c-0b1a2f3e4d5c.local");
        pump.runUntil(T0.plusMillis(2999));
        assertThat(events()).isEmpty();
        pump.runUntil(T0.plusSeconds(10));

        assertThat(events()).containsExactly(new MdnsEvent.Failed("3a1e0c4d-5b6f-4a7e-8d9c-0b1a2f3e4d5c.local"));
        assertThat(resolver.stats().queriesSent()).isEqualTo(2);
    }

    @Test
    void garbageOnTheLinkChangesNothing() {
        pump.add(RESOLVER_5353, MdnsTestPump.of(resolver));
        pump.add(RESPONDER, MdnsTestPump.of(responder));
        String name = responder.register(HOST, new SplittableRandom(15));
        pump.runUntil(T0.plusSeconds(2));
        SplittableRandom random = new SplittableRandom(16);
        InetSocketAddress attacker = new InetSocketAddress(address("192.0.2.66"), 5353);
        for (int i = 0; i < 1000; i++) {
            byte[] junk = new byte[random.nextInt(0, 600)];
            random.nextBytes(junk);
            resolver.handleReceive(pump.now(), new Datagram(attacker, Mdns.IPV4_GROUP, junk));
            responder.handleReceive(pump.now(), new Datagram(attacker, Mdns.IPV4_GROUP, junk));
        }

        resolver.resolve(pump.now(), name);
        pump.runUntil(pump.now().plusMillis(10));

        assertThat(events()).containsExactly(new MdnsEvent.Resolved(name, HOST));
        assertThat(resolver.stats().malformed()).isPositive();
        assertThat(responder.stats().malformed()).isPositive();
    }
}
