package org.rtc4j.ice;

import java.net.InetSocketAddress;

/** What an {@link IceAgent} tells its owner, drained with {@link IceAgent#pollEvent()}. */
public sealed interface IceEvent {
    /** A local candidate to signal to the peer (trickle ICE, RFC 8838). */
    record LocalCandidate(Candidate candidate) implements IceEvent {
    }

    /** The gathering state changed; {@code COMPLETE} is the end-of-candidates signal. */
    record GatheringStateChanged(IceGatheringState state) implements IceEvent {
    }

    /** The connection state changed. */
    record ConnectionStateChanged(IceConnectionState state) implements IceEvent {
    }

    /** A new pair carries the data: the first selection, or a switch (aggressive nomination, restart). */
    record SelectedPairChanged(CandidatePair pair) implements IceEvent {
    }

    /**
     * Application data (DTLS, RTP...) that arrived through a TURN relay, unwrapped. Data on direct
     * pairs never passes through the agent: the driver demultiplexes it itself.
     *
     * @param data handed over to the receiver
     */
    record Data(InetSocketAddress from, byte[] data) implements IceEvent {
    }

    /** A role conflict (RFC 8445 §7.3.1.1) switched this agent's role. */
    record RoleChanged(IceRole role) implements IceEvent {
    }
}
