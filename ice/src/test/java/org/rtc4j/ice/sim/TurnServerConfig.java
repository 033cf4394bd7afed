package org.rtc4j.ice.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.rtc4j.stun.CredentialStore;
import org.rtc4j.stun.PasswordAlgorithm;

/**
 * The configuration of a {@link SimTurnServer}, made by {@link SimTurnServer#builder}; setters return
 * this configuration for chaining. Defaults: realm {@code rtc4j.sim}, no users, MD5 only
 * (RFC 5389 style), nonces valid for an hour signed by a fixed secret, lifetimes of RFC 8656, at most
 * 100 allocations and 10 per user, 64 permissions and 64 channels per allocation, 4096 queued
 * datagrams, relay ports 49152 ~ 65535, every peer allowed, seed 0.
 */
public final class TurnServerConfig {
    // Read by SimTurnServer from the copy it takes at build(), so later changes do not reach a running server.
    final InetSocketAddress listen;
    final InetAddress relay;
    String realm = "rtc4j.sim";
    Map<String, String> users = new LinkedHashMap<>();
    CredentialStore credentials;
    List<PasswordAlgorithm> algorithms = List.of();
    Duration nonceLifetime = Duration.ofHours(1);
    byte[] nonceSecret = "rtc4j simulated TURN nonce key".getBytes(StandardCharsets.US_ASCII);
    String software = "rtc4j SimTurnServer";
    Duration defaultLifetime = SimTurnServer.DEFAULT_LIFETIME;
    Duration maxLifetime = SimTurnServer.DEFAULT_MAX_LIFETIME;
    int maxAllocations = 100;
    int maxAllocationsPerUser = 10;
    int maxPermissions = 64;
    int maxChannels = 64;
    int maxQueued = 4096;
    int firstRelayPort = 49152;
    int lastRelayPort = 65535;
    Predicate<InetSocketAddress> peerPolicy = peer -> true;
    long seed;

    TurnServerConfig(InetSocketAddress listen, InetAddress relay) {
        if (listen == null || listen.isUnresolved() || relay == null) {
            throw new IllegalArgumentException("a resolved listening address and a relay address are required");
        }
        this.listen = listen;
        this.relay = relay;
    }

    /** The realm of the long-term credentials. */
    public TurnServerConfig realm(String realm) {
        this.realm = realm;
        return this;
    }

    /** Adds a user. */
    public TurnServerConfig user(String username, String password) {
        users.put(username, password);
        return this;
    }

    /** Looks users up in a store instead of those added with {@link #user}. */
    public TurnServerConfig credentials(CredentialStore store) {
        this.credentials = store;
        return this;
    }

    /** Offers RFC 8489 password algorithms (PASSWORD-ALGORITHMS); empty for RFC 5389 style MD5. */
    public TurnServerConfig passwordAlgorithms(List<PasswordAlgorithm> algorithms) {
        this.algorithms = List.copyOf(algorithms);
        return this;
    }

    /** How long a nonce is valid before 438 Stale Nonce. */
    public TurnServerConfig nonceLifetime(Duration lifetime) {
        this.nonceLifetime = lifetime;
        return this;
    }

    /** The key nonces are signed with (at least 16 bytes). */
    public TurnServerConfig nonceSecret(byte[] secret) {
        this.nonceSecret = secret.clone();
        return this;
    }

    /** The SOFTWARE attribute of responses; null for none. */
    public TurnServerConfig software(String software) {
        this.software = software;
        return this;
    }

    /** The default and maximum allocation lifetimes. */
    public TurnServerConfig lifetimes(Duration defaultLifetime, Duration maxLifetime) {
        if (defaultLifetime.getSeconds() < 1 || maxLifetime.compareTo(defaultLifetime) < 0) {
            throw new IllegalArgumentException("lifetimes " + defaultLifetime + ", " + maxLifetime
                    + " (expected: default at least 1 s, maximum at least the default)");
        }
        this.defaultLifetime = defaultLifetime;
        this.maxLifetime = maxLifetime;
        return this;
    }

    /** The bounds on allocations, in all and per user. */
    public TurnServerConfig maxAllocations(int total, int perUser) {
        this.maxAllocations = positive(total);
        this.maxAllocationsPerUser = positive(perUser);
        return this;
    }

    /** The bounds on permissions and channels per allocation. */
    public TurnServerConfig maxPermissionsAndChannels(int permissions, int channels) {
        this.maxPermissions = positive(permissions);
        this.maxChannels = positive(channels);
        return this;
    }

    /** The bound on datagrams waiting to be polled. */
    public TurnServerConfig maxQueued(int maxQueued) {
        this.maxQueued = positive(maxQueued);
        return this;
    }

    /** The range relay ports are handed out from, in order. */
    public TurnServerConfig relayPorts(int first, int last) {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("relay ports " + first + " ~ " + last + " (expected: within 1 ~ 65535)");
        }
        this.firstRelayPort = first;
        this.lastRelayPort = last;
        return this;
    }

    /** Which peers may be given permissions and channels; others get 403. */
    public TurnServerConfig peerPolicy(Predicate<InetSocketAddress> policy) {
        this.peerPolicy = policy;
        return this;
    }

    /** The seed of the transaction ids of Data indications. */
    public TurnServerConfig seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The server. */
    public SimTurnServer build() {
        return new SimTurnServer(this);
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("bound " + n + " (expected: at least 1)");
        }
        return n;
    }

    TurnServerConfig copy() {
        TurnServerConfig b = new TurnServerConfig(listen, relay);
        b.realm = realm;
        b.users = new LinkedHashMap<>(users);
        b.credentials = credentials;
        b.algorithms = algorithms;
        b.nonceLifetime = nonceLifetime;
        b.nonceSecret = nonceSecret.clone();
        b.software = software;
        b.defaultLifetime = defaultLifetime;
        b.maxLifetime = maxLifetime;
        b.maxAllocations = maxAllocations;
        b.maxAllocationsPerUser = maxAllocationsPerUser;
        b.maxPermissions = maxPermissions;
        b.maxChannels = maxChannels;
        b.maxQueued = maxQueued;
        b.firstRelayPort = firstRelayPort;
        b.lastRelayPort = lastRelayPort;
        b.peerPolicy = peerPolicy;
        b.seed = seed;
        return b;
    }
}
