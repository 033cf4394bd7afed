package org.rtc4j.ice;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers mDNS queries for the {@code .local} names that hide our host candidates' addresses
 * (draft-ietf-mmusic-mdns-ice-candidates §3.1), as a sans-IO state machine.
 *
 * <p>{@link #register} gives a host address a fresh random name, {@code <UUID v4>.local}, as browsers
 * do; the name goes into the candidate instead of the address. The name is announced
 * ({@link Config#announcements()} unsolicited responses, {@link Config#announceInterval()} apart,
 * RFC 6762 §8.3) and not probed, since a random UUID is unique (the draft, §3.1.1). Queries for a
 * registered name are answered with its A (IPv4) or AAAA (IPv6) record, TTL {@value #TTL_SECONDS} s,
 * cache-flush bit set (RFC 6762 §10, §10.2):
 * <ul>
 *   <li>to the group of the query's family (224.0.0.251 or ff02::fb), at most once a second per record
 *       and group (RFC 6762 §6), and not when the query already lists the answer with at least half
 *       its TTL left (known-answer suppression, §7.1);</li>
 *   <li>to the querier's address when the question has the QU bit (§5.4);</li>
 *   <li>to the querier's address, with its ID and question echoed, TTL {@value #LEGACY_TTL_SECONDS} s and
 *       no cache-flush bit, when the query came from a port other than 5353 (legacy unicast, §6.7).</li>
 * </ul>
 * Everything else (responses, other names, other types, non-zero opcode or rcode) is ignored; no
 * negative (NSEC) answers are sent. {@link #unregister} sends a goodbye (TTL 0, §10.1).
 *
 * <p><b>Driving it</b>: the driver owns a UDP socket bound to port {@value Mdns#PORT} (shared with
 * other responders via SO_REUSEADDR) and joined to the group on the interface of the registered
 * addresses; every transmit goes out from that socket, since responses must come from port 5353
 * (RFC 6762 §11) — transmits carry a null source. Feed every datagram to {@link #handleReceive}, then
 * drain {@link #pollTransmit} and arm a timer for {@link #pollTimeout}. Time is only ever a parameter.
 * Not thread-safe: one driver thread owns a responder.
 *
 * <p><b>Network input</b> never throws: malformed datagrams are counted and dropped. Bounds:
 * {@link Config#maxRegistrations()} names, {@link Config#maxQueuedTransmits()} responses waiting to
 * be polled (more are dropped and counted), and the per-second multicast limit.
 */
public final class MdnsResponder {
    private static final Logger LOG = LoggerFactory.getLogger(MdnsResponder.class);
    /** The TTL of our address records, RFC 6762 §10 for records with a host name. */
    public static final long TTL_SECONDS = 120;
    /** The TTL of answers to legacy unicast queries, RFC 6762 §6.7. */
    public static final long LEGACY_TTL_SECONDS = 10;
    private static final Duration MULTICAST_INTERVAL = Duration.ofSeconds(1);

    /**
     * How a responder announces and what it bounds. Immutable; start from {@link #DEFAULT} and use the withers.
     *
     * @param groups              where announcements and goodbyes go ({@link Mdns#IPV4_GROUP} and/or
     *                            {@link Mdns#IPV6_GROUP}); multicast answers go to the group of the query's family
     * @param announcements       unsolicited responses per new name, 0 ~ 8 (RFC 6762 §8.3 asks for at least 2)
     * @param announceInterval    the time between them
     * @param maxRegistrations    the bound on registered names
     * @param maxQueuedTransmits  the bound on transmits waiting to be polled
     */
    public record Config(List<InetSocketAddress> groups, int announcements, Duration announceInterval,
                         int maxRegistrations, int maxQueuedTransmits) {
        /** IPv4 group, 2 announcements 1 s apart, 16 names, 64 queued transmits. */
        public static final Config DEFAULT = new Config(List.of(Mdns.IPV4_GROUP), 2, Duration.ofSeconds(1), 16, 64);

        /** Checks the values; see the component descriptions. */
        public Config {
            groups = List.copyOf(groups);
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("no groups (expected: Mdns.IPV4_GROUP and/or Mdns.IPV6_GROUP)");
            }
            if (announcements < 0 || announcements > 8) {
                throw new IllegalArgumentException("announcements " + announcements + " (expected: 0 ~ 8)");
            }
            if (announceInterval.isNegative() || announceInterval.isZero()) {
                throw new IllegalArgumentException("announceInterval " + announceInterval + " (expected: positive)");
            }
            if (maxRegistrations < 1 || maxQueuedTransmits < 1) {
                throw new IllegalArgumentException("maxRegistrations " + maxRegistrations + ", maxQueuedTransmits "
                        + maxQueuedTransmits + " (expected: at least 1)");
            }
        }

        /** This config with other groups for announcements and goodbyes. */
        public Config withGroups(List<InetSocketAddress> groups) {
            return new Config(groups, announcements, announceInterval, maxRegistrations, maxQueuedTransmits);
        }

        /** This config with another announcement count and interval; 0 announcements disables them. */
        public Config withAnnouncements(int announcements, Duration announceInterval) {
            return new Config(groups, announcements, announceInterval, maxRegistrations, maxQueuedTransmits);
        }

        /** This config with another bound on registered names. */
        public Config withMaxRegistrations(int maxRegistrations) {
            return new Config(groups, announcements, announceInterval, maxRegistrations, maxQueuedTransmits);
        }

        /** This config with another bound on transmits waiting to be polled. */
        public Config withMaxQueuedTransmits(int maxQueuedTransmits) {
            return new Config(groups, announcements, announceInterval, maxRegistrations, maxQueuedTransmits);
        }
    }

    /**
     * Counters of a responder, a snapshot.
     *
     * @param multicastAnswers       responses sent to a group (announcements and goodbyes not included)
     * @param unicastAnswers         responses sent to a querier that set the QU bit
     * @param legacyAnswers          responses to legacy unicast queries (source port not 5353)
     * @param announcements          announcements and goodbyes sent, one per group
     * @param malformed              datagrams that did not decode as DNS
     * @param ignored                responses, foreign or unanswerable queries, non-zero opcode or rcode
     * @param rateLimited            answers held back by the one-per-second multicast limit
     * @param knownAnswersSuppressed answers the querier already had (RFC 6762 §7.1)
     * @param dropped                transmits dropped because {@link Config#maxQueuedTransmits()} were waiting
     */
    public record Stats(long multicastAnswers, long unicastAnswers, long legacyAnswers, long announcements,
                        long malformed, long ignored, long rateLimited, long knownAnswersSuppressed, long dropped) {
    }

    private static final class Registration {
        final String name;
        final InetAddress address;
        final Map<InetSocketAddress, Instant> lastMulticast = new HashMap<>();
        int announcementsLeft;
        Instant nextAnnouncement;

        Registration(String name, InetAddress address, int announcements) {
            this.name = name;
            this.address = address;
            this.announcementsLeft = announcements;
        }

        DnsMessage.AddressRecord record(long ttl, boolean cacheFlush) {
            return new DnsMessage.AddressRecord(name, address, cacheFlush, ttl);
        }
    }

    private final Config config;
    private final Map<String, Registration> byName = new LinkedHashMap<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private Instant lastNow = Instant.MIN;
    private long multicastAnswers;
    private long unicastAnswers;
    private long legacyAnswers;
    private long announcements;
    private long malformed;
    private long ignored;
    private long rateLimited;
    private long knownAnswersSuppressed;
    private long dropped;

    /** A responder with {@link Config#DEFAULT}. */
    public MdnsResponder() {
        this(Config.DEFAULT);
    }

    /** A responder with the given config. */
    public MdnsResponder(Config config) {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        this.config = config;
    }

    /** The config this responder was built with. */
    public Config config() {
        return config;
    }

    /**
     * Gives one of our host addresses a {@code .local} name, {@code <random UUID v4>.local} in lower
     * case, or returns the name it already has. The announcements are due at once:
     * {@link #pollTimeout} asks for a {@link #handleTimeout} that sends the first.
     *
     * @param address a unicast address of this host
     * @param random  where the UUID's 122 random bits come from; a secure generator in production
     *                (the name must not be guessable), a seeded one in tests
     * @return the name to put in the candidate instead of the address
     * @throws IllegalArgumentException if the address is a wildcard or multicast address
     * @throws IllegalStateException    if {@link Config#maxRegistrations()} names are registered
     */
    public String register(InetAddress address, RandomGenerator random) {
        if (address == null || random == null) {
            throw new IllegalArgumentException("address and random are required");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new IllegalArgumentException("address " + address + " (expected: a unicast address of this host)");
        }
        for (Registration r : byName.values()) {
            if (r.address.equals(address)) {
                return r.name;
            }
        }
        if (byName.size() >= config.maxRegistrations()) {
            throw new IllegalStateException(byName.size() + " names registered (expected: at most " + config.maxRegistrations() + ")");
        }
        String name;
        do {
            name = uuid4(random) + ".local";
        } while (byName.containsKey(name));
        byName.put(name, new Registration(name, address, config.announcements()));
        LOG.debug("mDNS: registered {} for {}", name, address);
        return name;
    }

    /**
     * Forgets a name and sends a goodbye for it (TTL 0, RFC 6762 §10.1) to every configured group.
     *
     * @return whether the name was registered
     */
    public boolean unregister(String name) {
        Registration r = byName.remove(DnsMessage.canonical(name));
        if (r == null) {
            return false;
        }
        for (InetSocketAddress group : config.groups()) {
            enqueue(group, DnsMessage.response(0, List.of(), List.of(r.record(0, true))));
            announcements++;
        }
        return true;
    }

    /** The registered names and their addresses, a snapshot in registration order. */
    public Map<String, InetAddress> registrations() {
        Map<String, InetAddress> out = new LinkedHashMap<>();
        byName.values().forEach(r -> out.put(r.name, r.address));
        return out;
    }

    /**
     * Takes a datagram from the mDNS socket and answers it if it asks for a registered name. Malformed
     * or foreign input is counted and dropped; this never throws for network input.
     *
     * @param in the datagram; its array is read and not kept
     */
    public void handleReceive(Instant now, Datagram in) {
        now = advance(now);
        DnsMessage query;
        try {
            query = DnsMessage.decode(in.data());
        } catch (DnsFormatException e) {
            malformed++;
            LOG.debug("mDNS: dropped a malformed datagram from {}: {}", in.source(), e.getMessage());
            return;
        }
        if (query.isResponse() || query.opcode() != 0 || query.rcode() != 0) {
            ignored++;
            return;
        }
        boolean legacy = in.source().getPort() != Mdns.PORT;
        boolean unicast = false;
        List<Registration> matched = new ArrayList<>();
        List<DnsMessage.Question> answered = new ArrayList<>();
        for (DnsMessage.Question q : query.questions()) {
            Registration r = answerable(q);
            if (r == null || matched.contains(r)) {
                continue;
            }
            if (!legacy && knownAnswer(query, r)) {
                knownAnswersSuppressed++;
                continue;
            }
            matched.add(r);
            answered.add(q);
            unicast |= q.unicastResponse();
        }
        if (matched.isEmpty()) {
            ignored++;
            return;
        }
        if (legacy) {
            List<DnsMessage.AddressRecord> answers = new ArrayList<>();
            matched.forEach(r -> answers.add(r.record(LEGACY_TTL_SECONDS, false)));
            // §6.7 asks for the question to be repeated: the ones answered, which are names we can encode.
            List<DnsMessage.Question> echoed = new ArrayList<>();
            answered.forEach(q -> echoed.add(new DnsMessage.Question(q.name(), q.type(), q.qclass(), false)));
            enqueue(in.source(), DnsMessage.response(query.id(), echoed, answers));
            legacyAnswers++;
        } else if (unicast) {
            enqueue(in.source(), response(matched));
            unicastAnswers++;
        } else {
            InetSocketAddress group = in.source().getAddress() instanceof Inet6Address ? Mdns.IPV6_GROUP : Mdns.IPV4_GROUP;
            List<Registration> allowed = new ArrayList<>();
            for (Registration r : matched) {
                Instant last = r.lastMulticast.get(group);
                if (last != null && now.isBefore(last.plus(MULTICAST_INTERVAL))) {
                    rateLimited++;
                } else {
                    allowed.add(r);
                }
            }
            if (!allowed.isEmpty() && enqueue(group, response(allowed))) {
                for (Registration r : allowed) {
                    r.lastMulticast.put(group, now);
                }
                multicastAnswers++;
            }
        }
    }

    /** The registration a question asks for, if its name, class and type fit. */
    private Registration answerable(DnsMessage.Question q) {
        if (q.qclass() != DnsMessage.CLASS_IN && q.qclass() != DnsMessage.CLASS_ANY) {
            return null;
        }
        Registration r = byName.get(DnsMessage.canonical(q.name()));
        if (r == null) {
            return null;
        }
        boolean v6 = r.address instanceof Inet6Address;
        boolean fits = q.type() == DnsMessage.TYPE_ANY
                || (q.type() == DnsMessage.TYPE_A && !v6)
                || (q.type() == DnsMessage.TYPE_AAAA && v6);
        return fits ? r : null;
    }

    /** Whether the query's known-answer list holds our record with at least half its TTL (RFC 6762 §7.1). */
    private static boolean knownAnswer(DnsMessage query, Registration r) {
        for (DnsMessage.AddressRecord known : query.answers()) {
            if (known.address().equals(r.address) && known.ttl() >= TTL_SECONDS / 2
                    && DnsMessage.canonical(known.name()).equals(r.name)) {
                return true;
            }
        }
        return false;
    }

    private static DnsMessage response(List<Registration> registrations) {
        List<DnsMessage.AddressRecord> answers = new ArrayList<>();
        registrations.forEach(r -> answers.add(r.record(TTL_SECONDS, true)));
        return DnsMessage.response(0, List.of(), answers);
    }

    /** Sends the announcements that are due. Spurious calls are harmless. */
    public void handleTimeout(Instant now) {
        now = advance(now);
        for (Registration r : byName.values()) {
            if (r.announcementsLeft == 0 || (r.nextAnnouncement != null && now.isBefore(r.nextAnnouncement))) {
                continue;
            }
            for (InetSocketAddress group : config.groups()) {
                if (enqueue(group, DnsMessage.response(0, List.of(), List.of(r.record(TTL_SECONDS, true))))) {
                    r.lastMulticast.put(group, now);
                    announcements++;
                }
            }
            r.announcementsLeft--;
            r.nextAnnouncement = now.plus(config.announceInterval());
        }
    }

    /**
     * The next announcement; a name registered since the last call is due at once (the latest time
     * seen, or the epoch before any).
     */
    public Optional<Instant> pollTimeout() {
        Instant earliest = null;
        for (Registration r : byName.values()) {
            if (r.announcementsLeft == 0) {
                continue;
            }
            Instant due = r.nextAnnouncement != null ? r.nextAnnouncement
                    : lastNow.equals(Instant.MIN) ? Instant.EPOCH : lastNow;
            if (earliest == null || due.isBefore(earliest)) {
                earliest = due;
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** The next response to send from port 5353; its array belongs to the caller. */
    public Optional<Transmit> pollTransmit() {
        return Optional.ofNullable(transmits.poll());
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(multicastAnswers, unicastAnswers, legacyAnswers, announcements, malformed, ignored,
                rateLimited, knownAnswersSuppressed, dropped);
    }

    private boolean enqueue(InetSocketAddress destination, DnsMessage message) {
        if (transmits.size() >= config.maxQueuedTransmits()) {
            dropped++;
            LOG.debug("mDNS: dropped a response to {}: {} transmits waiting", destination, transmits.size());
            return false;
        }
        transmits.add(new Transmit(null, destination, message.encode()));
        return true;
    }

    /** A version 4 UUID (RFC 9562 §5.4) from the generator's bits, in its lower-case text form. */
    private static String uuid4(RandomGenerator random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    private Instant advance(Instant now) {
        if (now.isAfter(lastNow)) {
            lastNow = now;
        }
        return lastNow;
    }
}
