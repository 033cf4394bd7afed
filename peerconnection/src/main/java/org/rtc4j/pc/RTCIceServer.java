package org.rtc4j.pc;

import java.util.List;
import java.util.Objects;

/**
 * A STUN or TURN server (W3C §4.2.4): {@code stun:host[:port]}, {@code turn:host[:port][?transport=udp|tcp]}
 * or {@code turns:host[:port][?transport=tcp]} URLs (RFC 7064, 7065) with the TURN credentials.
 */
public record RTCIceServer(List<String> urls, String username, String credential) {
    public RTCIceServer {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL");
        }
    }

    public static RTCIceServer stun(String url) {
        return new RTCIceServer(List.of(url), null, null);
    }

    public static RTCIceServer turn(String url, String username, String credential) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(credential, "credential");
        return new RTCIceServer(List.of(url), username, credential);
    }
}
