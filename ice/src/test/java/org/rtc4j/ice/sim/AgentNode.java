package org.rtc4j.ice.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConnectionState;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceGatheringState;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/**
 * An {@link IceAgent} as a {@link SimNode}, with instant trickle signalling to a peer node: every
 * local candidate and the end of gathering reach the peer agent as soon as they are polled.
 */
public final class AgentNode implements SimNode {
    private final IceAgent agent;
    private AgentNode peer;
    /** Every event the agent emitted, in order. */
    public final List<IceEvent> events = new ArrayList<>();
    /** Application data received through a relay. */
    public final List<byte[]> relayedData = new ArrayList<>();
    private Instant now = Instant.EPOCH;

    public AgentNode(IceAgent agent) {
        this.agent = agent;
    }

    public IceAgent agent() {
        return agent;
    }

    /** Signals to each other from now on, and exchanges credentials. */
    public static void pair(Instant now, AgentNode a, AgentNode b) {
        a.peer = b;
        b.peer = a;
        a.agent.setRemoteCredentials(now, b.agent.localCredentials());
        b.agent.setRemoteCredentials(now, a.agent.localCredentials());
        a.signal(now);
        b.signal(now);
    }

    /** Whether the agent is connected or completed. */
    public boolean connected() {
        IceConnectionState s = agent.connectionState();
        return s == IceConnectionState.CONNECTED || s == IceConnectionState.COMPLETED;
    }

    @Override
    public void handleReceive(Instant at, Datagram datagram) {
        now = at;
        agent.handleReceive(at, datagram);
        signal(at);
    }

    @Override
    public void handleTimeout(Instant at) {
        now = at;
        agent.handleTimeout(at);
        signal(at);
    }

    @Override
    public Optional<Transmit> pollTransmit() {
        signal(now);
        return agent.pollTransmit();
    }

    @Override
    public Optional<Instant> pollTimeout() {
        return agent.pollTimeout();
    }

    private void signal(Instant at) {
        for (Optional<IceEvent> e = agent.pollEvent(); e.isPresent(); e = agent.pollEvent()) {
            events.add(e.get());
            if (peer == null) {
                continue;
            }
            if (e.get() instanceof IceEvent.LocalCandidate c) {
                peer.agent.addRemoteCandidate(at, c.candidate());
            } else if (e.get() instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE) {
                peer.agent.endOfRemoteCandidates(at);
            } else if (e.get() instanceof IceEvent.Data d) {
                relayedData.add(d.data());
            }
        }
    }
}
