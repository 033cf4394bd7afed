package org.rtc4j.ice.sim;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of a {@link NetworkEmulator}; an immutable snapshot. Once nothing is in flight,
 * {@code sent + duplicated == delivered + dropped}.
 *
 * @param sent       datagrams handed to the network by nodes
 * @param delivered  datagrams handed out by {@link NetworkEmulator#pollDelivery()}
 * @param duplicated extra copies made by links
 * @param reordered  datagrams held back to be overtaken
 * @param drops      drops by reason; reasons that never happened are absent
 */
public record NetworkStats(long sent, long delivered, long duplicated, long reordered, Map<DropReason, Long> drops) {
    public NetworkStats {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        copy.putAll(drops);
        drops = Collections.unmodifiableMap(copy);
    }

    /** Datagrams dropped for one reason. */
    public long dropped(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /** Datagrams dropped for any reason. */
    public long dropped() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }
}
