package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.rtc4j.stun.StunMethod;
import org.rtc4j.stun.TransactionId;

/**
 * One TURN operation in flight: what it is for, and how often it was re-sent after a challenge.
 * The operation outlives its transactions, since a 401 or 438 answer is followed by the same request,
 * signed anew, in a new transaction. Package-private, owned by {@link TurnAllocation}.
 */
final class TurnRequest {
    /** What the request does. */
    enum Kind {
        ALLOCATE(StunMethod.ALLOCATE),
        REFRESH(StunMethod.REFRESH),
        /** A Refresh with LIFETIME 0, which deletes the allocation (RFC 8656 §8). */
        CLOSE(StunMethod.REFRESH),
        PERMISSION(StunMethod.CREATE_PERMISSION),
        CHANNEL_BIND(StunMethod.CHANNEL_BIND);

        final StunMethod method;

        Kind(StunMethod method) {
            this.method = method;
        }
    }

    final Kind kind;
    /** The peer of a CreatePermission; null otherwise. */
    final InetAddress permissionPeer;
    /** The peer of a ChannelBind; null otherwise. */
    final InetSocketAddress channelPeer;
    /** The channel number of a ChannelBind; 0 otherwise. */
    final int channel;

    /** The transaction now carrying the request. */
    TransactionId transactionId;
    /** When that transaction was started: lifetimes granted by its answer count from here. */
    Instant sentAt;
    /** How often the request was signed anew after a 401 or 438. */
    int challenges;

    private TurnRequest(Kind kind, InetAddress permissionPeer, InetSocketAddress channelPeer, int channel) {
        this.kind = kind;
        this.permissionPeer = permissionPeer;
        this.channelPeer = channelPeer;
        this.channel = channel;
    }

    static TurnRequest of(Kind kind) {
        return new TurnRequest(kind, null, null, 0);
    }

    static TurnRequest permission(InetAddress peer) {
        return new TurnRequest(Kind.PERMISSION, peer, null, 0);
    }

    static TurnRequest channelBind(InetSocketAddress peer, int channel) {
        return new TurnRequest(Kind.CHANNEL_BIND, null, peer, channel);
    }

    /** The request's name for logs and failure reasons. */
    String describe() {
        return switch (kind) {
            case ALLOCATE -> "Allocate";
            case REFRESH -> "Refresh";
            case CLOSE -> "Refresh (LIFETIME 0)";
            case PERMISSION -> "CreatePermission for " + permissionPeer.getHostAddress();
            case CHANNEL_BIND -> String.format("ChannelBind 0x%04x to %s", channel, channelPeer);
        };
    }
}
