package org.rtc4j.sctp;

import java.util.ArrayDeque;

/**
 * The sending half of an association once data has TSNs: chunks in flight, SACK processing with gap
 * blocks and miss indications (RFC 9260 §6.2.1, §7.2.4), congestion control (§7.2: slow start,
 * congestion avoidance, fast retransmit and fast recovery), the RTO (§6.3) and partial reliability
 * (RFC 3758 §3.5: abandoning, the advanced peer ack point, FORWARD-TSN).
 *
 * <p>Chunks are kept in a ring indexed by TSN, from the cumulative ack point to the next TSN, and
 * recycled through a pool: steady-state sending allocates nothing here.
 */
final class RetransmissionQueue {
    /** What a SACK changed. */
    enum SackOutcome { STALE, INVALID, NO_PROGRESS, CUM_ADVANCED }

    private final int mtu;
    private final RtoEstimator rto;
    private final ArrayDeque<SentChunk> pool = new ArrayDeque<>();
    private SentChunk[] ring = new SentChunk[256];
    private long nextTsn;
    private long cumAck;
    private long advancedPeerAckPoint;
    private boolean forwardTsnNeeded;
    private long flightSize;
    private int pendingRetransmits;
    private int retransmitScan;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private boolean fastRecovery;
    private long recoveryExit;
    private boolean fastRetransmitPending;
    private long peerRwnd;
    private long rttTsn = -1;
    private long rttSentAt;

    private long retransmissions;
    private long fastRetransmits;
    private long abandonedMessages;

    RetransmissionQueue(int mtu, RtoEstimator rto) {
        this.mtu = mtu;
        this.rto = rto;
    }

    /** Starts at our initial TSN with the peer's window (RFC 9260 §7.2.1: cwnd = min(4 MTU, max(2 MTU, 4380))). */
    void reset(long initialTsn, long peerWindow) {
        nextTsn = initialTsn;
        cumAck = Tsn.add(initialTsn, -1);
        advancedPeerAckPoint = cumAck;
        peerRwnd = peerWindow;
        ssthresh = peerWindow;
        cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4380));
    }

    long nextTsn() {
        return nextTsn;
    }

    long cumulativeAck() {
        return cumAck;
    }

    /** Whether any chunk waits for an ack (or for a FORWARD-TSN to be acknowledged). */
    boolean hasOutstanding() {
        return nextTsn != Tsn.add(cumAck, 1);
    }

    long flightSize() {
        return flightSize;
    }

    long cwnd() {
        return cwnd;
    }

    long ssthresh() {
        return ssthresh;
    }

    long peerRwnd() {
        return peerRwnd;
    }

    long retransmissions() {
        return retransmissions;
    }

    long fastRetransmits() {
        return fastRetransmits;
    }

    long abandonedMessages() {
        return abandonedMessages;
    }

    boolean hasRetransmits() {
        return pendingRetransmits > 0;
    }

    /** Whether new data may go out now: the congestion window and the peer's window have room (§6.1 A, B). */
    boolean canSendNew() {
        return pendingRetransmits == 0 && flightSize < cwnd && (peerRwnd > 0 || flightSize == 0);
    }

    /** Whether a retransmission may go out now: within cwnd, or the one packet a fast retransmit may send. */
    boolean canRetransmit() {
        return pendingRetransmits > 0 && (fastRetransmitPending || flightSize < cwnd);
    }

    /** The fast-retransmit packet has been built (RFC 9260 §7.2.4 item 3: one packet regardless of cwnd). */
    void fastRetransmitSent() {
        fastRetransmitPending = false;
    }

    /** Gives a new DATA chunk its TSN and counts it in flight. */
    SentChunk assign(OutboundMessage m, int offset, int length, int flags, int ssn, long now) {
        SentChunk c = pool.isEmpty() ? new SentChunk() : pool.poll();
        c.tsn = nextTsn;
        c.message = m;
        c.offset = offset;
        c.length = length;
        c.flags = flags;
        c.ssn = ssn;
        c.sentAt = now;
        c.transmissions = 1;
        c.inFlight = true;
        flightSize += length;
        peerRwnd = Math.max(0, peerRwnd - length);
        int count = Tsn.diff(nextTsn, cumAck);
        if (count >= ring.length) {
            grow();
        }
        ring[(int) nextTsn & (ring.length - 1)] = c;
        if (rttTsn < 0) {
            rttTsn = nextTsn;
            rttSentAt = now;
        }
        nextTsn = Tsn.add(nextTsn, 1);
        return c;
    }

    /**
     * The next chunk marked for retransmission that may still be sent; chunks whose message has run
     * out of retransmissions or lifetime are abandoned on the way.
     *
     * @return null when none is left
     */
    SentChunk nextRetransmit(long now, SendQueue sendQueue) {
        while (pendingRetransmits > 0) {
            int span = Tsn.diff(nextTsn, cumAck) - 1;
            SentChunk found = null;
            for (int i = Math.max(1, retransmitScan); i <= span; i++) {
                SentChunk c = slot(Tsn.add(cumAck, i));
                if (c != null && c.retransmit) {
                    found = c;
                    retransmitScan = i;
                    break;
                }
            }
            if (found == null) {
                retransmitScan = 1;
                return null;
            }
            if (exhausted(found, now)) {
                abandon(found.message, sendQueue);
                continue;
            }
            return found;
        }
        return null;
    }

    /** A marked chunk went out again. */
    void retransmitted(SentChunk c, long now) {
        c.retransmit = false;
        pendingRetransmits--;
        c.transmissions++;
        c.sentAt = now;
        c.inFlight = true;
        flightSize += c.length;
        retransmissions++;
        if (c.tsn == rttTsn) {
            rttTsn = -1; // Karn's rule: no sample from a retransmitted chunk
        }
    }

    /**
     * Processes a SACK chunk value at {@code b[off, off + len)} in place.
     */
    SackOutcome onSack(byte[] b, int off, int len, long now, SendQueue sendQueue) {
        if (len < SackChunk.FIXED_LENGTH) {
            return SackOutcome.INVALID;
        }
        long cum = Bytes.u32(b, off);
        long aRwnd = Bytes.u32(b, off + 4);
        int gaps = Bytes.u16(b, off + 8);
        int dups = Bytes.u16(b, off + 10);
        if (SackChunk.FIXED_LENGTH + 4 * (gaps + dups) > len) {
            return SackOutcome.INVALID;
        }
        if (Tsn.after(cumAck, cum)) {
            return SackOutcome.STALE;
        }
        if (Tsn.after(cum, Tsn.add(nextTsn, -1))) {
            return SackOutcome.INVALID; // acknowledges what we never sent
        }
        boolean advanced = Tsn.after(cum, cumAck);
        boolean wasInRecovery = fastRecovery;
        long flightBefore = flightSize;
        long bytesAcked = 0;
        while (cumAck != cum) {
            cumAck = Tsn.add(cumAck, 1);
            int i = (int) cumAck & (ring.length - 1);
            SentChunk c = ring[i];
            ring[i] = null;
            if (c != null) {
                bytesAcked += acknowledge(c, now);
                recycle(c);
            }
        }
        if (retransmitScan > 0) {
            retransmitScan = 1;
        }
        long highestNewlyAcked = cum;
        int span = Tsn.diff(nextTsn, cum) - 1;
        for (int g = 0, p = off + SackChunk.FIXED_LENGTH; g < gaps; g++, p += 4) {
            int start = Bytes.u16(b, p);
            int end = Math.min(Bytes.u16(b, p + 2), span);
            for (int k = Math.max(1, start); k <= end; k++) {
                SentChunk c = slot(Tsn.add(cum, k));
                if (c != null && !c.acked) {
                    bytesAcked += acknowledge(c, now);
                    c.acked = true;
                    highestNewlyAcked = c.tsn;
                }
            }
        }
        if (gaps > 0 && Tsn.after(highestNewlyAcked, cum)) {
            markMisses(cum, highestNewlyAcked, now, sendQueue);
        }
        if (fastRecovery && !Tsn.after(recoveryExit, cum)) {
            fastRecovery = false;
        }
        if (advanced && !wasInRecovery) {
            growWindow(bytesAcked, flightBefore);
        }
        peerRwnd = Math.max(0, aRwnd - flightSize);
        advancePeerAckPoint();
        if (Tsn.after(advancedPeerAckPoint, cum)) {
            forwardTsnNeeded = true;
        }
        return advanced ? SackOutcome.CUM_ADVANCED : SackOutcome.NO_PROGRESS;
    }

    /** A SHUTDOWN's cumulative ack (RFC 9260 §9.2) acknowledges like a SACK without gaps. */
    SackOutcome onCumulativeAck(long cum, long now, SendQueue sendQueue) {
        byte[] sack = new byte[SackChunk.FIXED_LENGTH];
        Bytes.put32(sack, 0, cum);
        Bytes.put32(sack, 4, peerRwnd + flightSize);
        return onSack(sack, 0, sack.length, now, sendQueue);
    }

    /** T3-rtx expired (RFC 9260 §6.3.3): everything outstanding is to be sent again, cwnd falls to one MTU. */
    void onRetransmissionTimeout(long now, SendQueue sendQueue) {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
        fastRetransmitPending = false;
        rto.backOff();
        rttTsn = -1;
        int span = Tsn.diff(nextTsn, cumAck) - 1;
        for (int i = 1; i <= span; i++) {
            SentChunk c = slot(Tsn.add(cumAck, i));
            if (c == null || c.acked || c.abandoned) {
                continue;
            }
            c.fastRetransmitted = false;
            if (exhausted(c, now)) {
                abandon(c.message, sendQueue);
            } else {
                markForRetransmit(c);
            }
        }
        advancePeerAckPoint();
        if (Tsn.after(advancedPeerAckPoint, cumAck)) {
            forwardTsnNeeded = true;
        }
    }

    /**
     * Abandons a message (RFC 3758 §3.5): its chunks leave the flight and will be skipped with a
     * FORWARD-TSN, and what was not sent yet is dropped.
     */
    void abandon(OutboundMessage m, SendQueue sendQueue) {
        if (!m.abandoned) {
            m.abandoned = true;
            abandonedMessages++;
        }
        int span = Tsn.diff(nextTsn, cumAck) - 1;
        for (int i = 1; i <= span; i++) {
            SentChunk c = slot(Tsn.add(cumAck, i));
            if (c != null && c.message == m && !c.abandoned) {
                c.abandoned = true;
                if (c.retransmit) {
                    c.retransmit = false;
                    pendingRetransmits--;
                }
                leaveFlight(c);
            }
        }
        sendQueue.abandon(m);
        advancePeerAckPoint();
    }

    boolean forwardTsnNeeded() {
        return forwardTsnNeeded;
    }

    /** Asks for a FORWARD-TSN again (the last one may have been lost). */
    void requestForwardTsn() {
        if (Tsn.after(advancedPeerAckPoint, cumAck)) {
            forwardTsnNeeded = true;
        }
    }

    /**
     * Writes a FORWARD-TSN chunk (RFC 3758 §3.2) up to the advanced peer ack point at {@code out[off]},
     * listing for each ordered stream the largest SSN skipped, within {@code room} bytes.
     *
     * @return the bytes written
     */
    int writeForwardTsn(byte[] out, int off, int room) {
        forwardTsnNeeded = false;
        int p = off + 8;
        int span = Tsn.diff(advancedPeerAckPoint, cumAck);
        for (int i = 1; i <= span; i++) {
            SentChunk c = slot(Tsn.add(cumAck, i));
            if (c == null || c.message.unordered) {
                continue;
            }
            int existing = -1;
            for (int q = off + 8; q < p; q += 4) {
                if (Bytes.u16(out, q) == c.stream()) {
                    existing = q;
                    break;
                }
            }
            if (existing >= 0) {
                if (Tsn.ssnAfter(c.ssn, Bytes.u16(out, existing + 2))) {
                    Bytes.put16(out, existing + 2, c.ssn);
                }
            } else if (p + 4 - off <= room) {
                Bytes.put16(out, p, c.stream());
                Bytes.put16(out, p + 2, c.ssn);
                p += 4;
            }
        }
        out[off] = (byte) SctpChunk.FORWARD_TSN;
        out[off + 1] = 0;
        Bytes.put16(out, off + 2, p - off);
        Bytes.put32(out, off + 4, advancedPeerAckPoint);
        return p - off;
    }

    /** The bytes newly acknowledged by acking {@code c} (0 if abandoned), taking it out of the flight. */
    private long acknowledge(SentChunk c, long now) {
        if (c.tsn == rttTsn) {
            if (c.transmissions == 1) {
                rto.sample(now - rttSentAt);
            }
            rttTsn = -1;
        }
        if (c.retransmit) {
            c.retransmit = false;
            pendingRetransmits--;
        }
        leaveFlight(c);
        return c.abandoned || c.acked ? 0 : c.length;
    }

    private void markMisses(long cum, long highestNewlyAcked, long now, SendQueue sendQueue) {
        boolean triggered = false;
        int span = Tsn.diff(highestNewlyAcked, cum);
        for (int i = 1; i < span; i++) {
            SentChunk c = slot(Tsn.add(cum, i));
            if (c == null || c.acked || c.abandoned || c.retransmit || c.fastRetransmitted) {
                continue;
            }
            if (++c.missIndications >= 3) {
                if (exhausted(c, now)) {
                    abandon(c.message, sendQueue);
                    continue;
                }
                c.fastRetransmitted = true;
                c.missIndications = 0;
                markForRetransmit(c);
                fastRetransmits++;
                triggered = true;
            }
        }
        if (triggered && !fastRecovery) {
            ssthresh = Math.max(cwnd / 2, 4L * mtu);
            cwnd = ssthresh;
            partialBytesAcked = 0;
            fastRecovery = true;
            recoveryExit = Tsn.add(nextTsn, -1);
        }
        if (triggered) {
            fastRetransmitPending = true;
        }
    }

    /** RFC 9260 §7.2.1, §7.2.2: grow cwnd only while it is being used. */
    private void growWindow(long bytesAcked, long flightBefore) {
        boolean fullyUsed = flightBefore + mtu >= cwnd;
        if (cwnd <= ssthresh) {
            if (fullyUsed) {
                cwnd += Math.min(bytesAcked, mtu);
            }
        } else {
            partialBytesAcked += bytesAcked;
            if (partialBytesAcked >= cwnd && fullyUsed) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }

    private boolean exhausted(SentChunk c, long now) {
        OutboundMessage m = c.message;
        return m.partiallyReliable() && (now >= m.expiresAt || (m.maxRetransmits >= 0 && c.transmissions > m.maxRetransmits));
    }

    private void markForRetransmit(SentChunk c) {
        if (!c.retransmit) {
            c.retransmit = true;
            pendingRetransmits++;
            retransmitScan = 1;
        }
        leaveFlight(c);
    }

    private void leaveFlight(SentChunk c) {
        if (c.inFlight) {
            c.inFlight = false;
            flightSize -= c.length;
        }
    }

    private void advancePeerAckPoint() {
        if (Tsn.after(cumAck, advancedPeerAckPoint)) {
            advancedPeerAckPoint = cumAck;
        }
        SentChunk c;
        while ((c = slot(Tsn.add(advancedPeerAckPoint, 1))) != null && c.abandoned) {
            advancedPeerAckPoint = c.tsn;
        }
    }

    private SentChunk slot(long tsn) {
        SentChunk c = ring[(int) tsn & (ring.length - 1)];
        return c != null && c.tsn == tsn ? c : null;
    }

    private void recycle(SentChunk c) {
        c.clear();
        pool.add(c);
    }

    private void grow() {
        SentChunk[] grown = new SentChunk[ring.length * 2];
        for (SentChunk c : ring) {
            if (c != null) {
                grown[(int) c.tsn & (grown.length - 1)] = c;
            }
        }
        ring = grown;
    }
}
