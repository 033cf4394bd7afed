package org.rtc4j.ice;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checklist of one data stream (RFC 8445 §6.1.2): pairs ordered by priority, the frozen/waiting
 * algorithm, and the triggered-check queue (§7.3.1.4). Pairs are keyed by (local base, remote address),
 * so a server-reflexive local candidate never makes a second pair with the same packets (§6.1.2.4).
 */
final class Checklist {
    private static final Comparator<CandidatePair> BY_PRIORITY =
            (a, b) -> Long.compareUnsigned(b.priority(), a.priority());

    private final List<CandidatePair> pairs = new ArrayList<>();
    private final Map<Key, CandidatePair> byKey = new HashMap<>();
    private final ArrayDeque<CandidatePair> triggered = new ArrayDeque<>();
    private final int maxPairs;

    private record Key(InetSocketAddress local, InetSocketAddress remote) {
    }

    Checklist(int maxPairs) {
        this.maxPairs = maxPairs;
    }

    List<CandidatePair> pairs() {
        return Collections.unmodifiableList(pairs);
    }

    Optional<CandidatePair> find(InetSocketAddress local, InetSocketAddress remote) {
        return Optional.ofNullable(byKey.get(new Key(local, remote)));
    }

    /** Adds a pair unless one with the same addresses exists or the bound is reached; returns the pair in the list. */
    Optional<CandidatePair> add(Candidate local, Candidate remote, IceRole role) {
        Key key = new Key(local.address(), remote.address());
        CandidatePair existing = byKey.get(key);
        if (existing != null) {
            return Optional.of(existing);
        }
        if (pairs.size() >= maxPairs) {
            return Optional.empty();
        }
        CandidatePair pair = new CandidatePair(local, remote, role);
        // RFC 8445 §6.1.2.6: a pair starts Waiting unless another pair of its foundation is already active.
        boolean foundationActive = pairs.stream().anyMatch(p -> p.foundation().equals(pair.foundation())
                && p.state() != CandidatePairState.FROZEN && p.state() != CandidatePairState.FAILED);
        pair.setState(foundationActive ? CandidatePairState.FROZEN : CandidatePairState.WAITING);
        pairs.add(pair);
        pairs.sort(BY_PRIORITY);
        byKey.put(key, pair);
        return Optional.of(pair);
    }

    /** Pairs with the peer-reflexive {@code learned} now use {@code signalled} instead; the list is re-sorted. */
    void adoptSignalledRemote(Candidate learned, Candidate signalled, IceRole role) {
        for (CandidatePair p : pairs) {
            if (p.remote() == learned) {
                p.adoptSignalledRemote(signalled, role);
            }
        }
        pairs.sort(BY_PRIORITY);
    }

    /** Queues a triggered check, to be sent before any ordinary one. */
    void trigger(CandidatePair pair) {
        if (!triggered.contains(pair)) {
            triggered.add(pair);
        }
        waitIfIdle(pair);
    }

    /** Puts {@code pair} at the head of the triggered-check queue: its check goes out before any other. */
    void triggerFirst(CandidatePair pair) {
        triggered.remove(pair);
        triggered.addFirst(pair);
        waitIfIdle(pair);
    }

    private static void waitIfIdle(CandidatePair pair) {
        if (pair.state() == CandidatePairState.FROZEN || pair.state() == CandidatePairState.FAILED) {
            pair.setState(CandidatePairState.WAITING);
        }
    }

    /**
     * The pair to check next at a pacing tick (RFC 8445 §6.1.4.2): a triggered one, else the best Waiting
     * one, else the best Frozen one, unfrozen.
     */
    Optional<CandidatePair> next() {
        CandidatePair t;
        while ((t = triggered.poll()) != null) {
            if (t.state() != CandidatePairState.FAILED || t.nominateOnSuccess()) {
                return Optional.of(t);
            }
        }
        for (CandidatePair p : pairs) {
            if (p.state() == CandidatePairState.WAITING) {
                return Optional.of(p);
            }
        }
        for (CandidatePair p : pairs) {
            if (p.state() == CandidatePairState.FROZEN) {
                p.setState(CandidatePairState.WAITING);
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** RFC 8445 §7.2.5.3.3: a success unfreezes the pairs of the same foundation. */
    void unfreeze(String foundation) {
        for (CandidatePair p : pairs) {
            if (p.state() == CandidatePairState.FROZEN && p.foundation().equals(foundation)) {
                p.setState(CandidatePairState.WAITING);
            }
        }
    }

    /** Whether checks remain to be sent or answered. */
    boolean hasPendingChecks() {
        if (!triggered.isEmpty()) {
            return true;
        }
        for (CandidatePair p : pairs) {
            CandidatePairState s = p.state();
            if (s == CandidatePairState.WAITING || s == CandidatePairState.FROZEN || s == CandidatePairState.IN_PROGRESS) {
                return true;
            }
        }
        return false;
    }

    /** Whether there are pairs and every one failed. */
    boolean allFailed() {
        return !pairs.isEmpty() && pairs.stream().allMatch(p -> p.state() == CandidatePairState.FAILED);
    }

    /** The best valid pair. */
    Optional<CandidatePair> bestSucceeded() {
        return pairs.stream().filter(p -> p.state() == CandidatePairState.SUCCEEDED).findFirst();
    }

    /** Whether a pair better than {@code pair} may still succeed. */
    boolean betterPending(CandidatePair pair) {
        for (CandidatePair p : pairs) {
            if (p == pair) {
                return false;
            }
            CandidatePairState s = p.state();
            if (s == CandidatePairState.WAITING || s == CandidatePairState.FROZEN || s == CandidatePairState.IN_PROGRESS) {
                return true;
            }
        }
        return false;
    }

    /** Recomputes priorities after a role switch (RFC 8445 §7.3.1.1). */
    void reprioritise(IceRole role) {
        pairs.forEach(p -> p.updatePriority(role));
        pairs.sort(BY_PRIORITY);
    }

    void clear() {
        pairs.clear();
        byKey.clear();
        triggered.clear();
    }

    int size() {
        return pairs.size();
    }
}
