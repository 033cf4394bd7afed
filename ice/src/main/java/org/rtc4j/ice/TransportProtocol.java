package org.rtc4j.ice;

/** The transport of a candidate: UDP (RFC 8445) or TCP (RFC 6544). */
public enum TransportProtocol {
    UDP, TCP;

    /** The lower-case SDP token browsers write. */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
