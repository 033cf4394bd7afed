package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

/**
 * What a {@link TurnAllocation} tells its application, drained with {@link TurnAllocation#pollEvent()}
 * (RFC 8656 §7 to §12).
 *
 * <p>An {@code errorCode} is the STUN error code of the server's answer (RFC 8656 §19), or 0 when
 * there was no error response: a transaction timed out, or the client gave up for a local reason
 * that the {@code reason} text names.
 */
public sealed interface TurnEvent {
    /**
     * The server allocated a relayed address (RFC 8656 §7.3).
     *
     * @param relayed  XOR-RELAYED-ADDRESS: where peers send to reach this client
     * @param mapped   XOR-MAPPED-ADDRESS: this client as the server sees it (a server-reflexive
     *                 candidate); null if the server did not say
     * @param lifetime how long the allocation lasts unless refreshed
     */
    record Allocated(InetSocketAddress relayed, InetSocketAddress mapped, Duration lifetime) implements TurnEvent {
    }

    /**
     * A Refresh succeeded (RFC 8656 §8): the allocation now lasts {@code lifetime} from when it was sent.
     *
     * @param lifetime the server's LIFETIME
     */
    record Refreshed(Duration lifetime) implements TurnEvent {
    }

    /**
     * The allocation could not be made or was lost; the allocation is {@link TurnAllocation.State#FAILED}.
     * For a 300 (Try Alternate) the reason names the alternate server, also in
     * {@link TurnAllocation#alternateServer()}.
     *
     * @param reason    what happened, for logs and people
     * @param errorCode the STUN error code, or 0 without an error response (a timeout)
     */
    record Failed(String reason, int errorCode) implements TurnEvent {
    }

    /**
     * The server installed a permission for a peer address (RFC 8656 §9): data from it is relayed to
     * this client. Reported once, not on every refresh.
     */
    record PermissionCreated(InetAddress peer) implements TurnEvent {
    }

    /**
     * A CreatePermission failed, or a refresh of it did (RFC 8656 §9.3); the permission is forgotten.
     *
     * @param errorCode the STUN error code (403 when the server forbids the peer), or 0 on a timeout
     */
    record PermissionFailed(InetAddress peer, String reason, int errorCode) implements TurnEvent {
    }

    /**
     * A channel is bound to a peer (RFC 8656 §12.3): data to and from it now travels as ChannelData.
     * Reported once, not on every refresh.
     */
    record ChannelBound(InetSocketAddress peer, int channel) implements TurnEvent {
    }

    /**
     * A ChannelBind failed, or a refresh of it did (RFC 8656 §12.3); data to the peer falls back to
     * Send indications while its permission lasts.
     *
     * @param errorCode the STUN error code, or 0 on a timeout
     */
    record ChannelBindFailed(InetSocketAddress peer, int channel, String reason, int errorCode) implements TurnEvent {
    }

    /**
     * Data relayed from a peer, from a Data indication (RFC 8656 §11.6) or a ChannelData message
     * (RFC 8656 §12.6).
     *
     * @param peer where the data came from (the peer's address as the relay saw it)
     * @param data the application data; a fresh array that the application owns
     */
    record Data(InetSocketAddress peer, byte[] data) implements TurnEvent {
        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.peer.equals(peer) && Arrays.equals(d.data, data);
        }

        @Override
        public int hashCode() {
            return peer.hashCode() * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Data[peer=" + peer + ", " + data.length + " bytes]";
        }
    }

    /** The allocation is deleted (a Refresh with LIFETIME 0 was answered or gave up, RFC 8656 §8). */
    record Closed() implements TurnEvent {
    }
}
