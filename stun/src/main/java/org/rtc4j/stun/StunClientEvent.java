package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/** What a {@link StunClient} reports about its transactions, drained with {@link StunClient#pollEvent()}. */
public sealed interface StunClientEvent {
    /** The transaction the event is about. */
    TransactionId transactionId();

    /**
     * A response (success or error) matched a pending request and passed the integrity check the
     * request asked for.
     *
     * @param request  the request as sent
     * @param response the response
     * @param source   where the response came from
     * @param rtt      the round-trip time, present only when the request was not resent (Karn's rule)
     */
    record Response(TransactionId transactionId, StunMessage request, StunMessage response, InetSocketAddress source,
                    Optional<Duration> rtt) implements StunClientEvent {
    }

    /**
     * No acceptable response came before the policy's deadline (RFC 8489 §6.2.1).
     *
     * @param request     the request as sent
     * @param destination where it was sent
     */
    record Timeout(TransactionId transactionId, StunMessage request, InetSocketAddress destination) implements StunClientEvent {
    }

    /**
     * A response matched but cannot be processed: it carries comprehension-required attributes
     * rtc4j does not know, so the transaction fails (RFC 8489 §6.3.3, §6.3.4).
     */
    record Failed(TransactionId transactionId, StunMessage request, StunMessage response, String reason) implements StunClientEvent {
    }
}
