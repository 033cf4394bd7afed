package org.rtc4j.ice.sim;

import java.net.InetSocketAddress;
import org.rtc4j.stun.Datagram;

/**
 * A datagram the {@link NetworkEmulator} has carried to its destination, ready for the node that owns
 * {@code toSocket}.
 *
 * @param toSocket the socket address it arrives on (after NAT translation: a private address behind a NAT)
 * @param datagram the datagram as the receiver sees it: the source is the sender's address as
 *                 translated by NATs on the way, the destination is {@code toSocket}
 */
public record Delivery(InetSocketAddress toSocket, Datagram datagram) {
}
