package org.rtc4j.ice.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of a {@link SimTurnServer}; an immutable snapshot.
 *
 * @param allocations         allocations created
 * @param refreshes           allocations refreshed
 * @param deletions           allocations deleted by a Refresh with lifetime 0
 * @param expirations         allocations that expired
 * @param permissions         successful CreatePermission requests
 * @param channelBinds        successful ChannelBind requests (new or refreshed)
 * @param relayedToPeers      datagrams relayed from clients to peers
 * @param relayedToClients    datagrams relayed from peers to clients
 * @param droppedNoAllocation data from a 5-tuple or to a relayed address without a live allocation
 * @param droppedNoPermission data to or from a peer without a live permission
 * @param droppedNoChannel    ChannelData on a channel that is not bound
 * @param malformed           datagrams that are not well-formed STUN or ChannelData
 * @param ignored             responses, other indications, datagrams to sockets of no allocation
 * @param overflow            requests or data dropped because the queue was full
 * @param errors              error responses sent, by code
 */
public record TurnServerStats(long allocations, long refreshes, long deletions, long expirations, long permissions,
                              long channelBinds, long relayedToPeers, long relayedToClients, long droppedNoAllocation,
                              long droppedNoPermission, long droppedNoChannel, long malformed, long ignored, long overflow,
                              Map<Integer, Long> errors) {
    public TurnServerStats {
        errors = Map.copyOf(errors);
    }

    /** The live counters a server updates; {@link #snapshot()} copies them. */
    static final class Counters {
        long allocations;
        long refreshes;
        long deletions;
        long expirations;
        long permissions;
        long channelBinds;
        long relayedToPeers;
        long relayedToClients;
        long droppedNoAllocation;
        long droppedNoPermission;
        long droppedNoChannel;
        long malformed;
        long ignored;
        long overflow;
        final Map<Integer, Long> errors = new TreeMap<>();

        void error(int code) {
            errors.merge(code, 1L, Long::sum);
        }

        TurnServerStats snapshot() {
            return new TurnServerStats(allocations, refreshes, deletions, expirations, permissions, channelBinds,
                    relayedToPeers, relayedToClients, droppedNoAllocation, droppedNoPermission, droppedNoChannel,
                    malformed, ignored, overflow, errors);
        }
    }
}
