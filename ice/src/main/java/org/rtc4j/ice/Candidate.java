package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * An ICE candidate (RFC 8445 §5.1) and its SDP form, the {@code a=candidate} attribute of RFC 8839
 * §5.1 with the TCP candidates of RFC 6544 and the extensions browsers add ({@code generation},
 * {@code ufrag}, {@code network-id}, {@code network-cost}).
 *
 * <p>An immutable value. The address of a candidate whose connection-address is a host name (an
 * mDNS {@code .local} name, RFC 8839 §5.1 and draft-ietf-mmusic-mdns-ice-candidates) is kept
 * unresolved; nothing here performs DNS.
 *
 * @param foundation     1 to 32 ice-chars; candidates with equal foundations are "similar" (RFC 8445 §5.1.1.3)
 * @param component      the component id, 1 to 256 (1 is RTP, or everything with rtcp-mux and BUNDLE)
 * @param transport      UDP or TCP
 * @param priority       1 to 2^31 - 1 by RFC 8445 §5.1.2, up to 2^32 - 1 accepted from SDP
 * @param address        the transport address; unresolved for a host name
 * @param type           host, srflx, prflx or relay
 * @param relatedAddress {@code raddr}/{@code rport}, or null
 * @param tcpType        for TCP candidates, or null
 * @param extensions     the name/value pairs after the fixed fields, in order
 */
public record Candidate(String foundation, int component, TransportProtocol transport, long priority,
                        InetSocketAddress address, CandidateType type, InetSocketAddress relatedAddress,
                        TcpType tcpType, List<Extension> extensions) {
    private static final Pattern ICE_CHARS = Pattern.compile("[A-Za-z0-9+/]{1,32}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    /** The longest candidate line accepted, a bound on what a remote peer can make us parse. */
    public static final int MAX_LINE_LENGTH = 1024;

    /** A candidate extension attribute: a name and a value, both without spaces. */
    public record Extension(String name, String value) {
        public Extension {
            if (name.isEmpty() || value.isEmpty() || name.indexOf(' ') >= 0 || value.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("extension '" + name + "' '" + value + "' (expected: non-empty tokens)");
            }
        }
    }

    public Candidate {
        if (!ICE_CHARS.matcher(foundation).matches()) {
            throw new IllegalArgumentException("foundation '" + foundation + "' (expected: 1 ~ 32 of ALPHA DIGIT + /)");
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("component " + component + " (expected: 1 ~ 256)");
        }
        if (priority < 1 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("priority " + priority + " (expected: 1 ~ 4294967295)");
        }
        if (address == null || type == null || transport == null) {
            throw new IllegalArgumentException("address, type and transport are required");
        }
        if (tcpType != null && transport != TransportProtocol.TCP) {
            throw new IllegalArgumentException("tcptype on a " + transport + " candidate");
        }
        extensions = List.copyOf(extensions);
    }

    /**
     * The priority formula of RFC 8445 §5.1.2.1.
     *
     * @param localPreference 0 ~ 65535, higher for preferred interfaces
     */
    public static long priority(CandidateType type, int localPreference, int component) {
        if (localPreference < 0 || localPreference > 0xFFFF) {
            throw new IllegalArgumentException("local preference " + localPreference + " (expected: 0 ~ 65535)");
        }
        return ((long) type.typePreference() << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** Whether the address is a name (an mDNS {@code .local} name) rather than an IP literal. */
    public boolean isHostName() {
        return address.isUnresolved();
    }

    /** The {@code generation} extension. */
    public OptionalInt generation() {
        return intExtension("generation");
    }

    /** The {@code ufrag} extension: which ICE credentials (and so which restart) the candidate belongs to. */
    public Optional<String> ufrag() {
        return extension("ufrag");
    }

    /** The {@code network-id} extension. */
    public OptionalInt networkId() {
        return intExtension("network-id");
    }

    /** The {@code network-cost} extension. */
    public OptionalInt networkCost() {
        return intExtension("network-cost");
    }

    /** The value of an extension. */
    public Optional<String> extension(String name) {
        for (Extension e : extensions) {
            if (e.name().equals(name)) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }

    private OptionalInt intExtension(String name) {
        Optional<String> v = extension(name);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.get()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** This candidate with another extension value, replacing one of the same name. */
    public Candidate withExtension(String name, String value) {
        List<Extension> ext = new ArrayList<>(extensions.size() + 1);
        boolean replaced = false;
        for (Extension e : extensions) {
            if (e.name().equals(name)) {
                ext.add(new Extension(name, value));
                replaced = true;
            } else {
                ext.add(e);
            }
        }
        if (!replaced) {
            ext.add(new Extension(name, value));
        }
        return new Candidate(foundation, component, transport, priority, address, type, relatedAddress, tcpType, ext);
    }

    /**
     * Parses an {@code a=candidate} value. The {@code a=} and {@code candidate:} prefixes are optional,
     * so both SDP lines and the W3C {@code RTCIceCandidate.candidate} string are accepted.
     *
     * @throws IceException naming the field that is wrong and what was expected
     */
    public static Candidate parse(String line) throws IceException {
        if (line.length() > MAX_LINE_LENGTH) {
            throw new IceException("candidate line of " + line.length() + " characters (expected: at most " + MAX_LINE_LENGTH + ")");
        }
        String s = line.strip();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.regionMatches(true, 0, "candidate:", 0, 10)) {
            s = s.substring(10);
        }
        String[] f = s.split(" ", -1);
        if (f.length < 8) {
            throw new IceException("candidate '" + line + "' has " + f.length + " fields (expected: at least 8: "
                    + "foundation component transport priority address port typ type)");
        }
        String foundation = f[0];
        if (!ICE_CHARS.matcher(foundation).matches()) {
            throw new IceException("foundation '" + foundation + "' (expected: 1 ~ 32 of ALPHA DIGIT + /)");
        }
        int component = (int) number(f[1], "component", 1, 256);
        TransportProtocol transport;
        if (f[2].equalsIgnoreCase("udp")) {
            transport = TransportProtocol.UDP;
        } else if (f[2].equalsIgnoreCase("tcp")) {
            transport = TransportProtocol.TCP;
        } else {
            throw new IceException("transport '" + f[2] + "' (expected: UDP or TCP)");
        }
        long priority = number(f[3], "priority", 1, 0xFFFF_FFFFL);
        InetSocketAddress address = address(f[4], f[5], "connection-address");
        if (!f[6].equals("typ")) {
            throw new IceException("'" + f[6] + "' where 'typ' was expected");
        }
        CandidateType type = CandidateType.ofToken(f[7]);
        InetSocketAddress related = null;
        TcpType tcpType = null;
        List<Extension> extensions = new ArrayList<>();
        int i = 8;
        if (i + 1 < f.length && f[i].equals("raddr")) {
            if (i + 3 >= f.length || !f[i + 2].equals("rport")) {
                throw new IceException("raddr without rport in '" + line + "'");
            }
            related = address(f[i + 1], f[i + 3], "raddr");
            i += 4;
        }
        for (; i < f.length; i += 2) {
            if (i + 1 >= f.length || f[i].isEmpty() || f[i + 1].isEmpty()) {
                throw new IceException("extension '" + f[i] + "' has no value (expected: name value pairs)");
            }
            if (f[i].equals("tcptype")) {
                if (transport != TransportProtocol.TCP) {
                    throw new IceException("tcptype on a UDP candidate");
                }
                tcpType = switch (f[i + 1]) {
                    case "active" -> TcpType.ACTIVE;
                    case "passive" -> TcpType.PASSIVE;
                    case "so" -> TcpType.SO;
                    default -> throw new IceException("tcptype '" + f[i + 1] + "' (expected: active, passive or so)");
                };
            } else {
                extensions.add(new Extension(f[i], f[i + 1]));
            }
        }
        return new Candidate(foundation, component, transport, priority, address, type, related, tcpType, extensions);
    }

    private static long number(String s, String field, long min, long max) throws IceException {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            throw new IceException(field + " '" + s + "' (expected: a number " + min + " ~ " + max + ")");
        }
        long v = Long.parseLong(s);
        if (v < min || v > max) {
            throw new IceException(field + " " + v + " (expected: " + min + " ~ " + max + ")");
        }
        return v;
    }

    private static InetSocketAddress address(String host, String port, String field) throws IceException {
        int p = (int) number(port, field + " port", 0, 65535);
        InetAddress literal = literalOrUnresolved(host, field);
        return literal == null ? InetSocketAddress.createUnresolved(host, p) : new InetSocketAddress(literal, p);
    }

    /** Parses an IP literal without any DNS lookup; a host name yields null (kept unresolved). */
    private static InetAddress literalOrUnresolved(String host, String field) throws IceException {
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = host.indexOf(':') >= 0;
        if (!v4 && !v6) {
            if (!HOST_NAME.matcher(host).matches() || host.length() > 253) {
                throw new IceException(field + " '" + host + "' (expected: an IPv4 or IPv6 address or a host name)");
            }
            return null;
        }
        if (v4) {
            for (String part : host.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IceException(field + " '" + host + "' (expected: an IPv4 address)");
                }
            }
        }
        try {
            // Literals only: InetAddress parses these without a lookup.
            return InetAddress.getByName(v6 && !host.startsWith("[") ? "[" + host + "]" : host);
        } catch (UnknownHostException | SecurityException e) {
            throw new IceException(field + " '" + host + "' (expected: an IPv4 or IPv6 address)");
        }
    }

    /** The value of the {@code a=candidate} attribute, without {@code a=} (and with {@code candidate:}). */
    public String toSdp() {
        StringBuilder sb = new StringBuilder("candidate:").append(foundation).append(' ').append(component).append(' ')
                .append(transport.token()).append(' ').append(priority).append(' ').append(host(address)).append(' ')
                .append(address.getPort()).append(" typ ").append(type.token());
        if (relatedAddress != null) {
            sb.append(" raddr ").append(host(relatedAddress)).append(" rport ").append(relatedAddress.getPort());
        }
        if (tcpType != null) {
            sb.append(" tcptype ").append(tcpType.token());
        }
        for (Extension e : extensions) {
            sb.append(' ').append(e.name()).append(' ').append(e.value());
        }
        return sb.toString();
    }

    private static String host(InetSocketAddress a) {
        if (a.isUnresolved()) {
            return a.getHostString();
        }
        return a.getAddress() instanceof java.net.Inet6Address v6 ? ipv6Text(v6.getAddress()) : a.getAddress().getHostAddress();
    }

    /** The RFC 5952 text of an IPv6 address: lower case, the longest run of two or more zero groups as "::". */
    static String ipv6Text(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toSdp();
    }
}
