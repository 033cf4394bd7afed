package org.rtc4j.ice;

/** The role of a TCP candidate (RFC 6544 §4.5): it opens connections, accepts them, or both at once. */
public enum TcpType {
    ACTIVE, PASSIVE, SO;

    /** The SDP token. */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
