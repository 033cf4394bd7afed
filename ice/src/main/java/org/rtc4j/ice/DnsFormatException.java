package org.rtc4j.ice;

/**
 * A DNS message that {@link DnsMessage} refuses to decode: truncated, with counts that exceed the
 * message, a compression pointer that loops or points forward, a label longer than 63 bytes or a
 * name longer than 255 (RFC 1035 §2.3.4, §4.1.4), or an address record of the wrong length.
 *
 * <p>Package-private: the mDNS resolver and responder catch it, count the datagram as malformed
 * and drop it; it never leaves their {@code handleReceive}. It carries no stack trace: it reports
 * bad input, not a bug, and a flood of hostile datagrams should not pay for one each.
 */
final class DnsFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    DnsFormatException(String message) {
        super(message, null, false, false);
    }
}
