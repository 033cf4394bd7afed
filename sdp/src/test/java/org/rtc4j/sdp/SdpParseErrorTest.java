package org.rtc4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Malformed SDP fails with an {@link SdpParseException} naming the line number, the line and what
 * was expected; broken attribute values fail only in their typed getter, and still round-trip.
 */
class SdpParseErrorTest {
    /** Line 1 to 13; the m-line is line 7. */
    private static final String VALID = String.join("\r\n",
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0",
            "a=msid-semantic: WMS",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "c=IN IP4 0.0.0.0",
            "a=mid:0",
            "a=ice-ufrag:abcd",
            "a=ice-pwd:abcdefghijklmnopqrstuv",
            "a=fingerprint:sha-256 AB:CD:EF",
            "a=rtpmap:111 opus/48000/2") + "\r\n";

    /** VALID with line {@code number} (1-based) replaced by {@code line}. */
    private static String withLine(int number, String line) {
        String[] lines = VALID.split("\r\n");
        lines[number - 1] = line;
        return String.join("\r\n", lines) + "\r\n";
    }

    /** VALID with {@code line} inserted before line {@code number}. */
    private static String inserted(int number, String line) {
        String[] lines = VALID.split("\r\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == number - 1) {
                sb.append(line).append("\r\n");
            }
            sb.append(lines[i]).append("\r\n");
        }
        return sb.toString();
    }

    private static void fails(String sdp, int lineNumber, String message) {
        assertFails(() -> SessionDescription.parse(sdp), lineNumber, message);
    }

    private static void assertFails(ThrowingCallable call, int lineNumber, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SdpParseException.class, e -> {
            assertThat(e.lineNumber()).as(e.getMessage()).isEqualTo(lineNumber);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void theValidDescriptionParses() {
        assertThat(SessionDescription.parse(VALID).toString()).isEqualTo(VALID);
    }

    @Test
    void theFirstLineMustBeV0() {
        fails(withLine(1, "v=1"), 1, "line 1: `v=1`: the first line is not v=0 (expected: v=0 as the first line)");
        fails(VALID.substring(5), 1, "line 1: `o=- 4611731400430051336 2 IN IP4 127.0.0.1`: the first line is not v=0 "
                + "(expected: v=0 as the first line)");
        fails("\uFEFF" + VALID, 1, "line 1: `\uFEFFv=0`: not a <type>=<value> line "
                + "(expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails("", 1, "line 1: ``: an empty line (expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails("v=0\r\n", 2, "line 2: no o= line (expected: o=<username> <sess-id> <sess-version> <nettype> <addrtype> "
                + "<unicast-address> as the second line)");
    }

    @Test
    void everyLineIsLetterEqualsValue() {
        fails(withLine(5, "a =group:BUNDLE 0"), 5, "line 5: `a =group:BUNDLE 0`: not a <type>=<value> line "
                + "(expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails(withLine(9, "mid:0"), 9, "line 9: `mid:0`: not a <type>=<value> line "
                + "(expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails(withLine(10, "=abcd"), 10, "line 10: `=abcd`: not a <type>=<value> line "
                + "(expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails(withLine(6, "ab=c"), 6, "line 6: `ab=c`: not a <type>=<value> line "
                + "(expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails(withLine(6, "1=c"), 6, "line 6: `1=c`: not a <type>=<value> line "
                + "(expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails(withLine(11, ""), 11, "line 11: ``: an empty line "
                + "(expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails(VALID + "\r\n", 14, "line 14: ``: an empty line "
                + "(expected: a letter, '=' and the value, e.g. a=mid:0)");
        fails(withLine(9, "a=mid:0\r1"), 9, "line 9: `a=mid:0\\r1`: a CR inside the line "
                + "(expected: lines of text that end with CRLF or LF)");
        fails(withLine(9, "a=mid:\0"), 9, "line 9: `a=mid:\\0`: a NUL character "
                + "(expected: lines of text that end with CRLF or LF)");
        fails(withLine(9, "a=mid:\uD800"), 9, "line 9: an unpaired UTF-16 surrogate at column 7 "
                + "(expected: text that UTF-8 can encode)");
    }

    @Test
    void sessionLinesInTheRfcOrder() {
        fails(withLine(2, "s=-"), 2, "line 2: `s=-`: o= is missing (expected: o=<username> <sess-id> <sess-version> "
                + "<nettype> <addrtype> <unicast-address> as the second line)");
        fails(withLine(3, "i=info"), 3, "line 3: `i=info`: s= is missing (expected: s=<session name> as the third line, "
                + "e.g. s=-)");
        fails(withLine(4, "b=AS:30"), 5, "line 5: `a=group:BUNDLE 0`: no t= line before a= "
                + "(expected: t=<start> <stop> before z=, k= and a=)");
        fails(String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "m=audio 9 RTP/AVP 0") + "\r\n", 4,
                "line 4: no t= line in the session section (expected: t=<start> <stop> after s=, e.g. t=0 0)");
        fails("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n", 4,
                "line 4: no t= line in the session section (expected: t=<start> <stop> after s=, e.g. t=0 0)");
        fails(inserted(5, "c=IN IP4 0.0.0.0"), 5, "line 5: `c=IN IP4 0.0.0.0`: c= after t= "
                + "(expected: session lines in the order v o s i u e p c b t r z k a)");
        fails(inserted(4, "r=7d 1h 0 25h"), 4, "line 4: `r=7d 1h 0 25h`: r= without t= (expected: r= after a t= line)");
        fails(inserted(4, "v=0"), 4, "line 4: `v=0`: a second v= line (expected: v=, o= and s= once, as the first three lines)");
        fails(inserted(4, "i=a") .replace("i=a\r\n", "i=a\r\ni=b\r\n"), 5,
                "line 5: `i=b`: a second i= line (expected: at most one i= in the session section)");
        fails(inserted(7, "t=0 0"), 7, "line 7: `t=0 0`: t= after a= "
                + "(expected: session lines in the order v o s i u e p c b t r z k a)");
        // Repeated t= with r= lines, and a letter RFC 8866 does not define, are fine.
        String timings = inserted(5, "t=3 4").replace("t=3 4\r\n", "r=604800 3600 0 90000\r\nt=3 4\r\nx=vendor\r\n");
        assertThat(SessionDescription.parse(timings).toString()).isEqualTo(timings);
    }

    @Test
    void originNeedsSixFields() {
        fails(withLine(2, "o=- 1 2 IN IP4"), 2, "line 2: `o=- 1 2 IN IP4`: the o-line has 5 fields (expected: "
                + "<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>)");
    }

    @Test
    void mediaLinesHaveFourFieldsAndAPort() {
        fails(withLine(7, "m=audio x UDP/TLS/RTP/SAVPF 111"), 7,
                "line 7: `m=audio x UDP/TLS/RTP/SAVPF 111`: port is not a number (expected: 0 ~ 65535)");
        fails(withLine(7, "m=audio 65536 UDP/TLS/RTP/SAVPF 111"), 7,
                "line 7: `m=audio 65536 UDP/TLS/RTP/SAVPF 111`: port 65536 is out of range (expected: 0 ~ 65535)");
        fails(withLine(7, "m=audio -1 UDP/TLS/RTP/SAVPF 111"), 7,
                "line 7: `m=audio -1 UDP/TLS/RTP/SAVPF 111`: port is not a number (expected: 0 ~ 65535)");
        fails(withLine(7, "m=audio 9/0 UDP/TLS/RTP/SAVPF 111"), 7,
                "line 7: `m=audio 9/0 UDP/TLS/RTP/SAVPF 111`: number of ports 0 is out of range (expected: 1 ~ 65535)");
        fails(withLine(7, "m=audio 9 UDP/TLS/RTP/SAVPF"), 7, "line 7: `m=audio 9 UDP/TLS/RTP/SAVPF`: the m-line has 3 "
                + "fields, fewer than 4 (expected: <media> <port>[/<number of ports>] <proto> <fmt> ..., "
                + "e.g. audio 9 UDP/TLS/RTP/SAVPF 111)");
        fails(withLine(7, "m="), 7, "line 7: `m=`: the m-line has 0 fields, fewer than 4 (expected: <media> "
                + "<port>[/<number of ports>] <proto> <fmt> ..., e.g. audio 9 UDP/TLS/RTP/SAVPF 111)");
        SessionDescription d = SessionDescription.parse(withLine(7, "m=video 9/2 RTP/AVP 96 97"));
        assertThat(d.media().get(0).portCount()).hasValue(2);
        assertThat(d.media().get(0).formats()).containsExactly("96", "97");
    }

    @Test
    void connectionLinesHaveThreeFields() {
        fails(withLine(8, "c=IN IP4"), 8, "line 8: `c=IN IP4`: the c-line has 2 fields "
                + "(expected: <nettype> <addrtype> <connection-address>, e.g. IN IP4 0.0.0.0)");
        fails(inserted(4, "c=IN IP4 0.0.0.0 extra"), 4, "line 4: `c=IN IP4 0.0.0.0 extra`: the c-line has 4 fields "
                + "(expected: <nettype> <addrtype> <connection-address>, e.g. IN IP4 0.0.0.0)");
    }

    @Test
    void mediaSectionsHoldOnlyMediaLinesInOrder() {
        fails(inserted(9, "t=0 0"), 9, "line 9: `t=0 0`: t= is not allowed in a media section "
                + "(expected: i=, c=, b=, k= or a= after m=)");
        fails(inserted(10, "c=IN IP4 0.0.0.0"), 10, "line 10: `c=IN IP4 0.0.0.0`: c= after a= "
                + "(expected: media lines in the order m i c b k a)");
        fails(inserted(8, "i=a").replace("i=a\r\n", "i=a\r\ni=b\r\n"), 9,
                "line 9: `i=b`: a second i= line (expected: at most one i= in a media section)");
        String multicast = inserted(9, "c=IN IP4 224.2.1.1/127/3");
        assertThat(SessionDescription.parse(multicast).toString()).isEqualTo(multicast);
    }

    @Test
    void typedGettersNameTheBrokenLine() {
        SessionDescription d = SessionDescription.parse(withLine(12, "a=fingerprint:sha-256 AB:CD:E"));
        assertThat(d.toString()).isEqualTo(withLine(12, "a=fingerprint:sha-256 AB:CD:E")); // still round-trips
        MediaDescription m = d.media().get(0);
        assertFails(m::fingerprints, 12, "line 12: `a=fingerprint:sha-256 AB:CD:E`: the fingerprint is not hex bytes "
                + "separated by ':' (expected: <hash-func> <hex bytes separated by ':'>, e.g. sha-256 AB:CD:...)");
        assertThat(m.mid()).contains("0"); // the rest still reads

        assertFails(() -> get(withLine(12, "a=fingerprint"), 12).fingerprints(), 12, "line 12: `a=fingerprint`: "
                + "the attribute has no value (expected: <hash-func> <hex bytes separated by ':'>, e.g. sha-256 AB:CD:...)");
        assertFails(() -> get(withLine(13, "a=rtpmap:111 opus"), 13).rtpMaps(), 13, "line 13: `a=rtpmap:111 opus`: "
                + "the encoding is not <name>/<clock rate>[/<channels>] (expected: <payload type> <encoding name>/"
                + "<clock rate>[/<channels>], e.g. 111 opus/48000/2)");
        assertFails(() -> get(withLine(13, "a=rtpmap:128 opus/48000"), 13).rtpMaps(), 13,
                "line 13: `a=rtpmap:128 opus/48000`: payload type 128 is out of range (expected: 0 ~ 127)");
        assertFails(() -> get(withLine(10, "a=ice-ufrag:ab cd"), 10).iceUfrag(), 10, "line 10: `a=ice-ufrag:ab cd`: "
                + "the value is empty or holds a space (expected: 4 ~ 256 characters of letters, digits, '+' and '/')");
        assertFails(() -> get(withLine(9, "a=setup:both"), 9).setup(), 9,
                "line 9: `a=setup:both`: unknown setup role 'both' (expected: actpass, active, passive or holdconn)");
        assertFails(() -> get(withLine(9, "a=sctp-port:x"), 9).sctpPort(), 9,
                "line 9: `a=sctp-port:x`: sctp-port is not a number (expected: 0 ~ 65535)");
        assertFails(() -> get(withLine(9, "a=max-message-size:-1"), 9).maxMessageSize(), 9,
                "line 9: `a=max-message-size:-1`: max-message-size is not a number (expected: 0 ~ 9223372036854775807)");
        assertFails(() -> get(withLine(9, "a=extmap:0 urn:x"), 9).extMaps(), 9,
                "line 9: `a=extmap:0 urn:x`: extmap id 0 is out of range (expected: 1 ~ 4351)");
        assertFails(() -> get(withLine(9, "a=extmap:1/both urn:x"), 9).extMaps(), 9,
                "line 9: `a=extmap:1/both urn:x`: unknown direction 'both' (expected: sendrecv, sendonly, recvonly or inactive)");
        assertFails(() -> get(withLine(9, "a=ssrc:4294967296 cname:x"), 9).ssrcs(), 9,
                "line 9: `a=ssrc:4294967296 cname:x`: ssrc 4294967296 is out of range (expected: 0 ~ 4294967295)");
        assertFails(() -> get(withLine(9, "a=ssrc-group:FID"), 9).ssrcGroups(), 9,
                "line 9: `a=ssrc-group:FID`: no semantics or no ssrc (expected: <semantics> <ssrc> ..., e.g. FID 1111 2222)");
        assertFails(() -> get(withLine(9, "a=rid:h both"), 9).rids(), 9,
                "line 9: `a=rid:h both`: unknown rid direction 'both' (expected: send or recv)");
        assertFails(() -> get(withLine(9, "a=rid:h send max-width=1;pt=96"), 9).rids(), 9,
                "line 9: `a=rid:h send max-width=1;pt=96`: pt= is not the first parameter or is empty "
                        + "(expected: pt=<fmt>,... first)");
        assertFails(() -> get(withLine(9, "a=simulcast:send h;;l"), 9).simulcast(), 9,
                "line 9: `a=simulcast:send h;;l`: rid '' is empty or holds other than letters, digits, '-' and '_' "
                        + "(expected: send|recv <rid>[,<rid>...];... [recv|send ...], e.g. send h;m;l)");
        assertFails(() -> get(withLine(9, "a=simulcast:up h"), 9).simulcast(), 9,
                "line 9: `a=simulcast:up h`: unknown simulcast direction 'up' (expected: send or recv)");
        assertFails(() -> get(withLine(9, "a=msid:a b c"), 9).msids(), 9,
                "line 9: `a=msid:a b c`: the msid has 3 fields (expected: <stream id> [<track id>], e.g. - 7e1c...)");
        assertFails(() -> get(withLine(9, "a=rtcp-fb:96"), 9).rtcpFeedbacks(), 9,
                "line 9: `a=rtcp-fb:96`: no feedback type (expected: <payload type or *> <type> [<parameters>], e.g. 96 nack pli)");
        assertFails(() -> get(withLine(9, "a=mid:"), 9).mid(), 9,
                "line 9: `a=mid:`: the mid is empty or holds a space (expected: <identification tag>, e.g. 0)");
        assertFails(() -> get(withLine(9, "a=candidate"), 9).candidates(), 9, "line 9: `a=candidate`: the attribute has "
                + "no value (expected: <foundation> <component> <transport> <priority> <address> <port> typ ...)");
        assertFails(() -> SessionDescription.parse(withLine(5, "a=group")).groups(), 5,
                "line 5: `a=group`: the attribute has no value (expected: <semantics> <mid> ..., e.g. BUNDLE 0 1)");
        assertFails(() -> SessionDescription.parse(withLine(4, "t=0")).timing(), 4,
                "line 4: `t=0`: the t-line has 1 fields (expected: <start-time> <stop-time>, e.g. 0 0)");
        assertFails(() -> SessionDescription.parse(withLine(2, "o=- x 2 IN IP4 127.0.0.1")).origin(), 2,
                "line 2: `o=- x 2 IN IP4 127.0.0.1`: sess-id 'x' is not a number (expected: digits)");
        assertFails(() -> SessionDescription.parse(inserted(9, "b=AS")).media().get(0).bandwidths(), 9,
                "line 9: `b=AS`: no bandwidth type (expected: <bwtype>:<bandwidth>, e.g. AS:30)");
    }

    /** The media section of a description that parses, with the line at {@code lineNumber} in it. */
    private static MediaDescription get(String sdp, int lineNumber) {
        SessionDescription d = SessionDescription.parse(sdp);
        assertThat(d.toString()).isEqualTo(sdp);
        MediaDescription m = d.media().get(0);
        assertThat(m.lines()).anyMatch(l -> l.lineNumber() == lineNumber);
        return m;
    }

    @Test
    void limits() {
        String big = VALID + "a=x:" + "y".repeat(256 * 1024) + "\r\n";
        assertFails(() -> SessionDescription.parse(big), 0,
                "the SDP is at least " + big.length() + " bytes (expected: at most 262144 bytes)");
        assertFails(() -> SdpParser.DEFAULT.parse(big.getBytes(StandardCharsets.UTF_8)), 0,
                "the SDP is at least " + big.length() + " bytes (expected: at most 262144 bytes)");
        // Counted in UTF-8 bytes: 100 characters of 3 bytes each.
        String wide = VALID + "a=x:" + "\u20AC".repeat(100) + "\r\n";
        assertFails(() -> SdpParser.DEFAULT.withMaxBytes(VALID.length() + 200).parse(wide), 0,
                "the SDP is at least " + (VALID.length() + 306) + " bytes (expected: at most " + (VALID.length() + 200)
                        + " bytes)");
        assertThat(SdpParser.DEFAULT.withMaxBytes(VALID.length() + 306).parse(wide).toString()).isEqualTo(wide);

        assertFails(() -> SdpParser.DEFAULT.withMaxLines(12).parse(VALID), 13,
                "line 13: more than 12 lines (expected: at most 12 lines)");
        assertThat(SdpParser.DEFAULT.withMaxLines(13).parse(VALID).toString()).isEqualTo(VALID);

        String twoSections = VALID + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n";
        assertFails(() -> SdpParser.DEFAULT.withMaxMediaSections(1).parse(twoSections), 14,
                "line 14: `m=video 9 UDP/TLS/RTP/SAVPF 96`: more than 1 media sections (expected: at most 1 media sections)");
        assertThat(SdpParser.DEFAULT.withMaxMediaSections(2).parse(twoSections).media()).hasSize(2);

        assertFails(() -> SdpParser.DEFAULT.parse(new byte[] {'v', '=', (byte) 0xC3, '0'}), 0,
                "the input is not valid UTF-8 (expected: UTF-8 text)");
        assertThatThrownBy(() -> new SdpParser(0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes 0 is out of range (expected: 1 ~ 2147483647)");
    }

    @Test
    void tenThousandMediaSectionsAreRefusedAtTheLimit() {
        StringBuilder sb = new StringBuilder(VALID);
        for (int i = 0; i < 10_000; i++) {
            sb.append("m=audio 9 RTP/AVP 0\r\n");
        }
        assertFails(() -> SessionDescription.parse(sb.toString()), 525,
                "line 525: `m=audio 9 RTP/AVP 0`: more than 512 media sections (expected: at most 512 media sections)");
    }
}
