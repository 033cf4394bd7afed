package org.rtc4j.pc;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The result of {@code getStats()} (W3C §8.3): stats objects by id, in a stable order. */
public final class RTCStatsReport {
    private final Map<String, RTCStats> stats = new LinkedHashMap<>();

    RTCStatsReport(List<RTCStats> all) {
        for (RTCStats s : all) {
            stats.put(s.id(), s);
        }
    }

    public Optional<RTCStats> get(String id) {
        return Optional.ofNullable(stats.get(id));
    }

    public Collection<RTCStats> values() {
        return java.util.Collections.unmodifiableCollection(stats.values());
    }

    /** The stats of one type, such as {@code "data-channel"}. */
    public List<RTCStats> ofType(String type) {
        return stats.values().stream().filter(s -> s.type().equals(type)).toList();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (RTCStats s : stats.values()) {
            sb.append(s.type()).append(' ').append(s.id()).append(' ').append(s.members()).append('\n');
        }
        return sb.toString();
    }
}
