package org.rtc4j.ice;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A local and a remote candidate checked together (RFC 8445 §6.1.2), with its checklist state and the
 * counters webrtc-stats reports for a {@code candidate-pair}.
 *
 * <p>Owned by its {@link IceAgent}: read it on the thread that drives the agent. The local candidate
 * of a pair is always a base (host or relayed); a server-reflexive candidate is replaced by its base
 * as RFC 8445 §6.1.2.4 prescribes.
 */
public final class CandidatePair {
    private final Candidate local;
    private Candidate remote;
    private String foundation;
    private CandidatePairState state = CandidatePairState.FROZEN;
    private long priority;
    private boolean nominated;
    private boolean nominateOnSuccess;
    private Duration lastRtt;
    private long requestsSent;
    private long responsesReceived;
    private long requestsReceived;
    private long responsesSent;
    private long consentRequestsSent;
    private Instant lastConsent;

    CandidatePair(Candidate local, Candidate remote, IceRole role) {
        this.local = local;
        this.remote = remote;
        this.foundation = local.foundation() + ":" + remote.foundation();
        updatePriority(role);
    }

    /** The local candidate (a host or relayed candidate: the base the pair sends from). */
    public Candidate local() {
        return local;
    }

    /** The remote candidate. */
    public Candidate remote() {
        return remote;
    }

    /** Where this pair sends from. */
    public InetSocketAddress localAddress() {
        return local.address();
    }

    /** Where this pair sends to. */
    public InetSocketAddress remoteAddress() {
        return remote.address();
    }

    /** The pair foundation, local and remote foundations joined (RFC 8445 §6.1.2.6). */
    public String foundation() {
        return foundation;
    }

    /** The checklist state. */
    public CandidatePairState state() {
        return state;
    }

    /** The pair priority of RFC 8445 §6.1.2.3. */
    public long priority() {
        return priority;
    }

    /** Whether the pair was nominated (USE-CANDIDATE sent and answered, or received on a valid pair). */
    public boolean isNominated() {
        return nominated;
    }

    /** The round-trip time of the last check or consent check answered without retransmission. */
    public Optional<Duration> lastRtt() {
        return Optional.ofNullable(lastRtt);
    }

    public long requestsSent() {
        return requestsSent;
    }

    public long responsesReceived() {
        return responsesReceived;
    }

    public long requestsReceived() {
        return requestsReceived;
    }

    public long responsesSent() {
        return responsesSent;
    }

    public long consentRequestsSent() {
        return consentRequestsSent;
    }

    /** When consent was last granted (RFC 7675), if ever. */
    public Optional<Instant> lastConsent() {
        return Optional.ofNullable(lastConsent);
    }

    void setState(CandidatePairState state) {
        this.state = state;
    }

    void setNominated() {
        this.nominated = true;
    }

    boolean nominateOnSuccess() {
        return nominateOnSuccess;
    }

    void setNominateOnSuccess() {
        this.nominateOnSuccess = true;
    }

    void recordRtt(Duration rtt) {
        this.lastRtt = rtt;
    }

    void countRequestSent(boolean consent) {
        requestsSent++;
        if (consent) {
            consentRequestsSent++;
        }
    }

    void countResponseReceived() {
        responsesReceived++;
    }

    void countRequestReceived() {
        requestsReceived++;
    }

    void countResponseSent() {
        responsesSent++;
    }

    void grantConsent(Instant now) {
        lastConsent = now;
    }

    /**
     * The peer signalled the candidate this pair knew only as peer-reflexive (learned from a check that
     * arrived first): the pair takes the signalled type, priority and foundation, as libwebrtc does, so
     * that it ranks where the peer meant it to.
     */
    void adoptSignalledRemote(Candidate signalled, IceRole role) {
        remote = signalled;
        foundation = local.foundation() + ":" + signalled.foundation();
        updatePriority(role);
    }

    /** RFC 8445 §6.1.2.3: G is the controlling agent's candidate priority, D the controlled one's. */
    void updatePriority(IceRole role) {
        long g = role == IceRole.CONTROLLING ? local.priority() : remote.priority();
        long d = role == IceRole.CONTROLLING ? remote.priority() : local.priority();
        priority = (Math.min(g, d) << 32) + 2 * Math.max(g, d) + (g > d ? 1 : 0);
    }

    @Override
    public String toString() {
        return local.type().token() + " " + localAddress() + " -> " + remote.type().token() + " " + remoteAddress()
                + " " + state + (nominated ? " nominated" : "");
    }
}
