package org.rtc4j.stun;

import java.net.InetSocketAddress;

/**
 * A datagram a sans-IO layer wants sent, drained with {@code pollTransmit()}.
 *
 * <p>The array belongs to the driver once polled; the layer keeps no reference to it.
 *
 * @param source      the local address to send from; null lets the driver use its only or default socket
 * @param destination where to send it
 * @param data        the payload, all of it
 */
public record Transmit(InetSocketAddress source, InetSocketAddress destination, byte[] data) {
    public Transmit {
        if (destination == null || data == null) {
            throw new IllegalArgumentException("a transmit needs a destination and data");
        }
    }
}
