package org.rtc4j.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An SDP session description (RFC 8866): the session section ({@code v=}, {@code o=}, {@code s=},
 * optional {@code i= u= e= p= c= b=}, {@code t=} with its {@code r=}, {@code z=}, {@code k=} and
 * {@code a=} lines) followed by the media sections, every line kept in order and verbatim.
 *
 * <p>{@link #parse(String)} and {@link #toString()} are inverse: the text of a parsed description is
 * the input byte for byte when the input ends each line with CRLF, as RFC 8866 requires and browsers
 * do. Input with bare LF line endings (or none after the last line) is accepted, and written back
 * with CRLF.
 *
 * <p>Session-level WebRTC attributes have typed getters that parse on demand ({@link #groups()},
 * {@link #iceLite()}, {@link #msidSemantics()}), and those that may appear at either level are
 * inherited from {@link SdpSection}. Immutable: the {@code with*} methods return a changed copy, and
 * {@link #builder(Origin)} assembles a new description.
 */
public final class SessionDescription implements SdpSection {
    private final List<SdpLine> lines;
    private final List<MediaDescription> media;

    private SessionDescription(List<SdpLine> lines, List<MediaDescription> media) {
        this.lines = lines;
        this.media = media;
    }

    /** A description from lines the parser has checked. */
    static SessionDescription parsed(List<SdpLine> lines, List<MediaDescription> media) {
        return new SessionDescription(List.copyOf(lines), List.copyOf(media));
    }

    /**
     * A description of the given session lines and media sections.
     *
     * @throws IllegalArgumentException if the session lines break the structure of RFC 8866 (v=0,
     *                                  o= and s= first, a t= line, the order of the lines)
     */
    public static SessionDescription of(List<SdpLine> sessionLines, List<MediaDescription> media) {
        List<SdpLine> copy = List.copyOf(sessionLines);
        try {
            Structure.checkSession(copy, 0);
        } catch (SdpParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new SessionDescription(copy, List.copyOf(media));
    }

    /**
     * Parses SDP text with the default limits of {@link SdpParser#DEFAULT}.
     *
     * @throws SdpParseException if the text is not a well-formed description or exceeds the limits
     */
    public static SessionDescription parse(String sdp) {
        return SdpParser.DEFAULT.parse(sdp);
    }

    /**
     * A builder of a description: {@code v=0}, the origin, {@code s=-}, {@code t=0 0}, then what is added.
     *
     * @param origin the {@code o=} line, e.g. {@link Origin#of(long, long)}
     */
    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    /** The session-level lines, {@code v=} first, without the media sections. */
    @Override
    public List<SdpLine> lines() {
        return lines;
    }

    /** The media sections, in order. */
    public List<MediaDescription> media() {
        return media;
    }

    /** The media section with this {@code a=mid}. */
    public Optional<MediaDescription> media(String mid) {
        for (MediaDescription m : media) {
            if (m.mid().filter(mid::equals).isPresent()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The {@code o=} line. */
    public Origin origin() {
        return Origin.parse(lines.get(1));
    }

    /** The text of {@code s=}, {@code -} in WebRTC. */
    public String sessionName() {
        return lines.get(2).value();
    }

    /** The first {@code t=} line. */
    public Timing timing() {
        return Timing.parse(lines('t').get(0));
    }

    /** Every {@code a=group}, in order. */
    public List<Group> groups() {
        List<Group> out = new ArrayList<>();
        for (SdpLine l : attributes(Group.ATTRIBUTE)) {
            out.add(Group.parse(l));
        }
        return out;
    }

    /** The {@code a=group} lines with this semantics, e.g. {@link Group#BUNDLE}. */
    public List<Group> groups(String semantics) {
        List<Group> out = new ArrayList<>();
        for (Group g : groups()) {
            if (g.semantics().equals(semantics)) {
                out.add(g);
            }
        }
        return out;
    }

    /** The BUNDLE group that holds this mid (RFC 8843 allows several groups, a mid is in at most one). */
    public Optional<Group> bundleGroup(String mid) {
        for (Group g : groups(Group.BUNDLE)) {
            if (g.mids().contains(mid)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code a=ice-lite} is present: the writer is an ICE lite agent (RFC 8445 §2.5). */
    public boolean iceLite() {
        return hasAttribute(ICE_LITE);
    }

    /** Every {@code a=msid-semantic}, in order. */
    public List<MsidSemantic> msidSemantics() {
        List<MsidSemantic> out = new ArrayList<>();
        for (SdpLine l : attributes(MsidSemantic.ATTRIBUTE)) {
            out.add(MsidSemantic.parse(l));
        }
        return out;
    }

    // ---- changed copies ----

    private SessionDescription with(List<SdpLine> newLines) {
        return of(newLines, media);
    }

    /** This description with other media sections. */
    public SessionDescription withMedia(List<MediaDescription> newMedia) {
        return new SessionDescription(lines, List.copyOf(newMedia));
    }

    /** This description with the media section at {@code index} replaced. */
    public SessionDescription withMedia(int index, MediaDescription section) {
        List<MediaDescription> copy = new ArrayList<>(media);
        copy.set(index, section);
        return withMedia(copy);
    }

    /** This description with a media section added at the end. */
    public SessionDescription withMediaAdded(MediaDescription section) {
        List<MediaDescription> copy = new ArrayList<>(media);
        copy.add(section);
        return withMedia(copy);
    }

    /** This description with another {@code o=} line, e.g. the next session version. */
    public SessionDescription withOrigin(Origin origin) {
        List<SdpLine> copy = new ArrayList<>(lines);
        copy.set(1, origin.toLine());
        return with(copy);
    }

    /**
     * This description with a session-level line added: an {@code a=} line at the end, another line
     * after the last line of its kind in the order {@code v o s i u e p c b t r z k a}.
     */
    public SessionDescription withLine(SdpLine line) {
        return with(Lines.insert(lines, line, "vosiuepcbtrzka", 3));
    }

    /** This description with every session-level {@code a=<name>} replaced by {@code line} (where the first was), or {@code line} added. */
    public SessionDescription withAttribute(SdpLine line) {
        return with(Lines.replaceAttribute(lines, line));
    }

    /** This description with every session-level {@code a=<name>} replaced by {@code replacement} (where the first was). */
    public SessionDescription withAttributes(String name, List<SdpLine> replacement) {
        return with(Lines.replaceAttributeChecked(lines, name, replacement));
    }

    /** This description without any session-level {@code a=<name>} line. */
    public SessionDescription withoutAttribute(String name) {
        return with(Lines.remove(lines, l -> l.isAttribute(name)));
    }

    /** This description with the {@code a=group} of the same semantics replaced by {@code group}, or {@code group} added. */
    public SessionDescription withGroup(Group group) {
        return with(Lines.replace(lines, l -> l.isAttribute(Group.ATTRIBUTE)
                && Values.fields(l.attributeValue().orElse("")).stream().findFirst().orElse("").equals(group.semantics()),
                List.of(group.toLine())));
    }

    /** This description with or without {@code a=ice-lite}. */
    public SessionDescription withIceLite(boolean lite) {
        return lite ? withAttribute(SdpLine.attribute(ICE_LITE, null)) : withoutAttribute(ICE_LITE);
    }

    /** This description with session-level {@code a=ice-ufrag} and {@code a=ice-pwd}. */
    public SessionDescription withIceCredentials(String ufrag, String pwd) {
        return withAttribute(SdpLine.attribute(ICE_UFRAG, Values.token(ufrag, "ufrag")))
                .withAttribute(SdpLine.attribute(ICE_PWD, Values.token(pwd, "pwd")));
    }

    /** This description with exactly these session-level {@code a=fingerprint} lines. */
    public SessionDescription withFingerprints(List<Fingerprint> fingerprints) {
        return withAttributes(Fingerprint.ATTRIBUTE, fingerprints.stream().map(Fingerprint::toLine).toList());
    }

    /** This description with a session-level {@code a=setup}. */
    public SessionDescription withSetup(Setup setup) {
        return withAttribute(setup.toLine());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionDescription d && d.lines.equals(lines) && d.media.equals(media);
    }

    @Override
    public int hashCode() {
        return lines.hashCode() * 31 + media.hashCode();
    }

    /** The description as SDP text, every line ending with CRLF (RFC 8866 §5). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64 * (lines.size() + 20 * media.size()));
        for (SdpLine l : lines) {
            sb.append(l.type()).append('=').append(l.value()).append("\r\n");
        }
        for (MediaDescription m : media) {
            m.appendTo(sb);
        }
        return sb.toString();
    }

    /** The description as UTF-8 bytes of {@link #toString()}. */
    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Assembles a description: {@code v=0}, {@code o=}, {@code s=}, the other session lines in the
     * order of RFC 8866 with attributes in the order they were added, then the media sections.
     * Not thread-safe.
     */
    public static final class Builder {
        private final SdpLine origin;
        private SdpLine sessionName = SdpLine.of('s', "-");
        private SdpLine timing = Timing.UNBOUNDED.toLine();
        private final List<SdpLine> lines = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();

        private Builder(Origin origin) {
            this.origin = origin.toLine();
        }

        /** Sets {@code s=} (default {@code -}). */
        public Builder sessionName(String name) {
            sessionName = SdpLine.of('s', name);
            return this;
        }

        /** Sets {@code t=} (default {@code 0 0}). */
        public Builder timing(Timing t) {
            timing = t.toLine();
            return this;
        }

        /** Adds any session-level line; it is placed by its type when built. */
        public Builder line(SdpLine line) {
            lines.add(line);
            return this;
        }

        /** Adds {@code a=<name>} (a property attribute). */
        public Builder attribute(String name) {
            return line(SdpLine.attribute(name, null));
        }

        /** Adds {@code a=<name>:<value>}. */
        public Builder attribute(String name, String value) {
            return line(SdpLine.attribute(name, value));
        }

        /** Adds the session-level {@code c=} line. */
        public Builder connection(Connection connection) {
            return line(connection.toLine());
        }

        /** Adds an {@code a=group}, e.g. {@code Group.bundle(List.of("0", "1"))}. */
        public Builder group(Group group) {
            return line(group.toLine());
        }

        /** Adds {@code a=msid-semantic}. */
        public Builder msidSemantic(MsidSemantic semantic) {
            return line(semantic.toLine());
        }

        /** Adds {@code a=ice-lite}. */
        public Builder iceLite() {
            return attribute(ICE_LITE);
        }

        /** Adds {@code a=extmap-allow-mixed}. */
        public Builder extmapAllowMixed() {
            return attribute(EXTMAP_ALLOW_MIXED);
        }

        /** Adds session-level {@code a=ice-ufrag} and {@code a=ice-pwd}. */
        public Builder iceCredentials(String ufrag, String pwd) {
            return attribute(ICE_UFRAG, Values.token(ufrag, "ufrag")).attribute(ICE_PWD, Values.token(pwd, "pwd"));
        }

        /** Adds {@code a=ice-options} with these options, e.g. {@code trickle}. */
        public Builder iceOptions(String... options) {
            for (String o : options) {
                Values.token(o, "ice option");
            }
            return attribute(ICE_OPTIONS, String.join(" ", options));
        }

        /** Adds a session-level {@code a=fingerprint}. */
        public Builder fingerprint(Fingerprint fingerprint) {
            return line(fingerprint.toLine());
        }

        /** Adds a session-level {@code a=setup}. */
        public Builder setup(Setup setup) {
            return line(setup.toLine());
        }

        /** Adds a media section after those added before. */
        public Builder media(MediaDescription section) {
            media.add(section);
            return this;
        }

        /**
         * The description.
         *
         * @throws IllegalArgumentException if a line is not allowed at session level (a second v=, an m=)
         */
        public SessionDescription build() {
            List<SdpLine> all = new ArrayList<>();
            all.add(SdpLine.of('v', "0"));
            all.add(origin);
            all.add(sessionName);
            List<SdpLine> rest = new ArrayList<>(lines);
            rest.add(timing);
            all.addAll(Lines.sorted(rest, "vosiuepcbtrzka"));
            for (SdpLine l : all) {
                if (l.type() == 'm') {
                    throw new IllegalArgumentException("`" + l + "` in the session section (expected: media(...) for m= lines)");
                }
            }
            return of(all, media);
        }
    }
}
