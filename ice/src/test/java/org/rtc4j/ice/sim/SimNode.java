package org.rtc4j.ice.sim;

import java.time.Instant;
import java.util.Optional;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/**
 * A participant of a {@link Simulation}: a sans-IO state machine that the simulation feeds with
 * datagrams and timeouts on virtual time and drains of datagrams to send.
 *
 * <p>Every {@link Transmit} a node emits must name its {@code source}: the local socket address it
 * sends from, which must be one the node owns in the simulation. The network uses it to find the
 * sending host and to translate it at NATs.
 */
public interface SimNode {
    /** A datagram arrived on one of the node's socket addresses ({@link Datagram#destination()}). */
    void handleReceive(Instant now, Datagram datagram);

    /** The node's deadline came; spurious calls must be harmless. */
    void handleTimeout(Instant now);

    /** The next datagram to send, with a non-null source. */
    Optional<Transmit> pollTransmit();

    /**
     * The earliest moment the node wants {@link #handleTimeout}, if any. After {@code handleTimeout(now)}
     * it must return a later moment or nothing, or the simulation reports a livelock.
     */
    Optional<Instant> pollTimeout();
}
