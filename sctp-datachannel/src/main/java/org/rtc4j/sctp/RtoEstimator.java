package org.rtc4j.sctp;

/**
 * The retransmission timeout of RFC 9260 §6.3.1 (the RFC 6298 estimator): SRTT and RTTVAR from RTT
 * samples, RTO = SRTT + 4 RTTVAR within the configured bounds, doubled on each expiry.
 */
final class RtoEstimator {
    private final long min;
    private final long max;
    private long srtt;
    private long rttvar;
    private long rto;

    RtoEstimator(long initialNanos, long minNanos, long maxNanos) {
        this.rto = initialNanos;
        this.min = minNanos;
        this.max = maxNanos;
    }

    void sample(long rtt) {
        if (rtt < 0) {
            return;
        }
        if (srtt == 0) {
            srtt = Math.max(1, rtt);
            rttvar = rtt / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
            srtt = (7 * srtt + rtt) / 8;
        }
        rto = Math.min(max, Math.max(min, srtt + 4 * rttvar));
    }

    /** Timer expiry (RFC 9260 §6.3.3 E2). */
    void backOff() {
        rto = Math.min(max, rto * 2);
    }

    long rto() {
        return rto;
    }

    long srtt() {
        return srtt;
    }
}
