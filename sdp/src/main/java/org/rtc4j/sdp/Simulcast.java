package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulcast attribute {@code a=simulcast:send <streams> [recv <streams>]} (RFC 8853 §5.1), such
 * as {@code a=simulcast:send h;m;l} or {@code a=simulcast:recv 1,~2;3}. Each list holds the
 * simulcast streams in order; each stream holds its alternative rids (usually one).
 *
 * @param send the streams the writer sends, each a list of alternative rids; empty if none
 * @param recv the streams the writer receives; empty if none
 */
public record Simulcast(List<List<RidRef>> send, List<List<RidRef>> recv) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "simulcast";
    private static final String EXPECTED = "send|recv <rid>[,<rid>...];... [recv|send ...], e.g. send h;m;l";

    /**
     * A reference to an {@code a=rid} of the same media section.
     *
     * @param rid the rid
     * @param paused whether it is written with {@code ~}, as initially paused
     */
    public record RidRef(String rid, boolean paused) {
        /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */
        public RidRef {
            if (!Rid.isRidId(rid)) {
                throw new IllegalArgumentException("rid '" + rid + "' is empty or holds other than letters, digits, "
                        + "'-' and '_'");
            }
        }

        @Override
        public String toString() {
            return paused ? "~" + rid : rid;
        }
    }

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public Simulcast {
        send = copy(send);
        recv = copy(recv);
        if (send.isEmpty() && recv.isEmpty()) {
            throw new IllegalArgumentException("no stream (expected: " + EXPECTED + ")");
        }
    }

    /** {@code a=simulcast:send <rid>;<rid>;...}, one unpaused stream per rid. */
    public static Simulcast send(List<String> rids) {
        return new Simulcast(streams(rids), List.of());
    }

    /** {@code a=simulcast:recv <rid>;<rid>;...}, one unpaused stream per rid. */
    public static Simulcast recv(List<String> rids) {
        return new Simulcast(List.of(), streams(rids));
    }

    /** This attribute seen from the other end: send and receive swapped. */
    public Simulcast reversed() {
        return new Simulcast(recv, send);
    }

    /** The {@code a=simulcast} line. */
    public SdpLine toLine() {
        StringBuilder sb = new StringBuilder();
        if (!send.isEmpty()) {
            sb.append("send ");
            append(sb, send);
        }
        if (!recv.isEmpty()) {
            sb.append(sb.length() > 0 ? " recv " : "recv ");
            append(sb, recv);
        }
        return SdpLine.attribute(ATTRIBUTE, sb.toString());
    }

    private static void append(StringBuilder sb, List<List<RidRef>> streams) {
        for (int i = 0; i < streams.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            List<RidRef> alts = streams.get(i);
            for (int j = 0; j < alts.size(); j++) {
                sb.append(j > 0 ? "," : "").append(alts.get(j));
            }
        }
    }

    private static List<List<RidRef>> streams(List<String> rids) {
        List<List<RidRef>> out = new ArrayList<>();
        for (String r : rids) {
            out.add(List.of(new RidRef(r, false)));
        }
        return out;
    }

    private static List<List<RidRef>> copy(List<List<RidRef>> streams) {
        List<List<RidRef>> out = new ArrayList<>();
        for (List<RidRef> alts : streams) {
            if (alts.isEmpty()) {
                throw new IllegalArgumentException("a simulcast stream without rid (expected: at least one rid each)");
            }
            out.add(List.copyOf(alts));
        }
        return List.copyOf(out);
    }

    static Simulcast parse(SdpLine line) {
        List<String> f = Values.fields(Values.attributeValue(line, EXPECTED));
        if (f.size() != 2 && f.size() != 4) {
            throw SdpParseException.at(line, "the simulcast attribute has " + f.size() + " fields", EXPECTED);
        }
        List<List<RidRef>> send = null;
        List<List<RidRef>> recv = null;
        for (int i = 0; i < f.size(); i += 2) {
            List<List<RidRef>> streams = streams(line, f.get(i + 1));
            switch (f.get(i)) {
                case "send" -> {
                    if (send != null) {
                        throw SdpParseException.at(line, "send twice", EXPECTED);
                    }
                    send = streams;
                }
                case "recv" -> {
                    if (recv != null) {
                        throw SdpParseException.at(line, "recv twice", EXPECTED);
                    }
                    recv = streams;
                }
                default -> throw SdpParseException.at(line, "unknown simulcast direction '" + f.get(i) + "'",
                        "send or recv");
            }
        }
        return new Simulcast(send == null ? List.of() : send, recv == null ? List.of() : recv);
    }

    private static List<List<RidRef>> streams(SdpLine line, String list) {
        List<List<RidRef>> out = new ArrayList<>();
        for (String stream : list.split(";", -1)) {
            List<RidRef> alts = new ArrayList<>();
            for (String alt : stream.split(",", -1)) {
                boolean paused = alt.startsWith("~");
                String rid = paused ? alt.substring(1) : alt;
                if (!Rid.isRidId(rid)) {
                    throw SdpParseException.at(line, "rid '" + rid + "' is empty or holds other than letters, digits, "
                            + "'-' and '_'", EXPECTED);
                }
                alts.add(new RidRef(rid, paused));
            }
            out.add(alts);
        }
        return out;
    }
}
