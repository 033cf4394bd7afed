package org.rtc4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every SDP resource parses, writes back byte for byte, and reads through every typed getter. */
class SdpRoundTripTest {
    static final List<String> RESOURCES = List.of(
            "node/libdatachannel-offer.sdp", "node/libdatachannel-answer.sdp",
            "node/wrtc-av-offer.sdp", "node/wrtc-av-answer.sdp", "node/wrtc-dc-offer.sdp", "node/wrtc-dc-answer.sdp",
            "handwritten/chrome-offer.sdp", "handwritten/chrome-answer-ssrc-fid.sdp",
            "handwritten/chrome-datachannel-offer.sdp", "handwritten/firefox-offer.sdp",
            "handwritten/firefox-candidates-answer.sdp", "handwritten/safari-offer.sdp",
            "handwritten/janus-ice-lite-answer.sdp", "handwritten/mediasoup-ice-lite-answer.sdp");

    static byte[] resource(String name) {
        try (InputStream in = SdpRoundTripTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static SessionDescription parse(String name) {
        return SdpParser.DEFAULT.parse(resource(name));
    }

    @ParameterizedTest
    @MethodSource("org.rtc4j.sdp.SdpRoundTripTest#resources")
    void writesBackByteForByte(String name) {
        byte[] bytes = resource(name);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n").doesNotContain("\r\n\r\n");

        SessionDescription d = SdpParser.DEFAULT.parse(bytes);
        assertThat(d.toBytes()).isEqualTo(bytes);
        assertThat(d.toString()).isEqualTo(text);
        assertThat(SessionDescription.parse(text)).isEqualTo(d).hasSameHashCodeAs(d);

        int lines = (int) text.chars().filter(c -> c == '\n').count();
        assertThat(d.lines().size() + d.media().stream().mapToInt(m -> m.lines().size()).sum()).isEqualTo(lines);
        StringBuilder sections = new StringBuilder();
        d.lines().forEach(l -> sections.append(l).append("\r\n"));
        d.media().forEach(m -> sections.append(m));
        assertThat(sections.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource("org.rtc4j.sdp.SdpRoundTripTest#resources")
    void lfOnlyInputIsWrittenBackWithCrlf(String name) {
        String text = new String(resource(name), StandardCharsets.UTF_8);
        SessionDescription crlf = SessionDescription.parse(text);
        String lf = text.replace("\r\n", "\n");
        assertThat(SessionDescription.parse(lf)).isEqualTo(crlf);
        assertThat(SessionDescription.parse(lf).toString()).isEqualTo(text);
        // No line ending after the last line either.
        assertThat(SessionDescription.parse(lf.substring(0, lf.length() - 1)).toString()).isEqualTo(text);
        assertThat(SessionDescription.parse(text.substring(0, text.length() - 2)).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource("org.rtc4j.sdp.SdpRoundTripTest#resources")
    void everyTypedAttributeReads(String name) {
        SessionDescription d = parse(name);
        assertThat(TypedReader.readAll(d)).isEmpty();
        assertThat(d.media()).isNotEmpty();
        for (MediaDescription m : d.media()) {
            assertThat(m.mid()).isPresent();
            assertThat(d.bundleGroup(m.mid().orElseThrow())).isPresent();
            assertThat(m.setup().or(d::setup)).isPresent();
            assertThat(m.iceUfrag().or(d::iceUfrag)).isPresent();
            assertThat(m.icePwd().or(d::icePwd)).isPresent();
            assertThat(m.fingerprints().isEmpty() ? d.fingerprints() : m.fingerprints()).isNotEmpty();
            if (m.isRtp()) {
                assertThat(m.rtcpMux()).isTrue();
                for (String pt : m.formats()) {
                    int payloadType = Integer.parseInt(pt);
                    assertThat(payloadType < 96 || m.rtpMap(payloadType).isPresent()).as("rtpmap of " + pt).isTrue();
                }
            } else {
                assertThat(m.isDataChannel()).isTrue();
                assertThat(m.sctpPort()).hasValue(5000);
            }
        }
    }

    static List<String> resources() {
        return RESOURCES;
    }
}
