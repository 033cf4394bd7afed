package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A media section (RFC 8866 §5.14): an {@code m=} line and the {@code i=}, {@code c=}, {@code b=},
 * {@code k=} and {@code a=} lines after it, kept in order and verbatim, including attributes and
 * lines this class does not know.
 *
 * <p>The fields of the m-line are typed ({@link #mediaType()}, {@link #port()}, {@link #proto()},
 * {@link #formats()}), e.g. {@code m=audio 9 UDP/TLS/RTP/SAVPF 111 0} or
 * {@code m=application 9 UDP/DTLS/SCTP webrtc-datachannel}. Media-level WebRTC attributes have
 * typed getters that parse on demand ({@link #mid()}, {@link #rtpMaps()}, {@link #rids()},
 * {@link #sctpPort()}, ...), and those that may also appear at session level are inherited from
 * {@link SdpSection}.
 *
 * <p>Immutable: the {@code with*} methods return a changed copy, and {@link #builder} assembles a
 * new section with its lines in the RFC order.
 */
public final class MediaDescription implements SdpSection {
    /** {@code a=mid} (RFC 5888 §4). */
    public static final String MID = "mid";
    /** {@code a=rtcp-mux} (RFC 5761 §5.1.3, RFC 8858). */
    public static final String RTCP_MUX = "rtcp-mux";
    /** {@code a=rtcp-rsize} (RFC 5506 §5). */
    public static final String RTCP_RSIZE = "rtcp-rsize";
    /** {@code a=sctp-port} (RFC 8841 §5). */
    public static final String SCTP_PORT = "sctp-port";
    /** {@code a=max-message-size} (RFC 8841 §6). */
    public static final String MAX_MESSAGE_SIZE = "max-message-size";
    /** The protocol of WebRTC media, {@code UDP/TLS/RTP/SAVPF} (RFC 5764 §8, RFC 8829 §5.1.2). */
    public static final String PROTO_RTP = "UDP/TLS/RTP/SAVPF";
    /** The protocol of WebRTC data channels, {@code UDP/DTLS/SCTP} (RFC 8841 §4). */
    public static final String PROTO_SCTP = "UDP/DTLS/SCTP";
    /** The format of WebRTC data channels, {@code webrtc-datachannel} (RFC 8841 §4.1). */
    public static final String FORMAT_DATACHANNEL = "webrtc-datachannel";

    private final List<SdpLine> lines;
    private final Structure.MediaLine m;

    private MediaDescription(List<SdpLine> lines, Structure.MediaLine m) {
        this.lines = lines;
        this.m = m;
    }

    /** A media section from lines the parser has checked. */
    static MediaDescription parsed(List<SdpLine> lines, Structure.MediaLine m) {
        return new MediaDescription(List.copyOf(lines), m);
    }

    /**
     * A media section of the given lines, the {@code m=} line first.
     *
     * @throws IllegalArgumentException if the lines break the structure of RFC 8866 (an m-line with
     *                                  fewer than four fields, a {@code t=} line, lines out of order)
     */
    public static MediaDescription of(List<SdpLine> lines) {
        List<SdpLine> copy = List.copyOf(lines);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no lines (expected: an m= line first)");
        }
        try {
            return new MediaDescription(copy, Structure.checkMedia(copy));
        } catch (SdpParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A builder of a media section, e.g. {@code builder("audio", 9, PROTO_RTP, List.of("111"))}.
     *
     * @param mediaType {@code audio}, {@code video}, {@code application} or another token
     * @param port the port, 9 (discard) in WebRTC, 0 for a rejected or bundle-only section
     * @param proto the protocol, e.g. {@link #PROTO_RTP} or {@link #PROTO_SCTP}
     * @param formats the formats, at least one: payload types or {@link #FORMAT_DATACHANNEL}
     */
    public static Builder builder(String mediaType, int port, String proto, List<String> formats) {
        return new Builder(mediaType, port, proto, formats);
    }

    /** A data channel section, {@code m=application <port> UDP/DTLS/SCTP webrtc-datachannel}, to add lines to. */
    public static Builder dataChannelBuilder(int port) {
        return new Builder("application", port, PROTO_SCTP, List.of(FORMAT_DATACHANNEL));
    }

    @Override
    public List<SdpLine> lines() {
        return lines;
    }

    /** The m= line. */
    public SdpLine mediaLine() {
        return lines.get(0);
    }

    /** The media type: {@code audio}, {@code video}, {@code application}, ... */
    public String mediaType() {
        return m.media();
    }

    /** The port of the m-line, 0 ~ 65535. */
    public int port() {
        return m.port();
    }

    /** The number of ports after {@code /}, if written. */
    public OptionalInt portCount() {
        return m.portCount();
    }

    /** The transport protocol, e.g. {@code UDP/TLS/RTP/SAVPF} or {@code UDP/DTLS/SCTP}. */
    public String proto() {
        return m.proto();
    }

    /** The formats, at least one: RTP payload types, or {@code webrtc-datachannel}. */
    public List<String> formats() {
        return m.formats();
    }

    /** Whether the protocol is RTP-based (it holds {@code RTP/}, e.g. {@code UDP/TLS/RTP/SAVPF}, {@code RTP/AVP}). */
    public boolean isRtp() {
        return m.proto().contains("RTP/");
    }

    /**
     * Whether this is a data channel section: {@code application} over SCTP, in the form of RFC 8841
     * ({@code UDP/DTLS/SCTP webrtc-datachannel}, {@code TCP/DTLS/SCTP}) or the older
     * {@code DTLS/SCTP 5000}.
     */
    public boolean isDataChannel() {
        return m.media().equals("application") && m.proto().endsWith("SCTP");
    }

    /** {@code a=mid}. */
    public Optional<String> mid() {
        return attribute(MID).map(l -> {
            String v = Values.attributeValue(l, "<identification tag>, e.g. 0");
            if (v.isEmpty() || v.indexOf(' ') >= 0) {
                throw SdpParseException.at(l, "the mid is empty or holds a space", "<identification tag>, e.g. 0");
            }
            return v;
        });
    }

    /** Whether {@code a=rtcp-mux} is present. */
    public boolean rtcpMux() {
        return hasAttribute(RTCP_MUX);
    }

    /** Whether {@code a=rtcp-rsize} is present. */
    public boolean rtcpRsize() {
        return hasAttribute(RTCP_RSIZE);
    }

    /** Every {@code a=rtpmap}, in order. */
    public List<RtpMap> rtpMaps() {
        List<RtpMap> out = new ArrayList<>();
        for (SdpLine l : attributes(RtpMap.ATTRIBUTE)) {
            out.add(RtpMap.parse(l));
        }
        return out;
    }

    /** The {@code a=rtpmap} of a payload type. */
    public Optional<RtpMap> rtpMap(int payloadType) {
        for (RtpMap r : rtpMaps()) {
            if (r.payloadType() == payloadType) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Every {@code a=fmtp}, in order. */
    public List<Fmtp> fmtps() {
        List<Fmtp> out = new ArrayList<>();
        for (SdpLine l : attributes(Fmtp.ATTRIBUTE)) {
            out.add(Fmtp.parse(l));
        }
        return out;
    }

    /** The {@code a=fmtp} of a format, e.g. {@code "111"}. */
    public Optional<Fmtp> fmtp(String format) {
        for (Fmtp f : fmtps()) {
            if (f.format().equals(format)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Every {@code a=rtcp-fb}, in order. */
    public List<RtcpFeedback> rtcpFeedbacks() {
        List<RtcpFeedback> out = new ArrayList<>();
        for (SdpLine l : attributes(RtcpFeedback.ATTRIBUTE)) {
            out.add(RtcpFeedback.parse(l));
        }
        return out;
    }

    /** The {@code a=rtcp-fb} lines that apply to a format: its own and those for {@code *}. */
    public List<RtcpFeedback> rtcpFeedbacks(String format) {
        List<RtcpFeedback> out = new ArrayList<>();
        for (RtcpFeedback f : rtcpFeedbacks()) {
            if (f.format().equals(format) || f.format().equals("*")) {
                out.add(f);
            }
        }
        return out;
    }

    /** Every {@code a=ssrc}, in order. */
    public List<SsrcAttribute> ssrcs() {
        List<SsrcAttribute> out = new ArrayList<>();
        for (SdpLine l : attributes(SsrcAttribute.ATTRIBUTE)) {
            out.add(SsrcAttribute.parse(l));
        }
        return out;
    }

    /** Every {@code a=ssrc-group}, in order. */
    public List<SsrcGroup> ssrcGroups() {
        List<SsrcGroup> out = new ArrayList<>();
        for (SdpLine l : attributes(SsrcGroup.ATTRIBUTE)) {
            out.add(SsrcGroup.parse(l));
        }
        return out;
    }

    /** Every {@code a=msid}, in order (one per stream the track belongs to). */
    public List<Msid> msids() {
        List<Msid> out = new ArrayList<>();
        for (SdpLine l : attributes(Msid.ATTRIBUTE)) {
            out.add(Msid.parse(l));
        }
        return out;
    }

    /** Every {@code a=rid}, in order. */
    public List<Rid> rids() {
        List<Rid> out = new ArrayList<>();
        for (SdpLine l : attributes(Rid.ATTRIBUTE)) {
            out.add(Rid.parse(l));
        }
        return out;
    }

    /** {@code a=simulcast}. */
    public Optional<Simulcast> simulcast() {
        return attribute(Simulcast.ATTRIBUTE).map(Simulcast::parse);
    }

    /** {@code a=sctp-port}, 0 ~ 65535. */
    public OptionalInt sctpPort() {
        Optional<SdpLine> l = attribute(SCTP_PORT);
        return l.isEmpty() ? OptionalInt.empty() : OptionalInt.of((int) Values.number(l.get(),
                Values.attributeValue(l.get(), "0 ~ 65535").strip(), 0, 65535, "sctp-port"));
    }

    /** {@code a=max-message-size} in bytes; 0 means any size (RFC 8841 §6.1). */
    public OptionalLong maxMessageSize() {
        Optional<SdpLine> l = attribute(MAX_MESSAGE_SIZE);
        return l.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Values.number(l.get(),
                Values.attributeValue(l.get(), "0 ~ " + Long.MAX_VALUE).strip(), 0, Long.MAX_VALUE, "max-message-size"));
    }

    // ---- changed copies ----

    private MediaDescription with(List<SdpLine> newLines) {
        return of(newLines);
    }

    /**
     * This section with a line added: an {@code a=} line at the end, another line after the last
     * line of its kind in the order {@code m i c b k a}.
     */
    public MediaDescription withLine(SdpLine line) {
        return with(Lines.insert(lines, line, "micbka", 1));
    }

    /** This section with every {@code a=<name>} line replaced by {@code line} (where the first was), or {@code line} added. */
    public MediaDescription withAttribute(SdpLine line) {
        return with(Lines.replaceAttribute(lines, line));
    }

    /** This section with every {@code a=<name>} line replaced by {@code replacement} (where the first was). */
    public MediaDescription withAttributes(String name, List<SdpLine> replacement) {
        return with(Lines.replaceAttributeChecked(lines, name, replacement));
    }

    /** This section without any {@code a=<name>} line. */
    public MediaDescription withoutAttribute(String name) {
        return with(Lines.remove(lines, l -> l.isAttribute(name)));
    }

    /** This section with another port on its m-line, e.g. 0 to reject it. */
    public MediaDescription withPort(int port) {
        Values.range(port, 0, 65535, "port");
        StringBuilder sb = new StringBuilder(m.media()).append(' ').append(port);
        m.portCount().ifPresent(c -> sb.append('/').append(c));
        sb.append(' ').append(m.proto());
        for (String f : m.formats()) {
            sb.append(' ').append(f);
        }
        List<SdpLine> copy = new ArrayList<>(lines);
        copy.set(0, SdpLine.of('m', sb.toString()));
        return with(copy);
    }

    /** This section with {@code a=mid:<mid>}. */
    public MediaDescription withMid(String mid) {
        return withAttribute(SdpLine.attribute(MID, Values.token(mid, "mid")));
    }

    /** This section with one direction attribute, where the first was. */
    public MediaDescription withDirection(Direction direction) {
        return with(Lines.replace(lines, Lines::isDirection, List.of(direction.toLine())));
    }

    /** This section with {@code a=ice-ufrag} and {@code a=ice-pwd} set. */
    public MediaDescription withIceCredentials(String ufrag, String pwd) {
        return withAttribute(SdpLine.attribute(ICE_UFRAG, Values.token(ufrag, "ufrag")))
                .withAttribute(SdpLine.attribute(ICE_PWD, Values.token(pwd, "pwd")));
    }

    /** This section with exactly these {@code a=fingerprint} lines. */
    public MediaDescription withFingerprints(List<Fingerprint> fingerprints) {
        return withAttributes(Fingerprint.ATTRIBUTE, fingerprints.stream().map(Fingerprint::toLine).toList());
    }

    /** This section with {@code a=setup} set. */
    public MediaDescription withSetup(Setup setup) {
        return withAttribute(setup.toLine());
    }

    /**
     * This section with {@code a=candidate:<value>} added after the last candidate (or at the end),
     * and before {@code a=end-of-candidates} if there is one.
     *
     * @param candidate the text after {@code candidate:}, e.g. {@code 1 1 UDP 2122252543 192.0.2.1 54400 typ host}
     */
    public MediaDescription withCandidate(String candidate) {
        SdpLine line = SdpLine.attribute(CANDIDATE, candidate);
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isAttribute(CANDIDATE)) {
                at = i + 1;
            } else if (at < 0 && lines.get(i).isAttribute(END_OF_CANDIDATES)) {
                at = i;
            }
        }
        List<SdpLine> copy = new ArrayList<>(lines);
        copy.add(at < 0 ? copy.size() : at, line);
        return with(copy);
    }

    /** This section with {@code a=end-of-candidates}, once. */
    public MediaDescription withEndOfCandidates() {
        return endOfCandidates() ? this : withLine(SdpLine.attribute(END_OF_CANDIDATES, null));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MediaDescription d && d.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return lines.hashCode();
    }

    /** The section as SDP text, every line ending with CRLF. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    void appendTo(StringBuilder sb) {
        for (SdpLine l : lines) {
            sb.append(l.type()).append('=').append(l.value()).append("\r\n");
        }
    }

    /**
     * Assembles a media section: the m-line, then the other lines in the order {@code i c b k a},
     * attributes in the order they were added. Not thread-safe.
     */
    public static final class Builder {
        private final SdpLine mLine;
        private final List<SdpLine> lines = new ArrayList<>();

        private Builder(String mediaType, int port, String proto, List<String> formats) {
            Values.token(mediaType, "media type");
            Values.range(port, 0, 65535, "port");
            Values.token(proto, "proto");
            if (formats.isEmpty()) {
                throw new IllegalArgumentException("no format (expected: at least one, e.g. 111 or webrtc-datachannel)");
            }
            StringBuilder sb = new StringBuilder(mediaType).append(' ').append(port).append(' ').append(proto);
            for (String f : formats) {
                sb.append(' ').append(Values.token(f, "format"));
            }
            mLine = SdpLine.of('m', sb.toString());
        }

        /** Adds any line; it is placed by its type when built. */
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

        /** Adds the {@code c=} line. */
        public Builder connection(Connection connection) {
            return line(connection.toLine());
        }

        /** Adds a {@code b=} line. */
        public Builder bandwidth(Bandwidth bandwidth) {
            return line(bandwidth.toLine());
        }

        /** Adds {@code a=mid}. */
        public Builder mid(String mid) {
            return attribute(MID, Values.token(mid, "mid"));
        }

        /** Adds {@code a=ice-ufrag} and {@code a=ice-pwd}. */
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

        /** Adds an {@code a=fingerprint}. */
        public Builder fingerprint(Fingerprint fingerprint) {
            return line(fingerprint.toLine());
        }

        /** Adds {@code a=setup}. */
        public Builder setup(Setup setup) {
            return line(setup.toLine());
        }

        /** Adds a direction attribute. */
        public Builder direction(Direction direction) {
            return line(direction.toLine());
        }

        /** Adds {@code a=rtcp-mux}. */
        public Builder rtcpMux() {
            return attribute(RTCP_MUX);
        }

        /** Adds {@code a=rtcp-rsize}. */
        public Builder rtcpRsize() {
            return attribute(RTCP_RSIZE);
        }

        /** Adds {@code a=extmap-allow-mixed}. */
        public Builder extmapAllowMixed() {
            return attribute(EXTMAP_ALLOW_MIXED);
        }

        /** Adds an {@code a=extmap}. */
        public Builder extMap(ExtMap extMap) {
            return line(extMap.toLine());
        }

        /** Adds an {@code a=rtpmap}. */
        public Builder rtpMap(RtpMap rtpMap) {
            return line(rtpMap.toLine());
        }

        /** Adds an {@code a=fmtp}. */
        public Builder fmtp(Fmtp fmtp) {
            return line(fmtp.toLine());
        }

        /** Adds an {@code a=rtcp-fb}. */
        public Builder rtcpFeedback(RtcpFeedback feedback) {
            return line(feedback.toLine());
        }

        /** Adds an {@code a=ssrc}. */
        public Builder ssrc(SsrcAttribute ssrc) {
            return line(ssrc.toLine());
        }

        /** Adds an {@code a=ssrc-group}. */
        public Builder ssrcGroup(SsrcGroup group) {
            return line(group.toLine());
        }

        /** Adds an {@code a=msid}. */
        public Builder msid(Msid msid) {
            return line(msid.toLine());
        }

        /** Adds an {@code a=rid}. */
        public Builder rid(Rid rid) {
            return line(rid.toLine());
        }

        /** Adds {@code a=simulcast}. */
        public Builder simulcast(Simulcast simulcast) {
            return line(simulcast.toLine());
        }

        /** Adds {@code a=sctp-port}. */
        public Builder sctpPort(int port) {
            Values.range(port, 0, 65535, "sctp-port");
            return attribute(SCTP_PORT, Integer.toString(port));
        }

        /** Adds {@code a=max-message-size}; 0 means any size. */
        public Builder maxMessageSize(long bytes) {
            Values.range(bytes, 0, Long.MAX_VALUE, "max-message-size");
            return attribute(MAX_MESSAGE_SIZE, Long.toString(bytes));
        }

        /** Adds {@code a=candidate:<candidate>}, the text after {@code candidate:}. */
        public Builder candidate(String candidate) {
            return attribute(CANDIDATE, candidate);
        }

        /** Adds {@code a=end-of-candidates}. */
        public Builder endOfCandidates() {
            return attribute(END_OF_CANDIDATES);
        }

        /**
         * The media section.
         *
         * @throws IllegalArgumentException if a line is not allowed in a media section (v=, t=, ...)
         */
        public MediaDescription build() {
            List<SdpLine> all = new ArrayList<>(lines.size() + 1);
            all.add(mLine);
            all.addAll(Lines.sorted(lines, "micbka"));
            return of(all);
        }
    }
}
