package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** Edits of a section's line list, shared by the {@code with*} methods and the builders. */
final class Lines {
    private Lines() {
    }

    /**
     * The lines with every line that matches replaced by {@code replacement}, put where the first
     * match was; appended at the end when nothing matches (attributes come last in a section).
     */
    static List<SdpLine> replace(List<SdpLine> lines, Predicate<SdpLine> match, List<SdpLine> replacement) {
        List<SdpLine> out = new ArrayList<>(lines.size() + replacement.size());
        boolean placed = false;
        for (SdpLine l : lines) {
            if (match.test(l)) {
                if (!placed) {
                    out.addAll(replacement);
                    placed = true;
                }
            } else {
                out.add(l);
            }
        }
        if (!placed) {
            out.addAll(replacement);
        }
        return out;
    }

    static List<SdpLine> replaceAttribute(List<SdpLine> lines, String name, List<SdpLine> replacement) {
        return replace(lines, l -> l.isAttribute(name), replacement);
    }

    static List<SdpLine> remove(List<SdpLine> lines, Predicate<SdpLine> match) {
        List<SdpLine> out = new ArrayList<>(lines);
        out.removeIf(match);
        return out;
    }

    /** The lines with {@code line} inserted after the last line of the same or an earlier rank. */
    static List<SdpLine> insert(List<SdpLine> lines, SdpLine line, String order, int from) {
        int rank = rank(order, line.type());
        int at = lines.size();
        for (int i = lines.size() - 1; i >= from; i--) {
            if (rank(order, lines.get(i).type()) <= rank) {
                at = i + 1;
                break;
            }
            at = i;
        }
        List<SdpLine> out = new ArrayList<>(lines);
        out.add(at, line);
        return out;
    }

    /** The lines stably sorted by their rank in {@code order}; unknown letters go just before a=. */
    static List<SdpLine> sorted(List<SdpLine> lines, String order) {
        List<SdpLine> out = new ArrayList<>(lines);
        out.sort(Comparator.comparingInt(l -> rank(order, l.type())));
        return out;
    }

    private static int rank(String order, char type) {
        int r = order.indexOf(type);
        return 2 * (r < 0 ? order.length() - 1 : r) + (r < 0 ? -1 : 0);
    }

    static boolean isDirection(SdpLine l) {
        return l.isAttribute() && Direction.of(l.value()).isPresent();
    }

    /** {@code lines} with every {@code a=} line of {@code line}'s name replaced by it (or it added). */
    static List<SdpLine> replaceAttribute(List<SdpLine> lines, SdpLine line) {
        if (!line.isAttribute()) {
            throw new IllegalArgumentException("`" + line + "` is not an attribute (expected: an a= line)");
        }
        return replaceAttribute(lines, line.attributeName(), List.of(line));
    }

    /** {@link #replaceAttribute(List, String, List)} after checking every replacement is an {@code a=<name>} line. */
    static List<SdpLine> replaceAttributeChecked(List<SdpLine> lines, String name, List<SdpLine> replacement) {
        for (SdpLine l : replacement) {
            if (!l.isAttribute(name)) {
                throw new IllegalArgumentException("`" + l + "` is not an a=" + name + " line");
            }
        }
        return replaceAttribute(lines, name, replacement);
    }
}
