package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A STUN or TURN server as the W3C {@code RTCIceServer} names it: a {@code stun:}/{@code stuns:} URI
 * (RFC 7064) or a {@code turn:}/{@code turns:} URI (RFC 7065) with the username and credential that
 * go with it.
 *
 * <p>The grammar is {@code scheme ":" host [":" port] ["?transport=" ("udp" / "tcp")]}, the query only
 * on TURN URIs. The port defaults to 3478, or 5349 for the secure schemes. {@code turns:} means TLS
 * over TCP whatever the transport parameter says, except {@code ?transport=udp}, which would be DTLS
 * and is refused as unsupported.
 *
 * <p>Nothing here performs DNS: {@link #address()} returns a resolved address only for IP literals and
 * an unresolved one for host names, which the driver resolves. {@link #toString()} hides the credential.
 *
 * @param scheme     which kind of server
 * @param host       a host name, an IPv4 literal or an IPv6 literal (without brackets)
 * @param port       1 ~ 65535
 * @param transport  how to reach the server: UDP, TCP, or TLS over TCP
 * @param username   the TURN username; may be null for STUN
 * @param credential the TURN password; may be null for STUN
 */
public record TurnServerUrl(Scheme scheme, String host, int port, Transport transport, String username, String credential) {
    /** The longest URL accepted; URLs may come from signaling, so their size is bounded. */
    public static final int MAX_URL_LENGTH = 1024;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** The URI scheme, with its default port and whether it means TLS. */
    public enum Scheme {
        /** {@code stun:} (RFC 7064), STUN over UDP. */
        STUN("stun", 3478, false, false),
        /** {@code stuns:} (RFC 7064), STUN over TLS. */
        STUNS("stuns", 5349, true, false),
        /** {@code turn:} (RFC 7065), TURN over UDP or TCP. */
        TURN("turn", 3478, false, true),
        /** {@code turns:} (RFC 7065), TURN over TLS. */
        TURNS("turns", 5349, true, true);

        private final String token;
        private final int defaultPort;
        private final boolean secure;
        private final boolean turn;

        Scheme(String token, int defaultPort, boolean secure, boolean turn) {
            this.token = token;
            this.defaultPort = defaultPort;
            this.secure = secure;
            this.turn = turn;
        }

        /** The scheme as written in a URI, lower case. */
        public String token() {
            return token;
        }

        /** 3478, or 5349 for the TLS schemes. */
        public int defaultPort() {
            return defaultPort;
        }

        /** Whether the scheme means TLS. */
        public boolean isSecure() {
            return secure;
        }

        /** Whether this is a TURN scheme, which needs a username and a credential. */
        public boolean isTurn() {
            return turn;
        }
    }

    /** How the client reaches the server (not what the relay uses: relays are always UDP here). */
    public enum Transport {
        /** Datagrams: each STUN message or ChannelData in its own datagram. */
        UDP,
        /** A TCP connection carrying STUN messages and padded ChannelData back to back (RFC 8656 §12.5). */
        TCP,
        /** The same stream as TCP inside TLS (RFC 8656 §3.1); the driver does the TLS. */
        TLS;

        /** Whether messages travel in a byte stream that must be framed (TCP and TLS, RFC 8656 §12.5). */
        public boolean isStream() {
            return this != UDP;
        }
    }

    public TurnServerUrl {
        if (scheme == null || host == null || transport == null) {
            throw new IllegalArgumentException("scheme, host and transport are required");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("an empty host (expected: a host name or an IP address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 1 ~ 65535)");
        }
        if (scheme.isSecure() != (transport == Transport.TLS)) {
            throw new IllegalArgumentException(scheme.token() + ": with transport " + transport
                    + " (expected: TLS exactly for the secure schemes)");
        }
        if (scheme == Scheme.STUN && transport != Transport.UDP) {
            throw new IllegalArgumentException("stun: with transport " + transport + " (expected: UDP)");
        }
        if (scheme.isTurn() && (username == null || credential == null)) {
            throw new IllegalArgumentException(scheme.token() + ": needs a username and a credential");
        }
    }

    /**
     * Parses a STUN or TURN URI.
     *
     * @param url        such as {@code turn:turn.example.org?transport=tcp} or {@code turns:[2001:db8::1]:443}
     * @param username   the TURN username, or null for STUN
     * @param credential the TURN password, or null for STUN
     * @throws IceException saying what part of the URI is wrong and what was expected
     */
    public static TurnServerUrl parse(String url, String username, String credential) throws IceException {
        if (url == null) {
            throw new IceException("no URL (expected: stun:, stuns:, turn: or turns: host[:port])");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new IceException("URL of " + url.length() + " characters (expected: at most " + MAX_URL_LENGTH + ")");
        }
        String s = url.strip();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IceException("'" + url + "' has no scheme (expected: stun:, stuns:, turn: or turns:)");
        }
        Scheme scheme = scheme(s.substring(0, colon), url);
        String rest = s.substring(colon + 1);
        if (rest.startsWith("//")) {
            throw new IceException("'" + url + "' (expected: " + scheme.token() + ":host[:port] without '//', RFC 7064/7065)");
        }
        if (rest.indexOf('@') >= 0) {
            throw new IceException("'" + url + "' carries user information (expected: the username and credential passed separately)");
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Transport transport = transport(scheme, query, url);

        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IceException("'" + url + "' opens an IPv6 literal without closing it (expected: [address])");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IceException("'" + after + "' after the IPv6 literal (expected: :port)");
                }
                portText = after.substring(1);
            }
            checkIpv6(host, url);
        } else {
            int portColon = rest.indexOf(':');
            if (portColon >= 0) {
                if (rest.indexOf(':', portColon + 1) >= 0) {
                    throw new IceException("'" + url + "' has an IPv6 address without brackets (expected: [address])");
                }
                host = rest.substring(0, portColon);
                portText = rest.substring(portColon + 1);
            } else {
                host = rest;
            }
            checkHost(host, url);
        }
        int port = portText == null ? scheme.defaultPort() : port(portText, url);
        if (scheme.isTurn() && (username == null || credential == null)) {
            throw new IceException(scheme.token() + ": '" + url + "' needs a username and a credential");
        }
        return new TurnServerUrl(scheme, host, port, transport, username, credential);
    }

    private static Scheme scheme(String token, String url) throws IceException {
        for (Scheme scheme : Scheme.values()) {
            if (scheme.token().equalsIgnoreCase(token)) {
                return scheme;
            }
        }
        throw new IceException("scheme '" + token + "' in '" + url + "' (expected: stun, stuns, turn or turns)");
    }

    private static Transport transport(Scheme scheme, String query, String url) throws IceException {
        if (query == null) {
            return scheme.isSecure() ? Transport.TLS : Transport.UDP;
        }
        if (!scheme.isTurn()) {
            throw new IceException("'" + url + "': a " + scheme.token() + ": URI takes no query (expected: " + scheme.token() + ":host[:port], RFC 7064)");
        }
        String lower = query.toLowerCase(Locale.ROOT);
        if (lower.equals("transport=tcp")) {
            return scheme.isSecure() ? Transport.TLS : Transport.TCP;
        }
        if (lower.equals("transport=udp")) {
            if (scheme.isSecure()) {
                throw new IceException("'" + url + "' asks for DTLS, which rtc4j does not support (expected: turns: over TLS, transport=tcp)");
            }
            return Transport.UDP;
        }
        throw new IceException("query '" + query + "' in '" + url + "' (expected: transport=udp or transport=tcp)");
    }

    private static void checkHost(String host, String url) throws IceException {
        if (host.isEmpty()) {
            throw new IceException("'" + url + "' has no host (expected: scheme:host[:port])");
        }
        if (IPV4.matcher(host).matches()) {
            for (String part : host.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IceException("host '" + host + "' (expected: an IPv4 address with parts 0 ~ 255)");
                }
            }
            return;
        }
        if (host.length() > 253 || !HOST_NAME.matcher(host).matches()) {
            throw new IceException("host '" + host + "' in '" + url + "' (expected: a host name or an IP address)");
        }
    }

    private static void checkIpv6(String host, String url) throws IceException {
        if (host.isEmpty() || host.indexOf(':') < 0 || !IPV6_CHARS.matcher(host).matches()) {
            throw new IceException("'[" + host + "]' in '" + url + "' (expected: an IPv6 address)");
        }
        try {
            // A bracketed literal is parsed without any lookup.
            InetAddress.getByName("[" + host + "]");
        } catch (UnknownHostException e) {
            throw new IceException("'[" + host + "]' in '" + url + "' (expected: an IPv6 address)");
        }
    }

    private static int port(String text, String url) throws IceException {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IceException("port '" + text + "' in '" + url + "' (expected: 1 ~ 65535)");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IceException("port " + port + " in '" + url + "' (expected: 1 ~ 65535)");
        }
        return port;
    }

    /** Whether this is a TURN server (as opposed to a STUN-only one). */
    public boolean isTurn() {
        return scheme.isTurn();
    }

    /**
     * The server's transport address without DNS: resolved for an IP literal, unresolved for a host
     * name (the driver resolves it, as a sans-IO layer must not).
     */
    public InetSocketAddress address() {
        if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
            try {
                return new InetSocketAddress(InetAddress.getByName(host.indexOf(':') >= 0 ? "[" + host + "]" : host), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("host '" + host + "' is not the literal it looked like", e);
            }
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** The URI in its canonical form: the default port and transport written out, no credentials. */
    public String toUrl() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String url = scheme.token() + ":" + h + ":" + port;
        if (scheme.isTurn()) {
            url += "?transport=" + (transport == Transport.UDP ? "udp" : "tcp");
        }
        return url;
    }

    /** The URI and the username; the credential is never printed. */
    @Override
    public String toString() {
        return toUrl() + (username != null ? " (username " + username + ", credential hidden)" : "");
    }
}
