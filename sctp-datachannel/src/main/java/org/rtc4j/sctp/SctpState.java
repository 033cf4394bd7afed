package org.rtc4j.sctp;

/** The states of an association (RFC 9260 §4), as {@link SctpAssociation#state()} reports them. */
public enum SctpState {
    CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED,
    SHUTDOWN_ACK_SENT
}
