package org.rtc4j.ice;

import java.time.Duration;
import java.time.Instant;

/**
 * A permission (RFC 8656 §9) or a channel binding (RFC 8656 §12) as the client tracks it: wanted
 * from the moment the application asks, installed once the server says so, and refreshed before it
 * lapses for as long as it is wanted. Package-private, owned by {@link TurnAllocation}.
 */
final class TurnGrant {
    /** The channel number of a binding; 0 for a permission. */
    final int channel;
    /** Whether the server has confirmed it at least once. */
    boolean installed;
    /** When the server forgets it unless refreshed; meaningful once installed. */
    Instant expiresAt;
    /** When to send the next refresh; null while a request is in flight or not yet sent. */
    Instant refreshAt;
    /** The request in flight, or null. */
    TurnRequest inFlight;

    private TurnGrant(int channel) {
        this.channel = channel;
    }

    static TurnGrant permission() {
        return new TurnGrant(0);
    }

    static TurnGrant channel(int number) {
        return new TurnGrant(number);
    }

    /**
     * Records a success: the server's lifetime counts from when the request was sent, so the refresh
     * is due {@code refreshAfter} after that, safely inside {@code lifetime}.
     *
     * @return whether this was the first confirmation
     */
    boolean confirm(Instant sentAt, Duration lifetime, Duration refreshAfter) {
        boolean first = !installed;
        installed = true;
        inFlight = null;
        expiresAt = sentAt.plus(lifetime);
        refreshAt = sentAt.plus(refreshAfter);
        return first;
    }

    /** Whether a failed refresh may be retried: the server still has it for a while. */
    boolean isAlive(Instant now) {
        return installed && now.isBefore(expiresAt);
    }
}
