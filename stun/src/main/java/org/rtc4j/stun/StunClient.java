package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STUN client transactions as a sans-IO state machine (RFC 8489 §6.2, §6.3): sends requests,
 * resends them by a {@link RetransmissionPolicy}, matches responses by transaction id, and reports
 * a response or a timeout for each.
 *
 * <p>Drive it by the rule <em>mutate, then drain</em>: after {@link #sendRequest}, {@link #handleReceive},
 * {@link #handleResponse} or {@link #handleTimeout}, call {@link #pollTransmit()} and {@link #pollEvent()}
 * until empty and arm a timer for {@link #pollTimeout()}. Time is only ever a parameter; time going
 * backwards is treated as no time passing. Not thread-safe: one driver thread owns a client.
 *
 * <p>A request sent with a {@link StunKey} only accepts responses that verify with it, except error
 * responses without any integrity (the 400, 401 and 438 challenges of the long-term mechanism,
 * RFC 8489 §9.2.5); anything else that fails the check is dropped and the transaction keeps waiting,
 * as RFC 8489 §9.1.4 and §9.2.5 require. Responses with a bad FINGERPRINT are dropped as well.
 */
public final class StunClient {
    private static final Logger LOG = LoggerFactory.getLogger(StunClient.class);

    /** The default bound on pending transactions. */
    public static final int DEFAULT_MAX_PENDING = 1024;

    private final RetransmissionPolicy defaultPolicy;
    private final int maxPending;
    private final Map<TransactionId, Transaction> pending = new LinkedHashMap<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<StunClientEvent> events = new ArrayDeque<>();
    private final Stats stats = new Stats();
    private Instant lastNow = Instant.MIN;

    /** A client with RFC 8489's UDP defaults and {@link #DEFAULT_MAX_PENDING}. */
    public StunClient() {
        this(RetransmissionPolicy.UDP_DEFAULT, DEFAULT_MAX_PENDING);
    }

    /**
     * @param defaultPolicy how requests are resent unless {@link #sendRequest} says otherwise
     * @param maxPending    the bound on transactions in flight; more is a caller's error
     */
    public StunClient(RetransmissionPolicy defaultPolicy, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending " + maxPending + " (expected: at least 1)");
        }
        this.defaultPolicy = defaultPolicy;
        this.maxPending = maxPending;
    }

    /** Sends a request with the default policy and no integrity check of the response. */
    public TransactionId sendRequest(Instant now, StunMessage request, InetSocketAddress destination) {
        return sendRequest(now, request, null, destination, defaultPolicy, null);
    }

    /**
     * Starts a transaction: the request is queued for {@link #pollTransmit()} at once.
     *
     * @param source      the local address to send from, or null for the driver's default
     * @param policy      how to resend
     * @param responseKey when not null, the key responses must verify with
     * @throws IllegalArgumentException if the message is not a request or its id is already pending
     * @throws IllegalStateException    if {@code maxPending} transactions are in flight
     */
    public TransactionId sendRequest(Instant now, StunMessage request, InetSocketAddress source, InetSocketAddress destination,
                                     RetransmissionPolicy policy, StunKey responseKey) {
        if (request.messageClass() != StunClass.REQUEST) {
            throw new IllegalArgumentException("a transaction needs a request, got " + request.type());
        }
        TransactionId id = request.transactionId();
        if (pending.containsKey(id)) {
            throw new IllegalArgumentException("transaction " + id + " is already pending");
        }
        if (pending.size() >= maxPending) {
            throw new IllegalStateException(pending.size() + " transactions pending (expected: at most " + maxPending + ")");
        }
        Instant t = advance(now);
        Transaction tx = new Transaction(id, request, source, destination, policy, responseKey, t);
        pending.put(id, tx);
        send(tx, t);
        return id;
    }

    /**
     * Handles a datagram that may be a response. Returns whether it was one of ours; anything that
     * is not STUN, not a response, malformed or unmatched is left to the caller and counted.
     */
    public boolean handleReceive(Instant now, Datagram datagram) {
        byte[] data = datagram.data();
        if (!StunMessage.isStunMessage(data, 0, data.length)) {
            return false;
        }
        StunMessage message;
        try {
            message = StunMessage.decode(data, 0, data.length);
        } catch (StunException e) {
            stats.malformed++;
            LOG.debug("dropping malformed STUN from {}: {}", datagram.source(), e.getMessage());
            return false;
        }
        return handleResponse(now, message, datagram.source());
    }

    /** Handles a decoded message; returns whether it answered a pending transaction. */
    public boolean handleResponse(Instant now, StunMessage response, InetSocketAddress source) {
        Instant t = advance(now);
        if (!response.messageClass().isResponse()) {
            return false;
        }
        Transaction tx = pending.get(response.transactionId());
        if (tx == null) {
            stats.unmatched++;
            return false;
        }
        if (!response.method().equals(tx.request.method())) {
            stats.dropped++;
            LOG.debug("dropping {} for a {} transaction {}", response.type(), tx.request.method(), tx.id);
            return true;
        }
        if (response.hasFingerprint() && !response.isFingerprintValid()) {
            stats.dropped++;
            LOG.debug("dropping response to {} with a bad FINGERPRINT", tx.id);
            return true;
        }
        if (tx.key != null && !acceptsIntegrity(tx.key, response)) {
            stats.dropped++;
            LOG.debug("dropping response to {} that fails integrity", tx.id);
            return true;
        }
        pending.remove(tx.id);
        if (!response.unknownComprehensionRequired().isEmpty()) {
            events.add(new StunClientEvent.Failed(tx.id, tx.request, response,
                    "unknown comprehension-required attributes " + response.unknownComprehensionRequired()));
            return true;
        }
        stats.responses++;
        Optional<Duration> rtt = tx.sent == 1 ? Optional.of(Duration.between(tx.firstSent, t)) : Optional.empty();
        events.add(new StunClientEvent.Response(tx.id, tx.request, response, source, rtt));
        return true;
    }

    private static boolean acceptsIntegrity(StunKey key, StunMessage response) {
        if (!response.hasMessageIntegrity() && !response.hasMessageIntegritySha256()) {
            return response.messageClass() == StunClass.ERROR_RESPONSE;
        }
        return response.isIntegrityValid(key);
    }

    /** Resends requests whose timer expired and ends transactions past their deadline. */
    public void handleTimeout(Instant now) {
        Instant t = advance(now);
        Iterator<Transaction> it = pending.values().iterator();
        while (it.hasNext()) {
            Transaction tx = it.next();
            if (tx.deadline.isAfter(t)) {
                continue;
            }
            if (tx.policy.reliable() || tx.sent >= tx.policy.maxSends()) {
                it.remove();
                stats.timeouts++;
                events.add(new StunClientEvent.Timeout(tx.id, tx.request, tx.destination));
            } else {
                stats.retransmissions++;
                send(tx, t);
            }
        }
    }

    /** Forgets a transaction without an event; a late response to it is then unmatched. */
    public boolean cancel(TransactionId id) {
        return pending.remove(id) != null;
    }

    /** The next datagram to send. */
    public Optional<Transmit> pollTransmit() {
        return Optional.ofNullable(transmits.poll());
    }

    /** The next event. */
    public Optional<StunClientEvent> pollEvent() {
        return Optional.ofNullable(events.poll());
    }

    /** The earliest moment {@link #handleTimeout} has work, if any transaction is pending. */
    public Optional<Instant> pollTimeout() {
        Instant earliest = null;
        for (Transaction tx : pending.values()) {
            if (earliest == null || tx.deadline.isBefore(earliest)) {
                earliest = tx.deadline;
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** How many transactions are in flight. */
    public int pendingCount() {
        return pending.size();
    }

    /** Whether a transaction is in flight. */
    public boolean isPending(TransactionId id) {
        return pending.containsKey(id);
    }

    /** Counters since creation. */
    public Stats stats() {
        return stats.copy();
    }

    private void send(Transaction tx, Instant now) {
        tx.sent++;
        tx.deadline = now.plus(tx.policy.waitAfterSend(tx.sent));
        transmits.add(new Transmit(tx.source, tx.destination, tx.request.toByteArray()));
        stats.requestsSent++;
    }

    private Instant advance(Instant now) {
        if (now.isAfter(lastNow)) {
            lastNow = now;
        }
        return lastNow;
    }

    private static final class Transaction {
        final TransactionId id;
        final StunMessage request;
        final InetSocketAddress source;
        final InetSocketAddress destination;
        final RetransmissionPolicy policy;
        final StunKey key;
        final Instant firstSent;
        int sent;
        Instant deadline;

        Transaction(TransactionId id, StunMessage request, InetSocketAddress source, InetSocketAddress destination,
                    RetransmissionPolicy policy, StunKey key, Instant firstSent) {
            this.id = id;
            this.request = request;
            this.source = source;
            this.destination = destination;
            this.policy = policy;
            this.key = key;
            this.firstSent = firstSent;
        }
    }

    /** Counters of a {@link StunClient}; a snapshot. */
    public static final class Stats {
        long requestsSent;
        long retransmissions;
        long responses;
        long timeouts;
        long malformed;
        long unmatched;
        long dropped;

        /** Requests sent, first sends and retransmissions. */
        public long requestsSent() {
            return requestsSent;
        }

        /** Requests sent again. */
        public long retransmissions() {
            return retransmissions;
        }

        /** Responses that completed a transaction. */
        public long responses() {
            return responses;
        }

        /** Transactions that ended without a response. */
        public long timeouts() {
            return timeouts;
        }

        /** STUN-looking datagrams that failed to decode. */
        public long malformed() {
            return malformed;
        }

        /** Responses for no pending transaction (late, duplicated or forged). */
        public long unmatched() {
            return unmatched;
        }

        /** Responses to a pending transaction that were refused (integrity, fingerprint, method). */
        public long dropped() {
            return dropped;
        }

        Stats copy() {
            Stats s = new Stats();
            s.requestsSent = requestsSent;
            s.retransmissions = retransmissions;
            s.responses = responses;
            s.timeouts = timeouts;
            s.malformed = malformed;
            s.unmatched = unmatched;
            s.dropped = dropped;
            return s;
        }

        @Override
        public String toString() {
            return "sent=" + requestsSent + " retransmitted=" + retransmissions + " responses=" + responses
                    + " timeouts=" + timeouts + " malformed=" + malformed + " unmatched=" + unmatched + " dropped=" + dropped;
        }
    }
}
