package org.rtc4j.pc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stats object of a {@link RTCStatsReport} (W3C webrtc-stats §3): its {@code type} (such as
 * {@code "candidate-pair"}), {@code id}, {@code timestamp} and the type's fields under their spec
 * names, as numbers, strings or booleans.
 *
 * @param members the fields other than type, id and timestamp; owned by this record (unmodifiable)
 */
public record RTCStats(String type, String id, Instant timestamp, Map<String, Object> members) {
    public RTCStats {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** A member's value, or null. */
    public Object get(String name) {
        return members.get(name);
    }

    /** A numeric member as a long, or -1 when absent. */
    public long getLong(String name) {
        Object v = members.get(name);
        return v instanceof Number n ? n.longValue() : -1;
    }
}
