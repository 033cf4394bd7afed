package org.rtc4j.stun;

import java.net.InetSocketAddress;

/**
 * A datagram that arrived from the network, handed to a {@code handleReceive} method.
 *
 * <p>The array is handed over: the receiver may keep it, and the caller must not change it
 * afterwards. This is what lets the hot path skip a copy.
 *
 * @param source      where it came from
 * @param destination the local address it arrived on; may be null when the driver has one socket
 * @param data        the payload, all of it
 */
public record Datagram(InetSocketAddress source, InetSocketAddress destination, byte[] data) {
    public Datagram {
        if (source == null || data == null) {
            throw new IllegalArgumentException("a datagram needs a source and data");
        }
    }
}
