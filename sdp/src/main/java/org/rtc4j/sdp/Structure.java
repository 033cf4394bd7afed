package org.rtc4j.sdp;

import java.util.List;
import java.util.OptionalInt;

/**
 * The structural rules of RFC 8866 §5 and §9 that every description obeys, parsed or built: the
 * order and number of the session lines, the lines a media section may hold, and the syntax of
 * {@code o=}, {@code c=} and {@code m=}. Attribute values are not checked here.
 */
final class Structure {
    private Structure() {
    }

    static final String SESSION_ORDER = "session lines in the order v o s i u e p c b t r z k a";
    static final String MEDIA_ORDER = "media lines in the order m i c b k a";
    static final String M_LINE = "<media> <port>[/<number of ports>] <proto> <fmt> ..., e.g. audio 9 UDP/TLS/RTP/SAVPF 111";

    /** The fields of a checked m= line. */
    record MediaLine(String media, int port, OptionalInt portCount, String proto, List<String> formats) {
    }

    private static int sessionRank(char type) {
        return "vosiuepcbtrzka".indexOf(type);
    }

    private static int mediaRank(char type) {
        return "micbka".indexOf(type);
    }

    /** Whether a type may appear in a media section: i, c, b, k, a, or a letter RFC 8866 does not define. */
    private static boolean isMediaType(char type) {
        return "icbka".indexOf(type) >= 0 || sessionRank(type) < 0 && type != 'm';
    }

    /**
     * Checks the session section.
     *
     * @param lines the lines from {@code v=} up to the first {@code m=} (exclusive)
     * @param next the line number after the section, for errors about a missing line
     */
    static void checkSession(List<SdpLine> lines, int next) {
        if (lines.isEmpty() || lines.get(0).type() != 'v' || !lines.get(0).value().equals("0")) {
            SdpLine first = lines.isEmpty() ? null : lines.get(0);
            throw new SdpParseException(first == null ? next : first.lineNumber(), first == null ? null : first.toString(),
                    first == null ? "no v= line" : "the first line is not v=0", "v=0 as the first line");
        }
        requireAt(lines, 1, 'o', "o=" + Origin.EXPECTED + " as the second line", next);
        Origin.fields(lines.get(1));
        requireAt(lines, 2, 's', "s=<session name> as the third line, e.g. s=-", next);
        int last = sessionRank('s');
        boolean timing = false;
        int seen = 0; // bit per rank
        for (int i = 3; i < lines.size(); i++) {
            SdpLine l = lines.get(i);
            char t = l.type();
            int rank = sessionRank(t);
            if (t == 'm') {
                throw SdpParseException.at(l, "m= in the session section", "m= lines only as the first line of a media section");
            }
            if (rank < 0) {
                continue; // a letter RFC 8866 does not define: kept where it is
            }
            if (rank <= 2) {
                throw SdpParseException.at(l, "a second " + t + "= line", "v=, o= and s= once, as the first three lines");
            }
            if ("iuczk".indexOf(t) >= 0 && (seen & 1 << rank) != 0) {
                throw SdpParseException.at(l, "a second " + t + "= line", "at most one " + t + "= in the session section");
            }
            boolean newTiming = t == 't' && last == sessionRank('r');
            if (rank < last && !newTiming) {
                throw SdpParseException.at(l, t + "= after " + "vosiuepcbtrzka".charAt(last) + "=", SESSION_ORDER);
            }
            if (t == 'r' && !timing) {
                throw SdpParseException.at(l, "r= without t=", "r= after a t= line");
            }
            if (rank > sessionRank('r') && !timing) {
                throw SdpParseException.at(l, "no t= line before " + t + "=", "t=<start> <stop> before z=, k= and a=");
            }
            if (t == 'c') {
                Connection.parse(l);
            }
            timing |= t == 't';
            seen |= 1 << rank;
            last = rank;
        }
        if (!timing) {
            throw new SdpParseException(next, null, "no t= line in the session section",
                    "t=<start> <stop> after s=, e.g. t=0 0");
        }
    }

    private static void requireAt(List<SdpLine> lines, int index, char type, String expected, int next) {
        if (lines.size() <= index) {
            throw new SdpParseException(next, null, "no " + type + "= line", expected);
        }
        SdpLine l = lines.get(index);
        if (l.type() != type) {
            throw SdpParseException.at(l, type + "= is missing", expected);
        }
    }

    /**
     * Checks a media section.
     *
     * @param lines the {@code m=} line and the lines after it up to the next {@code m=} (exclusive)
     * @return the fields of the m= line
     */
    static MediaLine checkMedia(List<SdpLine> lines) {
        MediaLine m = mediaLine(lines.get(0));
        int last = 0;
        int seen = 0; // bit per rank
        for (int i = 1; i < lines.size(); i++) {
            SdpLine l = lines.get(i);
            char t = l.type();
            if (!isMediaType(t)) {
                throw SdpParseException.at(l, t + "= is not allowed in a media section", "i=, c=, b=, k= or a= after m=");
            }
            int rank = mediaRank(t);
            if (rank < 0) {
                continue;
            }
            if ((t == 'i' || t == 'k') && (seen & 1 << rank) != 0) {
                throw SdpParseException.at(l, "a second " + t + "= line", "at most one " + t + "= in a media section");
            }
            if (rank < last) {
                throw SdpParseException.at(l, t + "= after " + "micbka".charAt(last) + "=", MEDIA_ORDER);
            }
            if (t == 'c') {
                Connection.parse(l);
            }
            seen |= 1 << rank;
            last = rank;
        }
        return m;
    }

    static MediaLine mediaLine(SdpLine l) {
        if (l.type() != 'm') {
            throw SdpParseException.at(l, "not an m= line", M_LINE);
        }
        List<String> f = Values.fields(l.value());
        if (f.size() < 4) {
            throw SdpParseException.at(l, "the m-line has " + f.size() + " field" + (f.size() == 1 ? "" : "s")
                    + ", fewer than 4", M_LINE);
        }
        String port = f.get(1);
        OptionalInt count = OptionalInt.empty();
        int slash = port.indexOf('/');
        if (slash >= 0) {
            count = OptionalInt.of((int) Values.number(l, port.substring(slash + 1), 1, 65535, "number of ports"));
            port = port.substring(0, slash);
        }
        int p = (int) Values.number(l, port, 0, 65535, "port");
        return new MediaLine(f.get(0), p, count, f.get(2), List.copyOf(f.subList(3, f.size())));
    }
}
