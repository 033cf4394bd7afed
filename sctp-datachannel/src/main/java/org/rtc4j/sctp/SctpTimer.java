package org.rtc4j.sctp;

/** The timers of an association (RFC 9260 §4, §6.3, §8.3, §9.2; RFC 6525 §5.1.1). */
enum SctpTimer {
    /** T1-init: INIT retransmission. */
    T1_INIT,
    /** T1-cookie: COOKIE ECHO retransmission. */
    T1_COOKIE,
    /** T2-shutdown: SHUTDOWN or SHUTDOWN ACK retransmission. */
    T2_SHUTDOWN,
    /** T3-rtx: DATA retransmission. */
    T3_RTX,
    /** The delayed SACK. */
    DELAYED_ACK,
    /** Heartbeats on an idle path. */
    HEARTBEAT,
    /** RE-CONFIG request retransmission. */
    RECONFIG
}
