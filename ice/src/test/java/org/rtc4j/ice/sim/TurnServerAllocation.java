package org.rtc4j.ice.sim;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rtc4j.stun.TransactionId;

/**
 * One allocation of the {@link SimTurnServer} (RFC 8656 §2.2): the client's 5-tuple, the user that made
 * it, its relayed transport address, its lifetime, its permissions (by peer IP, ports ignored, RFC 8656
 * §9) and its channel bindings.
 *
 * <p>Expired permissions and channels are ignored at once and forgotten by {@link #purge}; a channel
 * is kept a further quarantine after it expires so that neither its number nor its peer can be rebound
 * to anything else meanwhile (RFC 8656 §12).
 */
final class TurnServerAllocation {
    /** A channel binding; its expiry moves when the client refreshes it. */
    static final class Channel {
        final int number;
        final InetSocketAddress peer;
        Instant expiry;

        Channel(int number, InetSocketAddress peer, Instant expiry) {
            this.number = number;
            this.peer = peer;
            this.expiry = expiry;
        }

        boolean isActive(Instant now) {
            return now.isBefore(expiry);
        }
    }

    final InetSocketAddress client;
    final String username;
    final InetSocketAddress relayed;
    final TransactionId allocateTransaction;
    Instant expiry;
    private final Map<InetAddress, Instant> permissions = new LinkedHashMap<>();
    private final Map<Integer, Channel> channels = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Channel> channelsByPeer = new HashMap<>();

    TurnServerAllocation(InetSocketAddress client, String username, InetSocketAddress relayed, TransactionId allocateTransaction,
                   Instant expiry) {
        this.client = client;
        this.username = username;
        this.relayed = relayed;
        this.allocateTransaction = allocateTransaction;
        this.expiry = expiry;
    }

    boolean isLive(Instant now) {
        return now.isBefore(expiry);
    }

    boolean permits(Instant now, InetAddress peer) {
        Instant until = permissions.get(peer);
        return until != null && now.isBefore(until);
    }

    /** How many permissions would exist after permitting {@code peers}, counting only live ones. */
    int permissionsAfter(Instant now, Iterable<InetAddress> peers) {
        int n = 0;
        for (Map.Entry<InetAddress, Instant> e : permissions.entrySet()) {
            n += now.isBefore(e.getValue()) ? 1 : 0;
        }
        Set<InetAddress> added = new HashSet<>();
        for (InetAddress p : peers) {
            if (!permits(now, p) && added.add(p)) {
                n++;
            }
        }
        return n;
    }

    void permit(InetAddress peer, Instant until) {
        permissions.put(peer, until);
    }

    /** The binding of a channel number, active or in quarantine. */
    Channel channel(int number) {
        return channels.get(number);
    }

    /** The binding of a peer, active or in quarantine. */
    Channel channelOf(InetSocketAddress peer) {
        return channelsByPeer.get(peer);
    }

    int activeChannels(Instant now) {
        int n = 0;
        for (Channel c : channels.values()) {
            n += c.isActive(now) ? 1 : 0;
        }
        return n;
    }

    void bind(int number, InetSocketAddress peer, Instant until) {
        Channel c = channels.get(number);
        if (c == null) {
            c = new Channel(number, peer, until);
            channels.put(number, c);
            channelsByPeer.put(peer, c);
        }
        c.expiry = until;
    }

    /** Forgets permissions that expired and channels past their quarantine. */
    void purge(Instant now, Duration quarantine) {
        permissions.values().removeIf(until -> !now.isBefore(until));
        channels.values().removeIf(c -> {
            boolean gone = !now.isBefore(c.expiry.plus(quarantine));
            if (gone) {
                channelsByPeer.remove(c.peer);
            }
            return gone;
        });
    }

    /** The earliest moment something of this allocation expires or is forgotten. */
    Instant nextDeadline(Duration quarantine) {
        Instant earliest = expiry;
        for (Instant until : permissions.values()) {
            earliest = until.isBefore(earliest) ? until : earliest;
        }
        for (Channel c : channels.values()) {
            Instant gone = c.expiry.plus(quarantine);
            earliest = gone.isBefore(earliest) ? gone : earliest;
        }
        return earliest;
    }
}
