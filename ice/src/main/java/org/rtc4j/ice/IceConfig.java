package org.rtc4j.ice;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.rtc4j.stun.RetransmissionPolicy;

/**
 * How an {@link IceAgent} behaves: its role, timers and limits. The defaults follow RFC 8445,
 * RFC 7675 and what browsers do; tests shorten them.
 *
 * @param role                 the initial role; a role conflict may switch it (RFC 8445 §7.3.1.1)
 * @param lite                 ICE-lite (RFC 8445 §2.5): host candidates only, no checks sent, always controlled
 * @param stunServers          STUN servers for server-reflexive candidates
 * @param turnServers          TURN servers for relayed candidates; their hosts must be IP literals (the
 *                             driver resolves names, a sans-IO agent does not)
 * @param relayOnly            the W3C {@code iceTransportPolicy: "relay"}: only relayed candidates are
 *                             signalled and checked
 * @param ta                   the pacing interval of checks (Ta, RFC 8445 §14.2; browsers use 50 ms)
 * @param checkPolicy          how checks are resent
 * @param nominationDelay      how long the controlling agent waits after the first valid pair for a better
 *                             one before nominating the best it has
 * @param consentInterval      the mean interval of consent checks (RFC 7675 §5.1: 5 s, jittered by ±20 %)
 * @param consentTimeout       consent expires this long after the last response (RFC 7675: 30 s), then failed
 * @param checkingTimeout      with no valid pair after this long of checking, the agent fails
 * @param maxRemoteCandidates  a bound on remote candidates, signalled or peer-reflexive
 * @param maxPairs             a bound on candidate pairs
 * @param maxEarlyChecks       a bound on checks remembered before the remote credentials are known
 * @param software             the SOFTWARE attribute of checks, or null
 * @param mdnsHostCandidates   signal host candidates under random {@code .local} names that the agent's
 *                             mDNS responder answers for (draft-ietf-mmusic-mdns-ice-candidates), as
 *                             browsers do to keep local addresses private
 */
public record IceConfig(IceRole role, boolean lite, List<InetSocketAddress> stunServers, List<TurnServerUrl> turnServers,
                        boolean relayOnly, Duration ta,
                        RetransmissionPolicy checkPolicy, Duration nominationDelay, Duration consentInterval,
                        Duration consentTimeout, Duration checkingTimeout, int maxRemoteCandidates, int maxPairs,
                        int maxEarlyChecks, String software, boolean mdnsHostCandidates) {
    /**
     * Checks are resent from 500 ms, doubling up to 1.6 s, 7 times: a pair fails about 16 s after its
     * first check, which is what libwebrtc's pacing amounts to.
     */
    public static final RetransmissionPolicy DEFAULT_CHECK_POLICY = RetransmissionPolicy.UDP_DEFAULT
            .withMaxRto(Duration.ofMillis(1600));

    public IceConfig {
        stunServers = List.copyOf(stunServers);
        turnServers = List.copyOf(turnServers);
        for (TurnServerUrl url : turnServers) {
            if (!url.isTurn() || url.address().isUnresolved()) {
                throw new IllegalArgumentException(url + " (expected: a turn: or turns: URL with an IP address)");
            }
        }
        if (ta.isNegative() || ta.isZero()) {
            throw new IllegalArgumentException("Ta " + ta + " (expected: positive)");
        }
        if (maxRemoteCandidates < 1 || maxPairs < 1 || maxEarlyChecks < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (lite && role == IceRole.CONTROLLING) {
            throw new IllegalArgumentException("an ICE-lite agent is always controlled (RFC 8445 §6.1.1)");
        }
    }

    /** The defaults for a full agent in a role. */
    public static IceConfig defaults(IceRole role) {
        return new IceConfig(role, false, List.of(), List.of(), false, Duration.ofMillis(50), DEFAULT_CHECK_POLICY, Duration.ofMillis(500),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), 100, 200, 32, null, false);
    }

    /** The defaults for an ICE-lite agent. */
    public static IceConfig liteDefaults() {
        return new IceConfig(IceRole.CONTROLLED, true, List.of(), List.of(), false, Duration.ofMillis(50), DEFAULT_CHECK_POLICY,
                Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), 100, 200, 32, null, false);
    }

    /** This configuration with STUN servers. */
    public IceConfig withStunServers(List<InetSocketAddress> servers) {
        return new IceConfig(role, lite, servers, turnServers, relayOnly, ta, checkPolicy, nominationDelay, consentInterval, consentTimeout,
                checkingTimeout, maxRemoteCandidates, maxPairs, maxEarlyChecks, software, mdnsHostCandidates);
    }

    /** This configuration with TURN servers, and whether only relayed candidates are used. */
    public IceConfig withTurnServers(List<TurnServerUrl> servers, boolean onlyRelay) {
        return new IceConfig(role, lite, stunServers, servers, onlyRelay, ta, checkPolicy, nominationDelay, consentInterval,
                consentTimeout, checkingTimeout, maxRemoteCandidates, maxPairs, maxEarlyChecks, software, mdnsHostCandidates);
    }

    /** This configuration with host candidates hidden behind mDNS names, or not. */
    public IceConfig withMdnsHostCandidates(boolean on) {
        return new IceConfig(role, lite, stunServers, turnServers, relayOnly, ta, checkPolicy, nominationDelay, consentInterval,
                consentTimeout, checkingTimeout, maxRemoteCandidates, maxPairs, maxEarlyChecks, software, on);
    }

    /** This configuration with other consent timers. */
    public IceConfig withConsent(Duration interval, Duration timeout) {
        return new IceConfig(role, lite, stunServers, turnServers, relayOnly, ta, checkPolicy, nominationDelay, interval, timeout,
                checkingTimeout, maxRemoteCandidates, maxPairs, maxEarlyChecks, software, mdnsHostCandidates);
    }

    /** This configuration with other limits. */
    public IceConfig withLimits(int remoteCandidates, int pairs, int earlyChecks) {
        return new IceConfig(role, lite, stunServers, turnServers, relayOnly, ta, checkPolicy, nominationDelay, consentInterval, consentTimeout,
                checkingTimeout, remoteCandidates, pairs, earlyChecks, software, mdnsHostCandidates);
    }
}
