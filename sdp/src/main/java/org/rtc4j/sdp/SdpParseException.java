package org.rtc4j.sdp;

import java.util.Optional;

/**
 * SDP text that breaks a rule of RFC 8866 or of the RFC that defines an attribute. The message
 * names the 1-based line number, the line, what was wrong and what was expected, for example
 * {@code line 7: `m=audio x UDP/TLS/RTP/SAVPF 111`: port is not a number (expected: 0 ~ 65535)}.
 *
 * <p>This is the one exception type of the {@code sdp} module for errors about data. It is thrown by
 * {@link SdpParser#parse(String)} for the structure of a description, and by the typed getters (such
 * as {@link SdpSection#fingerprints()}) for the value of the attribute they read; the line number is
 * then that of the attribute in the parsed text, or 0 for a line that was built rather than parsed.
 * It is unchecked so that the typed getters stay usable in expressions; misuse of the API (building
 * a line with a line break in it, say) throws {@link IllegalArgumentException} instead.
 */
public final class SdpParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Lines longer than this are shortened in messages. */
    private static final int QUOTE_LIMIT = 120;

    private final int lineNumber;
    private final String line;

    /**
     * @param lineNumber the 1-based line number, or 0 when the error is not about one line
     * @param line the offending line without its line ending, or null
     * @param problem what is wrong
     * @param expected what was expected instead
     */
    public SdpParseException(int lineNumber, String line, String problem, String expected) {
        super(format(lineNumber, line, problem, expected), null, false, false);
        this.lineNumber = lineNumber;
        this.line = line;
    }

    /** An error about the value of a line of a description. */
    static SdpParseException at(SdpLine line, String problem, String expected) {
        return new SdpParseException(line.lineNumber(), line.toString(), problem, expected);
    }

    /** The 1-based number of the offending line in the parsed text; 0 if unknown or not about a line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line, without its line ending, if the error is about one line. */
    public Optional<String> line() {
        return Optional.ofNullable(line);
    }

    private static String format(int lineNumber, String line, String problem, String expected) {
        StringBuilder sb = new StringBuilder();
        if (lineNumber > 0) {
            sb.append("line ").append(lineNumber).append(": ");
        }
        if (line != null) {
            String quoted = line.length() > QUOTE_LIMIT ? line.substring(0, QUOTE_LIMIT) + "..." : line;
            sb.append('`').append(quoted).append("`: ");
        }
        sb.append(problem);
        if (expected != null) {
            sb.append(" (expected: ").append(expected).append(')');
        }
        return sb.toString();
    }
}
