package org.rtc4j.ice;

import java.net.InetAddress;

/**
 * What an {@link MdnsResolver} tells its owner, drained with {@link MdnsResolver#pollEvent()}: the
 * outcome of each {@link MdnsResolver#resolve} call, exactly once per name that was pending.
 */
public sealed interface MdnsEvent {
    /** The name, as given to {@code resolve}. */
    String name();

    /**
     * The name resolved, from an mDNS answer or from the cache.
     *
     * @param name    the name as given to {@link MdnsResolver#resolve}
     * @param address the address of the first A or AAAA record that answered it
     */
    record Resolved(String name, InetAddress address) implements MdnsEvent {
    }

    /**
     * No answer came before the resolver's timeout, or the resolver was full and refused the name
     * (see {@link MdnsResolver.Stats#refused()}). An ICE agent drops the candidate
     * (draft-ietf-mmusic-mdns-ice-candidates §3.2.1).
     *
     * @param name the name as given to {@link MdnsResolver#resolve}
     */
    record Failed(String name) implements MdnsEvent {
    }
}
