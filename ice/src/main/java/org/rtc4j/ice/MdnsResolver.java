package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the {@code .local} names of remote ICE candidates (draft-ietf-mmusic-mdns-ice-candidates
 * §3.2) with one-shot Multicast DNS queries (RFC 6762 §5), as a sans-IO state machine.
 *
 * <p>{@link #resolve} sends a query with an A and an AAAA question to each configured group
 * ({@link Mdns#IPV4_GROUP} by default) and resends it on the configured schedule. The first A or
 * AAAA answer for the name, matched case-insensitively, ends it with {@link MdnsEvent.Resolved};
 * the timeout ends it with {@link MdnsEvent.Failed}. Each {@code resolve} call ends in exactly one
 * event, except a call for a name already pending, which joins that query.
 *
 * <p><b>Defaults</b> ({@link Config#DEFAULT}): query at once, again after 1 s, fail after 3 s. This is
 * Chromium's mDNS transaction timeout: a peer on the same link answers in milliseconds, and an ICE
 * agent must not hold a candidate for long; the 1 s resend covers one lost datagram and a responder
 * that held back its answer under RFC 6762 §6's one-per-second multicast limit.
 *
 * <p><b>Driving it</b>: the driver owns a UDP socket that it sends the transmits from. Bound to port
 * 5353 and joined to the group, it receives the usual multicast answers; bound to any other port, the
 * responders treat the query as a legacy unicast query and answer to that port (RFC 6762 §6.7). Feed
 * every datagram from that socket to {@link #handleReceive}; then drain {@link #pollTransmit},
 * {@link #pollEvent} and arm a timer for {@link #pollTimeout}. Time is only ever a parameter; time
 * going backwards is treated as no time passing. Not thread-safe: one driver thread owns a resolver.
 *
 * <p><b>Network input</b>: responses whose source port is not 5353 are dropped (RFC 6762 §11), so
 * are queries, messages with a non-zero opcode or rcode (§18.3, §18.11) and anything that does not
 * decode; all are counted in {@link #stats()} and logged at debug, nothing throws. Answers are only
 * taken for pending names or names already cached, so unsolicited traffic cannot fill the cache.
 * Bounds: {@link Config#maxPending()} names in flight (more fail at once), {@link Config#maxCacheEntries()}
 * cached names (least recently used evicted), cached TTLs capped at {@link Config#maxCacheTtl()}.
 */
public final class MdnsResolver {
    private static final Logger LOG = LoggerFactory.getLogger(MdnsResolver.class);

    /**
     * How a resolver queries and what it keeps. Immutable; start from {@link #DEFAULT} and use the withers.
     *
     * @param groups          where queries go: {@link Mdns#IPV4_GROUP}, {@link Mdns#IPV6_GROUP} or both
     * @param retransmissions when the query is sent again, as offsets from the first send, increasing,
     *                        each before the timeout
     * @param timeout         when a pending name fails, from the first send
     * @param maxPending      the bound on names in flight
     * @param maxCacheEntries the bound on cached names
     * @param maxCacheTtl     the longest a positive answer is cached, whatever its TTL said
     * @param unicastResponse whether questions carry the QU bit (RFC 6762 §5.4), asking responders to
     *                        answer to the querier's address rather than the group
     */
    public record Config(List<InetSocketAddress> groups, List<Duration> retransmissions, Duration timeout,
                         int maxPending, int maxCacheEntries, Duration maxCacheTtl, boolean unicastResponse) {
        /** IPv4 group, resend after 1 s, fail after 3 s, 32 pending, 64 cached for at most 120 s, multicast answers. */
        public static final Config DEFAULT = new Config(List.of(Mdns.IPV4_GROUP), List.of(Duration.ofSeconds(1)),
                Duration.ofSeconds(3), 32, 64, Duration.ofSeconds(120), false);

        /** Checks the values; see the component descriptions. */
        public Config {
            groups = List.copyOf(groups);
            retransmissions = List.copyOf(retransmissions);
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("no groups (expected: Mdns.IPV4_GROUP and/or Mdns.IPV6_GROUP)");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout " + timeout + " (expected: positive)");
            }
            Duration previous = Duration.ZERO;
            for (Duration d : retransmissions) {
                if (d.compareTo(previous) <= 0 || d.compareTo(timeout) >= 0) {
                    throw new IllegalArgumentException("retransmissions " + retransmissions
                            + " (expected: increasing positive offsets from the first send, each before the timeout " + timeout + ")");
                }
                previous = d;
            }
            if (maxPending < 1 || maxCacheEntries < 0) {
                throw new IllegalArgumentException("maxPending " + maxPending + ", maxCacheEntries " + maxCacheEntries
                        + " (expected: at least 1 and at least 0)");
            }
            if (maxCacheTtl.isNegative()) {
                throw new IllegalArgumentException("maxCacheTtl " + maxCacheTtl + " (expected: not negative)");
            }
        }

        /** This config with other groups to query. */
        public Config withGroups(List<InetSocketAddress> groups) {
            return new Config(groups, retransmissions, timeout, maxPending, maxCacheEntries, maxCacheTtl, unicastResponse);
        }

        /** This config with another resend schedule and timeout, checked together. */
        public Config withSchedule(List<Duration> retransmissions, Duration timeout) {
            return new Config(groups, retransmissions, timeout, maxPending, maxCacheEntries, maxCacheTtl, unicastResponse);
        }

        /** This config with another bound on names in flight. */
        public Config withMaxPending(int maxPending) {
            return new Config(groups, retransmissions, timeout, maxPending, maxCacheEntries, maxCacheTtl, unicastResponse);
        }

        /** This config with other cache bounds; 0 entries disables the cache. */
        public Config withCache(int maxCacheEntries, Duration maxCacheTtl) {
            return new Config(groups, retransmissions, timeout, maxPending, maxCacheEntries, maxCacheTtl, unicastResponse);
        }

        /** This config with or without the QU bit on questions. */
        public Config withUnicastResponse(boolean unicastResponse) {
            return new Config(groups, retransmissions, timeout, maxPending, maxCacheEntries, maxCacheTtl, unicastResponse);
        }
    }

    /**
     * Counters of a resolver, a snapshot.
     *
     * @param queriesSent     query datagrams sent, resends and every group included
     * @param resolved        names resolved by an answer
     * @param cacheHits       names resolved from the cache without a query
     * @param timedOut        names that failed at the timeout
     * @param refused         names failed at once because {@link Config#maxPending()} were in flight
     * @param malformed       datagrams that did not decode as DNS
     * @param wrongSourcePort responses from a port other than 5353, dropped (RFC 6762 §11)
     * @param ignored         queries, and responses with a non-zero opcode or rcode
     */
    public record Stats(long queriesSent, long resolved, long cacheHits, long timedOut, long refused,
                        long malformed, long wrongSourcePort, long ignored) {
    }

    private static final class Pending {
        final String name;
        final Instant started;
        int resends;

        Pending(String name, Instant started) {
            this.name = name;
            this.started = started;
        }
    }

    private record Cached(InetAddress address, Instant expires) {
    }

    private final Config config;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<MdnsEvent> events = new ArrayDeque<>();
    private Instant lastNow = Instant.MIN;
    private long queriesSent;
    private long resolved;
    private long cacheHits;
    private long timedOut;
    private long refused;
    private long malformed;
    private long wrongSourcePort;
    private long ignored;

    /** A resolver with {@link Config#DEFAULT}. */
    public MdnsResolver() {
        this(Config.DEFAULT);
    }

    /** A resolver with the given config. */
    public MdnsResolver(Config config) {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        this.config = config;
    }

    /** The config this resolver was built with. */
    public Config config() {
        return config;
    }

    /**
     * Starts resolving a {@code .local} name: answers from the cache at once, joins a query already
     * pending for the name, or sends a new query. Either way exactly one {@link MdnsEvent} for the
     * name follows (one in all for joined calls), named as in the first call.
     *
     * @param name a name ending in {@code .local}, with or without the trailing dot, any case
     * @throws IllegalArgumentException if the name is not a valid {@code .local} name
     */
    public void resolve(Instant now, String name) {
        if (!Mdns.isLocalName(name)) {
            throw new IllegalArgumentException("'" + name + "' (expected: a name ending in .local)");
        }
        DnsMessage.labels(name);
        now = advance(now);
        String key = DnsMessage.canonical(name);
        Cached cached = cache.get(key);
        if (cached != null) {
            if (now.isBefore(cached.expires())) {
                cacheHits++;
                events.add(new MdnsEvent.Resolved(name, cached.address()));
                return;
            }
            cache.remove(key);
        }
        if (pending.containsKey(key)) {
            return;
        }
        if (pending.size() >= config.maxPending()) {
            refused++;
            LOG.debug("mDNS: refused to resolve {}: {} names pending", name, pending.size());
            events.add(new MdnsEvent.Failed(name));
            return;
        }
        pending.put(key, new Pending(name, now));
        sendQuery(name);
    }

    /** Whether a query for the name is in flight. */
    public boolean isPending(String name) {
        return pending.containsKey(DnsMessage.canonical(name));
    }

    /** Forgets the cached address of a name, if any. */
    public void evict(String name) {
        cache.remove(DnsMessage.canonical(name));
    }

    /**
     * Takes a datagram from the mDNS socket. Answers for pending names resolve them; answers for
     * cached names refresh the cache, and goodbyes (TTL 0, RFC 6762 §10.1) remove the entry.
     * Malformed or foreign input is counted and dropped; this never throws for network input.
     *
     * @param in the datagram; its array is read and not kept
     */
    public void handleReceive(Instant now, Datagram in) {
        now = advance(now);
        DnsMessage message;
        try {
            message = DnsMessage.decode(in.data());
        } catch (DnsFormatException e) {
            malformed++;
            LOG.debug("mDNS: dropped a malformed datagram from {}: {}", in.source(), e.getMessage());
            return;
        }
        if (!message.isResponse() || message.opcode() != 0 || message.rcode() != 0) {
            ignored++;
            return;
        }
        if (in.source().getPort() != Mdns.PORT) {
            wrongSourcePort++;
            LOG.debug("mDNS: dropped a response from {} (expected: source port 5353, RFC 6762 §11)", in.source());
            return;
        }
        List<DnsMessage.AddressRecord> records = new ArrayList<>(message.answers());
        records.addAll(message.additionals());
        for (DnsMessage.AddressRecord r : records) {
            take(now, r);
        }
    }

    private void take(Instant now, DnsMessage.AddressRecord r) {
        String key = DnsMessage.canonical(r.name());
        if (r.ttl() == 0) {
            Cached c = cache.get(key);
            if (c != null && c.address().equals(r.address())) {
                cache.remove(key);
            }
            return;
        }
        Pending p = pending.remove(key);
        if (p != null) {
            resolved++;
            LOG.debug("mDNS: {} is {}", p.name, r.address());
            events.add(new MdnsEvent.Resolved(p.name, r.address()));
            store(now, key, r);
        } else if (cache.containsKey(key)) {
            store(now, key, r);
        }
    }

    private void store(Instant now, String key, DnsMessage.AddressRecord r) {
        if (config.maxCacheEntries() == 0) {
            return;
        }
        Duration ttl = Duration.ofSeconds(r.ttl());
        if (ttl.compareTo(config.maxCacheTtl()) > 0) {
            ttl = config.maxCacheTtl();
        }
        cache.put(key, new Cached(r.address(), now.plus(ttl)));
        while (cache.size() > config.maxCacheEntries()) {
            Iterator<String> eldest = cache.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Resends due queries, fails names at their timeout and drops expired cache entries. Spurious calls are harmless. */
    public void handleTimeout(Instant now) {
        now = advance(now);
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!now.isBefore(p.started.plus(config.timeout()))) {
                it.remove();
                timedOut++;
                LOG.debug("mDNS: no answer for {} in {}", p.name, config.timeout());
                events.add(new MdnsEvent.Failed(p.name));
                continue;
            }
            Instant due = nextSend(p);
            if (due != null && !now.isBefore(due)) {
                // A late timer sends once and skips the resends it missed.
                while (due != null && !now.isBefore(due)) {
                    p.resends++;
                    due = nextSend(p);
                }
                sendQuery(p.name);
            }
        }
        cache.values().removeIf(c -> !c.expires().isAfter(lastNow));
    }

    private Instant nextSend(Pending p) {
        List<Duration> schedule = config.retransmissions();
        return p.resends < schedule.size() ? p.started.plus(schedule.get(p.resends)) : null;
    }

    /** The earliest resend or timeout of a pending name; empty when nothing is pending. */
    public Optional<Instant> pollTimeout() {
        Instant earliest = null;
        for (Pending p : pending.values()) {
            Instant due = nextSend(p);
            if (due == null) {
                due = p.started.plus(config.timeout());
            }
            if (earliest == null || due.isBefore(earliest)) {
                earliest = due;
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** The next query to send; its array belongs to the caller. */
    public Optional<Transmit> pollTransmit() {
        return Optional.ofNullable(transmits.poll());
    }

    /** The next outcome of a {@link #resolve} call. */
    public Optional<MdnsEvent> pollEvent() {
        return Optional.ofNullable(events.poll());
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(queriesSent, resolved, cacheHits, timedOut, refused, malformed, wrongSourcePort, ignored);
    }

    private void sendQuery(String name) {
        boolean qu = config.unicastResponse();
        byte[] query = DnsMessage.query(0, List.of(
                new DnsMessage.Question(name, DnsMessage.TYPE_A, DnsMessage.CLASS_IN, qu),
                new DnsMessage.Question(name, DnsMessage.TYPE_AAAA, DnsMessage.CLASS_IN, qu))).encode();
        for (InetSocketAddress group : config.groups()) {
            transmits.add(new Transmit(null, group, query.clone()));
            queriesSent++;
        }
    }

    private Instant advance(Instant now) {
        if (now.isAfter(lastNow)) {
            lastNow = now;
        }
        return lastNow;
    }
}
