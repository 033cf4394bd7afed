package org.rtc4j.ice.sim;

/** Why the {@link NetworkEmulator} dropped a datagram; every drop is counted by reason in {@link NetworkStats}. */
public enum DropReason {
    /** Random loss on a link. */
    LOSS,
    /** The link's bandwidth queue was full. */
    QUEUE_FULL,
    /** Larger than the link's MTU. */
    TOO_BIG,
    /** No host or NAT owns the destination address in the sender's part of the network. */
    NO_ROUTE,
    /** The destination host exists but no node listens on that socket address. */
    NO_LISTENER,
    /** Arrived at a NAT's public address on a port without a live mapping. */
    NAT_NO_MAPPING,
    /** A mapping exists but its filtering refuses the remote endpoint. */
    NAT_FILTERED,
    /** Sent from behind a NAT to that NAT's own public address while hairpinning is off. */
    NAT_HAIRPIN_DISABLED,
    /** The NAT had no free external port for a new mapping. */
    NAT_PORTS_EXHAUSTED
}
