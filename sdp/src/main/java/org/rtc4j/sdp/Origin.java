package org.rtc4j.sdp;

import java.util.List;

/**
 * The origin line {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}
 * (RFC 8866 §5.2). JSEP (RFC 8829 §5.2.1) writes {@code o=- <random 63-bit id> <version> IN IP4 127.0.0.1}
 * and increments the version with every new local description.
 *
 * @param username the user name, {@code -} when there is none
 * @param sessionId the session id, decimal digits (kept as text: some stacks exceed 64 bits)
 * @param sessionVersion the session version
 * @param netType the network type, {@code IN}
 * @param addrType the address type, {@code IP4} or {@code IP6}
 * @param address the unicast address of the machine that created the session
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addrType,
                     String address) {
    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */
    public Origin {
        Values.token(username, "username");
        Values.token(sessionId, "session id");
        if (!Values.isDigits(sessionId)) {
            throw new IllegalArgumentException("session id '" + sessionId + "' is not a number (expected: digits)");
        }
        Values.range(sessionVersion, 0, Long.MAX_VALUE, "session version");
        Values.token(netType, "nettype");
        Values.token(addrType, "addrtype");
        Values.token(address, "address");
    }

    /** The origin that JSEP writes: user {@code -}, the given id and version, {@code IN IP4 127.0.0.1}. */
    public static Origin of(long sessionId, long sessionVersion) {
        Values.range(sessionId, 0, Long.MAX_VALUE, "session id");
        return new Origin("-", Long.toString(sessionId), sessionVersion, "IN", "IP4", "127.0.0.1");
    }

    /** This origin with another session version. */
    public Origin withSessionVersion(long version) {
        return new Origin(username, sessionId, version, netType, addrType, address);
    }

    /** The {@code o=} line. */
    public SdpLine toLine() {
        return SdpLine.of('o', username + ' ' + sessionId + ' ' + sessionVersion + ' ' + netType + ' ' + addrType
                + ' ' + address);
    }

    static final String EXPECTED = "<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>";

    /** Checks the number of fields, as the parser does for every o= line. */
    static List<String> fields(SdpLine line) {
        List<String> f = Values.fields(line.value());
        if (f.size() != 6) {
            throw SdpParseException.at(line, "the o-line has " + f.size() + " fields", EXPECTED);
        }
        return f;
    }

    static Origin parse(SdpLine line) {
        List<String> f = fields(line);
        if (!Values.isDigits(f.get(1))) {
            throw SdpParseException.at(line, "sess-id '" + f.get(1) + "' is not a number", "digits");
        }
        long version = Values.number(line, f.get(2), 0, Long.MAX_VALUE, "sess-version");
        return new Origin(f.get(0), f.get(1), version, f.get(3), f.get(4), f.get(5));
    }
}
