package org.rtc4j.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of an SDP description, {@code <type>=<value>}, kept exactly as it was written (RFC 8866
 * §5). Attribute lines ({@code a=}) are further split into a name and an optional value at the first
 * colon: {@code a=rtcp-mux} is a property attribute, {@code a=mid:0} a value attribute.
 *
 * <p>Immutable. Two lines are equal when their type and value are; the {@linkplain #lineNumber()
 * line number} only tells where a parsed line came from, for error messages.
 */
public final class SdpLine {
    private final char type;
    private final String value;
    private final int lineNumber;

    private SdpLine(char type, String value, int lineNumber) {
        this.type = type;
        this.value = value;
        this.lineNumber = lineNumber;
    }

    /**
     * A line built by the application.
     *
     * @param type the line's letter, {@code a} ~ {@code z} or {@code A} ~ {@code Z}
     * @param value the text after {@code =}, without a line ending
     * @throws IllegalArgumentException if the type is not a letter or the value holds CR, LF or NUL
     */
    public static SdpLine of(char type, String value) {
        if (!isLetter(type)) {
            throw new IllegalArgumentException("line type '" + type + "' is not a letter (expected: a ~ z or A ~ Z)");
        }
        checkText(value, "value");
        return new SdpLine(type, value, 0);
    }

    /**
     * An attribute line: {@code a=<name>} when {@code value} is null, else {@code a=<name>:<value>}.
     *
     * @throws IllegalArgumentException if the name is empty or holds a colon, a space, CR, LF or NUL,
     *                                  or the value holds CR, LF or NUL
     */
    public static SdpLine attribute(String name, String value) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf(':') >= 0 || name.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("attribute name '" + name
                    + "' is empty or holds ':' or ' ' (expected: a token such as ice-ufrag)");
        }
        checkText(name, "attribute name");
        if (value == null) {
            return new SdpLine('a', name, 0);
        }
        checkText(value, "attribute value");
        return new SdpLine('a', name + ':' + value, 0);
    }

    /** A parsed line; the parser has checked the text already. */
    static SdpLine parsed(char type, String value, int lineNumber) {
        return new SdpLine(type, value, lineNumber);
    }

    /** The letter before {@code =}. */
    public char type() {
        return type;
    }

    /** Everything after {@code =}, exactly as written. */
    public String value() {
        return value;
    }

    /** The 1-based line number in the parsed text, or 0 for a line that was built. */
    public int lineNumber() {
        return lineNumber;
    }

    /** Whether this is an {@code a=} line. */
    public boolean isAttribute() {
        return type == 'a';
    }

    /**
     * The attribute name: the value up to the first colon, or the whole value for a property
     * attribute; empty for a line that is not {@code a=}.
     */
    public String attributeName() {
        if (type != 'a') {
            return "";
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** Whether this is an {@code a=} line with the given attribute name. */
    public boolean isAttribute(String name) {
        return type == 'a' && value.startsWith(name)
                && (value.length() == name.length() || value.charAt(name.length()) == ':');
    }

    /** The text after the first colon of an attribute, exactly as written; empty for a property attribute. */
    public Optional<String> attributeValue() {
        if (type != 'a') {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(value.substring(colon + 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdpLine l && l.type == type && l.value.equals(value);
    }

    @Override
    public int hashCode() {
        return type * 31 + value.hashCode();
    }

    /** The line as written, {@code <type>=<value>}, without a line ending. */
    @Override
    public String toString() {
        return type + "=" + value;
    }

    static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Rejects text that would break a line or that RFC 8866 §9 excludes from text (NUL). */
    static void checkText(String s, String what) {
        Objects.requireNonNull(s, what);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " '" + s.replace("\r", "\\r").replace("\n", "\\n")
                        .replace("\0", "\\0") + "' holds CR, LF or NUL (expected: one line of text)");
            }
        }
    }
}
