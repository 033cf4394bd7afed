package org.rtc4j.ice;

import java.time.Duration;
import org.rtc4j.stun.ChannelData;
import org.rtc4j.stun.RetransmissionPolicy;

/**
 * The bounds and options of a {@link TurnAllocation} (RFC 8656): how many permissions and channels it
 * may hold, how much undrained output it queues, and what it asks the server for. An immutable value;
 * {@link #DEFAULT} suits a browser-like client.
 *
 * @param maxPermissions     the most peer addresses with a permission (expected: 1 ~ 4096)
 * @param maxChannels        the most channel bindings (expected: 1 ~ 4096, the channel range)
 * @param maxQueuedEvents    the most undrained events before incoming data is dropped
 * @param maxQueuedTransmits the most undrained transmits before {@link TurnAllocation#send} refuses data
 * @param policy             how requests are resent; null picks RFC 8489's default for the transport
 * @param requestedLifetime  the LIFETIME to ask for in Allocate and Refresh; null leaves it to the server
 * @param dontFragment       whether to ask for DONT-FRAGMENT (RFC 8656 §7.1, dropped again if the
 *                           server does not know it) and set it on Send indications
 * @param software           a SOFTWARE attribute for Allocate; null for none
 */
public record TurnConfig(int maxPermissions, int maxChannels, int maxQueuedEvents, int maxQueuedTransmits,
                         RetransmissionPolicy policy, Duration requestedLifetime, boolean dontFragment, String software) {
    /** 64 permissions, 64 channels, 1024 queued events and transmits, the server's lifetime. */
    public static final TurnConfig DEFAULT = new TurnConfig(64, 64, 1024, 1024, null, null, false, null);

    public TurnConfig {
        check("maxPermissions", maxPermissions, 4096);
        check("maxChannels", maxChannels, ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL + 1);
        check("maxQueuedEvents", maxQueuedEvents, Integer.MAX_VALUE);
        check("maxQueuedTransmits", maxQueuedTransmits, Integer.MAX_VALUE);
        if (requestedLifetime != null && (requestedLifetime.isNegative() || requestedLifetime.toSeconds() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("requestedLifetime " + requestedLifetime + " (expected: 0 ~ 2^32-1 s)");
        }
    }

    private static void check(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " " + value + " (expected: 1 ~ " + max + ")");
        }
    }

    /** These options with other limits on permissions and channels. */
    public TurnConfig withLimits(int permissions, int channels) {
        return new TurnConfig(permissions, channels, maxQueuedEvents, maxQueuedTransmits, policy, requestedLifetime,
                dontFragment, software);
    }

    /** These options with other limits on the queues. */
    public TurnConfig withQueueLimits(int events, int transmits) {
        return new TurnConfig(maxPermissions, maxChannels, events, transmits, policy, requestedLifetime, dontFragment, software);
    }

    /** These options with another retransmission policy. */
    public TurnConfig withPolicy(RetransmissionPolicy p) {
        return new TurnConfig(maxPermissions, maxChannels, maxQueuedEvents, maxQueuedTransmits, p, requestedLifetime,
                dontFragment, software);
    }

    /** These options asking for a lifetime. */
    public TurnConfig withRequestedLifetime(Duration lifetime) {
        return new TurnConfig(maxPermissions, maxChannels, maxQueuedEvents, maxQueuedTransmits, policy, lifetime,
                dontFragment, software);
    }

    /** These options with DONT-FRAGMENT on or off. */
    public TurnConfig withDontFragment(boolean on) {
        return new TurnConfig(maxPermissions, maxChannels, maxQueuedEvents, maxQueuedTransmits, policy, requestedLifetime,
                on, software);
    }

    /** These options with a SOFTWARE attribute. */
    public TurnConfig withSoftware(String name) {
        return new TurnConfig(maxPermissions, maxChannels, maxQueuedEvents, maxQueuedTransmits, policy, requestedLifetime,
                dontFragment, name);
    }
}
