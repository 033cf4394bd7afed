package org.rtc4j.ice.sim;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One entry of the {@link NetworkEmulator}'s packet capture.
 *
 * @param time   when it happened, in virtual time
 * @param kind   sent by a node, delivered to a socket, or dropped on the way
 * @param from   the source as seen at that point (translated by NATs once past them)
 * @param to     the destination as seen at that point
 * @param length the payload length in bytes
 * @param reason why it was dropped; null unless {@code kind} is {@link Kind#DROPPED}
 */
public record PacketRecord(Instant time, Kind kind, InetSocketAddress from, InetSocketAddress to, int length,
                           DropReason reason) {
    /** What happened to the datagram. */
    public enum Kind {
        /** A node handed it to the network. */
        SENT,
        /** It reached its destination socket. */
        DELIVERED,
        /** The network dropped it. */
        DROPPED
    }

    @Override
    public String toString() {
        return time + " " + kind + (reason != null ? "(" + reason + ")" : "") + " " + from + " -> " + to + " " + length + "B";
    }
}
