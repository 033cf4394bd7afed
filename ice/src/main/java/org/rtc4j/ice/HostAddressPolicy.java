package org.rtc4j.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which local addresses become host candidates (RFC 8445 §5.1.1.1): by default every address of
 * every interface that is up, IPv4 and IPv6, except loopback, link-local, and IPv6 site-local or
 * deprecated-format ones, as browsers do. Tests relax it to use loopback.
 *
 * <p>Enumerating interfaces reads the host's configuration; it opens no socket. The driver binds a
 * socket on each address and declares it with {@link IceAgent#addHostAddress}.
 *
 * @param ipv4          include IPv4 addresses
 * @param ipv6          include IPv6 addresses
 * @param loopback      include loopback addresses (127.0.0.0/8, ::1)
 * @param linkLocal     include link-local addresses (169.254.0.0/16, fe80::/10)
 * @param routable      include every other (private or public) unicast address
 * @param maxAddresses  a bound on how many addresses are used
 */
public record HostAddressPolicy(boolean ipv4, boolean ipv6, boolean loopback, boolean linkLocal, boolean routable,
                                int maxAddresses) {
    /** What browsers use: IPv4 and IPv6, no loopback or link-local, at most 8 addresses. */
    public static final HostAddressPolicy DEFAULT = new HostAddressPolicy(true, true, false, false, true, 8);
    /** IPv4 loopback only, for tests on one machine. */
    public static final HostAddressPolicy LOOPBACK_ONLY = new HostAddressPolicy(true, false, true, false, false, 1);

    /** Whether an address passes the policy. */
    public boolean accepts(InetAddress address) {
        if (address instanceof Inet4Address && !ipv4) {
            return false;
        }
        if (address instanceof Inet6Address v6) {
            if (!ipv6 || v6.isSiteLocalAddress() || isIpv4Compatible(v6)) {
                return false;
            }
        }
        if (address.isLoopbackAddress()) {
            return loopback;
        }
        if (address.isLinkLocalAddress()) {
            return linkLocal;
        }
        return routable && !address.isAnyLocalAddress() && !address.isMulticastAddress();
    }

    /**
     * The host's addresses that pass the policy, IPv4 before IPv6 (browsers prefer IPv4 candidates'
     * order only for stable foundations; priorities decide the checks), loopback-only policies
     * included.
     */
    public List<InetAddress> enumerate() throws SocketException {
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || (nif.isLoopback() && !loopback) || nif.isPointToPoint() && !nif.isUp()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (accepts(a)) {
                    (a instanceof Inet4Address ? v4 : v6).add(a);
                }
            }
        }
        List<InetAddress> all = new ArrayList<>(v4);
        all.addAll(v6);
        return all.size() > maxAddresses ? List.copyOf(all.subList(0, maxAddresses)) : List.copyOf(all);
    }

    private static boolean isIpv4Compatible(Inet6Address a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return !a.isLoopbackAddress();
    }
}
