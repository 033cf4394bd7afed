package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the session section and a media section have in common: an ordered list of lines, and typed
 * getters for the attributes that may appear at either level (ICE credentials and options,
 * fingerprints, the DTLS role, direction, header extensions, candidates).
 *
 * <p>Typed getters parse on demand: a line whose value breaks its attribute's syntax makes the
 * getter throw {@link SdpParseException} naming the line, while the description itself still holds
 * the line verbatim and writes it back unchanged. Getters of an attribute that appears once return
 * the first occurrence.
 */
public sealed interface SdpSection permits SessionDescription, MediaDescription {
    /** {@code a=ice-ufrag} (RFC 8839 §5.4). */
    String ICE_UFRAG = "ice-ufrag";
    /** {@code a=ice-pwd} (RFC 8839 §5.4). */
    String ICE_PWD = "ice-pwd";
    /** {@code a=ice-options} (RFC 8839 §5.6). */
    String ICE_OPTIONS = "ice-options";
    /** {@code a=ice-lite} (RFC 8839 §5.3). */
    String ICE_LITE = "ice-lite";
    /** {@code a=candidate} (RFC 8839 §5.1). */
    String CANDIDATE = "candidate";
    /** {@code a=end-of-candidates} (RFC 8840 §8.2). */
    String END_OF_CANDIDATES = "end-of-candidates";
    /** {@code a=extmap-allow-mixed} (RFC 8285 §6). */
    String EXTMAP_ALLOW_MIXED = "extmap-allow-mixed";

    /**
     * Every line of the section in order: for a media section the {@code m=} line first, for the
     * session section {@code v=} to the last session-level attribute (not the media sections).
     */
    List<SdpLine> lines();

    /** The {@code a=} lines of the section, in order. */
    default List<SdpLine> attributes() {
        List<SdpLine> out = new ArrayList<>();
        for (SdpLine l : lines()) {
            if (l.isAttribute()) {
                out.add(l);
            }
        }
        return out;
    }

    /** The {@code a=} lines with this attribute name, in order. */
    default List<SdpLine> attributes(String name) {
        List<SdpLine> out = new ArrayList<>();
        for (SdpLine l : lines()) {
            if (l.isAttribute(name)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The first {@code a=} line with this attribute name. */
    default Optional<SdpLine> attribute(String name) {
        for (SdpLine l : lines()) {
            if (l.isAttribute(name)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** Whether an {@code a=} line with this attribute name is present (with or without a value). */
    default boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    /** The lines of the given type letter, in order, e.g. {@code 'b'}. */
    default List<SdpLine> lines(char type) {
        List<SdpLine> out = new ArrayList<>();
        for (SdpLine l : lines()) {
            if (l.type() == type) {
                out.add(l);
            }
        }
        return out;
    }

    /** The {@code c=} line (the first, if a multicast media section has several). */
    default Optional<Connection> connection() {
        for (SdpLine l : lines()) {
            if (l.type() == 'c') {
                return Optional.of(Connection.parse(l));
            }
        }
        return Optional.empty();
    }

    /** The {@code b=} lines. */
    default List<Bandwidth> bandwidths() {
        List<Bandwidth> out = new ArrayList<>();
        for (SdpLine l : lines('b')) {
            out.add(Bandwidth.parse(l));
        }
        return out;
    }

    /** {@code a=ice-ufrag}. */
    default Optional<String> iceUfrag() {
        return attribute(ICE_UFRAG).map(l -> iceToken(l, "4 ~ 256 characters of letters, digits, '+' and '/'"));
    }

    /** {@code a=ice-pwd}. */
    default Optional<String> icePwd() {
        return attribute(ICE_PWD).map(l -> iceToken(l, "22 ~ 256 characters of letters, digits, '+' and '/'"));
    }

    /**
     * The tokens of {@code a=ice-options}, such as {@code trickle} and {@code ice2}; empty if absent.
     * Tokens are separated by spaces (RFC 8839 §5.6); commas are accepted too, as libdatachannel
     * writes {@code a=ice-options:ice2,trickle}.
     */
    default List<String> iceOptions() {
        List<String> out = new ArrayList<>();
        for (SdpLine l : attributes(ICE_OPTIONS)) {
            for (String t : Values.attributeValue(l, "<option> ..., e.g. trickle").split("[ ,]")) {
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Whether {@code a=ice-options} lists this option, e.g. {@code trickle}. */
    default boolean hasIceOption(String option) {
        return iceOptions().contains(option);
    }

    /** Every {@code a=fingerprint}, in order. */
    default List<Fingerprint> fingerprints() {
        List<Fingerprint> out = new ArrayList<>();
        for (SdpLine l : attributes(Fingerprint.ATTRIBUTE)) {
            out.add(Fingerprint.parse(l));
        }
        return out;
    }

    /** {@code a=setup}. */
    default Optional<Setup> setup() {
        return attribute(Setup.ATTRIBUTE).map(Setup::parse);
    }

    /**
     * The first direction attribute ({@code a=sendrecv}, {@code a=sendonly}, {@code a=recvonly} or
     * {@code a=inactive}) written in this section, if any.
     */
    default Optional<Direction> direction() {
        for (SdpLine l : lines()) {
            if (l.isAttribute()) {
                Optional<Direction> d = Direction.of(l.value());
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    /** Every {@code a=extmap}, in order. */
    default List<ExtMap> extMaps() {
        List<ExtMap> out = new ArrayList<>();
        for (SdpLine l : attributes(ExtMap.ATTRIBUTE)) {
            out.add(ExtMap.parse(l));
        }
        return out;
    }

    /** Whether {@code a=extmap-allow-mixed} is present. */
    default boolean extmapAllowMixed() {
        return hasAttribute(EXTMAP_ALLOW_MIXED);
    }

    /**
     * The values of every {@code a=candidate}, the text after {@code candidate:} exactly as written,
     * e.g. {@code 1 1 UDP 2122252543 192.0.2.1 54400 typ host}. The {@code ice} module parses them.
     */
    default List<String> candidates() {
        List<String> out = new ArrayList<>();
        for (SdpLine l : attributes(CANDIDATE)) {
            out.add(Values.attributeValue(l, "<foundation> <component> <transport> <priority> <address> <port> typ ..."));
        }
        return out;
    }

    /** Whether {@code a=end-of-candidates} is present. */
    default boolean endOfCandidates() {
        return hasAttribute(END_OF_CANDIDATES);
    }

    /** The description written as SDP text, every line ending with CRLF. */
    @Override
    String toString();

    private static String iceToken(SdpLine line, String expected) {
        String v = Values.attributeValue(line, expected);
        if (v.isEmpty() || v.indexOf(' ') >= 0 || v.indexOf('\t') >= 0) {
            throw SdpParseException.at(line, "the value is empty or holds a space", expected);
        }
        return v;
    }
}
