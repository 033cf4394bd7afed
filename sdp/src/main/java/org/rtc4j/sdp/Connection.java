package org.rtc4j.sdp;

import java.util.List;

/**
 * The connection line {@code c=<nettype> <addrtype> <connection-address>} (RFC 8866 §5.7). WebRTC
 * writes {@code c=IN IP4 0.0.0.0} until a candidate is chosen; the address of a multicast session
 * may carry {@code /<ttl>/<count>}, which is kept in {@link #address()}.
 *
 * @param netType the network type, {@code IN}
 * @param addrType the address type, {@code IP4} or {@code IP6}
 * @param address the connection address as written
 */
public record Connection(String netType, String addrType, String address) {
    /** {@code c=IN IP4 0.0.0.0}, what JSEP writes before any candidate is known. */
    public static final Connection ANY_IP4 = new Connection("IN", "IP4", "0.0.0.0");

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public Connection {
        Values.token(netType, "nettype");
        Values.token(addrType, "addrtype");
        Values.token(address, "connection address");
    }

    /** The {@code c=} line. */
    public SdpLine toLine() {
        return SdpLine.of('c', netType + ' ' + addrType + ' ' + address);
    }

    static final String EXPECTED = "<nettype> <addrtype> <connection-address>, e.g. IN IP4 0.0.0.0";

    /** Parses and checks a c= line; the parser calls this for every c= line. */
    static Connection parse(SdpLine line) {
        List<String> f = Values.fields(line.value());
        if (f.size() != 3) {
            throw SdpParseException.at(line, "the c-line has " + f.size() + " fields", EXPECTED);
        }
        return new Connection(f.get(0), f.get(1), f.get(2));
    }
}
