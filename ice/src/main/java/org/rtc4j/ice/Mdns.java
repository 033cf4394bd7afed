package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The constants of Multicast DNS (RFC 6762) shared by {@link MdnsResolver} and {@link MdnsResponder}:
 * the port and the two link-local groups, and the test for a {@code .local} name.
 */
public final class Mdns {
    /** The mDNS port, RFC 6762 §3. A responder must send from it (§11); a resolver may use any port. */
    public static final int PORT = 5353;
    /** The IPv4 group 224.0.0.251 on {@link #PORT}, RFC 6762 §3. */
    public static final InetSocketAddress IPV4_GROUP = group(new byte[] {(byte) 224, 0, 0, (byte) 251});
    /** The IPv6 group ff02::fb on {@link #PORT}, RFC 6762 §3. */
    public static final InetSocketAddress IPV6_GROUP =
            group(new byte[] {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xfb});

    private Mdns() {
    }

    /**
     * Whether a name is under {@code local.} (RFC 6762 §3), case-insensitively, with or without the
     * trailing dot, and has a label before it: {@code 1f2e….local} is, {@code local} and
     * {@code example.com} are not.
     */
    public static boolean isLocalName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return n.length() > 6 && n.regionMatches(true, n.length() - 6, ".local", 0, 6);
    }

    private static InetSocketAddress group(byte[] address) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), PORT);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
