package org.rtc4j.ice;

/** Counters of an {@link IceAgent}: what it answered and what it dropped, and why. A snapshot. */
public final class IceAgentStats {
    long checksAnswered;
    long malformed;
    long unauthenticated;
    long badFingerprint;
    long unknownDestination;
    long unmatchedResponses;
    long asymmetricResponses;
    long indications;
    long staleGeneration;
    long remoteCandidatesIgnored;
    long pairsRefused;
    long roleConflicts;
    long gatheringFailures;
    long relayDropped;
    long mdnsFailures;

    /** Connectivity checks answered with success. */
    public long checksAnswered() {
        return checksAnswered;
    }

    /** STUN datagrams that failed to decode. */
    public long malformed() {
        return malformed;
    }

    /** Requests without USERNAME or MESSAGE-INTEGRITY, with a foreign ufrag or a wrong password. */
    public long unauthenticated() {
        return unauthenticated;
    }

    /** Requests whose FINGERPRINT did not match. */
    public long badFingerprint() {
        return badFingerprint;
    }

    /** Datagrams for a local address the agent was not given. */
    public long unknownDestination() {
        return unknownDestination;
    }

    /** Responses to no pending transaction, or refused by the transaction (integrity). */
    public long unmatchedResponses() {
        return unmatchedResponses;
    }

    /** Responses that came from another address than the check went to (RFC 8445 §7.2.5.2.1). */
    public long asymmetricResponses() {
        return asymmetricResponses;
    }

    /** Binding indications (keepalives), ignored. */
    public long indications() {
        return indications;
    }

    /** Checks with the ufrag of an earlier generation. */
    public long staleGeneration() {
        return staleGeneration;
    }

    /** Remote candidates not used: another component, TCP, unresolved names, another generation, over the bound. */
    public long remoteCandidatesIgnored() {
        return remoteCandidatesIgnored;
    }

    /** Pairs not created because the checklist was full. */
    public long pairsRefused() {
        return pairsRefused;
    }

    /** Role switches after conflicts. */
    public long roleConflicts() {
        return roleConflicts;
    }

    /** STUN server requests that got no usable answer. */
    public long gatheringFailures() {
        return gatheringFailures;
    }

    /** Datagrams a TURN allocation refused to relay (no permission yet, queue full). */
    public long relayDropped() {
        return relayDropped;
    }

    /** Remote {@code .local} candidates whose name did not resolve. */
    public long mdnsFailures() {
        return mdnsFailures;
    }

    IceAgentStats copy() {
        IceAgentStats s = new IceAgentStats();
        s.checksAnswered = checksAnswered;
        s.malformed = malformed;
        s.unauthenticated = unauthenticated;
        s.badFingerprint = badFingerprint;
        s.unknownDestination = unknownDestination;
        s.unmatchedResponses = unmatchedResponses;
        s.asymmetricResponses = asymmetricResponses;
        s.indications = indications;
        s.staleGeneration = staleGeneration;
        s.remoteCandidatesIgnored = remoteCandidatesIgnored;
        s.pairsRefused = pairsRefused;
        s.roleConflicts = roleConflicts;
        s.gatheringFailures = gatheringFailures;
        s.relayDropped = relayDropped;
        s.mdnsFailures = mdnsFailures;
        return s;
    }
}
