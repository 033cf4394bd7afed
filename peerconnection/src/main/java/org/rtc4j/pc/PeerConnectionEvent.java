package org.rtc4j.pc;

import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelEvent;

/** What a peer connection tells its application, in order (W3C §4.4.1.6 events). */
public sealed interface PeerConnectionEvent {
    /** A local candidate to trickle to the peer ({@code onicecandidate}); an empty one ends them. */
    record IceCandidate(RTCIceCandidate candidate) implements PeerConnectionEvent {
    }

    record SignalingStateChange(RTCSignalingState state) implements PeerConnectionEvent {
    }

    record IceGatheringStateChange(RTCIceGatheringState state) implements PeerConnectionEvent {
    }

    record IceConnectionStateChange(RTCIceConnectionState state) implements PeerConnectionEvent {
    }

    record ConnectionStateChange(RTCPeerConnectionState state) implements PeerConnectionEvent {
    }

    /** Something changed that needs a new offer/answer ({@code onnegotiationneeded}). */
    record NegotiationNeeded() implements PeerConnectionEvent {
    }

    /** The peer opened a data channel ({@code ondatachannel}). */
    record DataChannelOpened(DataChannel channel) implements PeerConnectionEvent {
    }

    /** An event of a data channel; {@link DataChannelEvent#dispatch()} runs its handler. */
    record Channel(DataChannelEvent event) implements PeerConnectionEvent {
    }
}
