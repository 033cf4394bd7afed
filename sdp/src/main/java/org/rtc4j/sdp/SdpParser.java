package org.rtc4j.sdp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses SDP text (RFC 8866) into a {@link SessionDescription}, within bounds on the size of the
 * input, the number of lines and the number of media sections, since SDP comes from a remote peer.
 *
 * <p>The parser checks the structure: the first line is {@code v=0}; every line is
 * {@code <letter>=<value>} (no space before {@code =}; the value is kept as written) and ends with CRLF or LF (the last may
 * end the input instead); {@code o=}, {@code s=} follow in that order and a {@code t=} line comes
 * before the session attributes; session lines follow the order {@code v o s i u e p c b t r z k a}
 * and media lines {@code m i c b k a}; {@code o=} has six fields, {@code c=} three and {@code m=}
 * at least four with a port of 0 ~ 65535. Lines of letters RFC 8866 does not define are kept where
 * they are, and attribute values are not checked until a typed getter reads them, so unknown and
 * vendor-specific attributes round-trip unchanged.
 *
 * <p>Immutable and thread-safe. {@link #DEFAULT} allows 256 KiB, 8192 lines and 512 media sections.
 *
 * @param maxBytes the largest input accepted, in bytes of UTF-8
 * @param maxLines the most lines accepted
 * @param maxMediaSections the most media sections accepted
 */
public record SdpParser(int maxBytes, int maxLines, int maxMediaSections) {
    /** 256 KiB, 8192 lines, 512 media sections. */
    public static final SdpParser DEFAULT = new SdpParser(256 * 1024, 8192, 512);

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public SdpParser {
        Values.range(maxBytes, 1, Integer.MAX_VALUE, "maxBytes");
        Values.range(maxLines, 1, Integer.MAX_VALUE, "maxLines");
        Values.range(maxMediaSections, 0, Integer.MAX_VALUE, "maxMediaSections");
    }

    /** This parser with another size limit in bytes. */
    public SdpParser withMaxBytes(int bytes) {
        return new SdpParser(bytes, maxLines, maxMediaSections);
    }

    /** This parser with another line limit. */
    public SdpParser withMaxLines(int lines) {
        return new SdpParser(maxBytes, lines, maxMediaSections);
    }

    /** This parser with another media section limit. */
    public SdpParser withMaxMediaSections(int sections) {
        return new SdpParser(maxBytes, maxLines, sections);
    }

    /**
     * Parses UTF-8 SDP bytes.
     *
     * @throws SdpParseException if the bytes are not UTF-8, not a well-formed description, or exceed a limit
     */
    public SessionDescription parse(byte[] sdp) {
        if (sdp.length > maxBytes) {
            throw tooLarge(sdp.length);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(sdp)).toString();
        } catch (CharacterCodingException e) {
            throw new SdpParseException(0, null, "the input is not valid UTF-8", "UTF-8 text");
        }
        return parse(text);
    }

    /**
     * Parses SDP text.
     *
     * @throws SdpParseException naming the line, if the text is not a well-formed description or exceeds a limit
     */
    public SessionDescription parse(String sdp) {
        checkSize(sdp);
        List<SdpLine> session = null;
        List<MediaDescription> media = new ArrayList<>();
        List<SdpLine> current = new ArrayList<>();
        int n = sdp.length();
        int pos = 0;
        int lineNumber = 0;
        while (pos < n || lineNumber == 0) {
            int end = sdp.indexOf('\n', pos);
            int next = end < 0 ? n : end + 1;
            if (end < 0) {
                end = n;
            }
            if (end > pos && sdp.charAt(end - 1) == '\r') {
                end--;
            }
            lineNumber++;
            if (lineNumber > maxLines) {
                throw new SdpParseException(lineNumber, null, "more than " + maxLines + " lines",
                        "at most " + maxLines + " lines");
            }
            SdpLine line = line(sdp, pos, end, lineNumber);
            pos = next;
            if (line.type() == 'm') {
                if (session == null) {
                    session = current;
                    Structure.checkSession(session, lineNumber);
                } else {
                    media.add(media(current));
                }
                if (media.size() >= maxMediaSections) {
                    throw new SdpParseException(lineNumber, line.toString(), "more than " + maxMediaSections
                            + " media sections", "at most " + maxMediaSections + " media sections");
                }
                current = new ArrayList<>();
            }
            current.add(line);
        }
        if (session == null) {
            session = current;
            Structure.checkSession(session, lineNumber + 1);
        } else {
            media.add(media(current));
        }
        return SessionDescription.parsed(session, media);
    }

    private static MediaDescription media(List<SdpLine> lines) {
        return MediaDescription.parsed(lines, Structure.checkMedia(lines));
    }

    private void checkSize(String sdp) {
        int n = sdp.length();
        if (n > maxBytes) {
            throw tooLarge(n);
        }
        if ((long) n * 3 <= maxBytes) {
            return;
        }
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = sdp.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        if (bytes > maxBytes) {
            throw tooLarge(bytes);
        }
    }

    private SdpParseException tooLarge(long bytes) {
        return new SdpParseException(0, null, "the SDP is " + (bytes > Integer.MAX_VALUE ? "over 2 GiB" : "at least "
                + bytes + " bytes"), "at most " + maxBytes + " bytes");
    }

    private static SdpLine line(String sdp, int start, int end, int lineNumber) {
        if (end - start < 2 || !SdpLine.isLetter(sdp.charAt(start)) || sdp.charAt(start + 1) != '=') {
            String text = sdp.substring(start, end);
            throw new SdpParseException(lineNumber, text, end == start ? "an empty line" : "not a <type>=<value> line",
                    "a letter, '=' and the value, e.g. a=mid:0");
        }
        for (int i = start + 2; i < end; i++) {
            char c = sdp.charAt(i);
            if (c == '\r' || c == 0) {
                throw new SdpParseException(lineNumber, sdp.substring(start, end).replace("\r", "\\r").replace("\0", "\\0"),
                        c == 0 ? "a NUL character" : "a CR inside the line", "lines of text that end with CRLF or LF");
            }
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(sdp.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new SdpParseException(lineNumber, null, "an unpaired UTF-16 surrogate at column " + (i - start + 1),
                        "text that UTF-8 can encode");
            }
        }
        return SdpLine.parsed(sdp.charAt(start), sdp.substring(start + 2, end), lineNumber);
    }
}
