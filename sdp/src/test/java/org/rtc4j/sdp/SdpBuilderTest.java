package org.rtc4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Builders and {@code with*} methods write the lines a browser would, and refuse misuse clearly. */
class SdpBuilderTest {
    private static final Fingerprint FP = Fingerprint.of("sha-256", new byte[] {(byte) 0xAB, 0x01, (byte) 0xFF});

    @Test
    void buildsADataChannelOffer() {
        MediaDescription data = MediaDescription.dataChannelBuilder(9)
                .sctpPort(5000)
                .maxMessageSize(262144)
                .mid("0")
                .setup(Setup.ACTPASS)
                .fingerprint(FP)
                .iceCredentials("abcd", "abcdefghijklmnopqrstuv")
                .iceOptions("trickle")
                .connection(Connection.ANY_IP4) // added late, placed after m=
                .build();
        SessionDescription offer = SessionDescription.builder(Origin.of(4611731400430051336L, 2))
                .group(Group.bundle(List.of("0")))
                .msidSemantic(new MsidSemantic("WMS", List.of("*")))
                .media(data)
                .build();
        String expected = String.join("\r\n",
                "v=0",
                "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0",
                "a=msid-semantic:WMS *",
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                "c=IN IP4 0.0.0.0",
                "a=sctp-port:5000",
                "a=max-message-size:262144",
                "a=mid:0",
                "a=setup:actpass",
                "a=fingerprint:sha-256 AB:01:FF",
                "a=ice-ufrag:abcd",
                "a=ice-pwd:abcdefghijklmnopqrstuv",
                "a=ice-options:trickle") + "\r\n";
        assertThat(offer.toString()).isEqualTo(expected);
        assertThat(SessionDescription.parse(expected)).isEqualTo(offer);
        assertThat(offer.media("0").orElseThrow().fingerprints()).containsExactly(FP);
        assertThat(FP.matches("SHA-256", new byte[] {(byte) 0xAB, 0x01, (byte) 0xFF})).isTrue();
    }

    @Test
    void buildsAnRtpSectionWithEveryTypedAttribute() {
        MediaDescription video = MediaDescription.builder("video", 9, MediaDescription.PROTO_RTP, List.of("96", "97"))
                .mid("1")
                .extMap(new ExtMap(4, Optional.of(Direction.SENDONLY), "urn:ietf:params:rtp-hdrext:sdes:mid", Optional.of("x")))
                .direction(Direction.SENDONLY)
                .msid(new Msid("-", "t1"))
                .rtcpMux()
                .rtcpRsize()
                .rtpMap(new RtpMap(96, "VP8", 90000))
                .rtcpFeedback(new RtcpFeedback("96", "nack", "pli"))
                .rtpMap(new RtpMap(97, "rtx", 90000))
                .fmtp(new Fmtp(97, "apt=96"))
                .rid(new Rid("h", Rid.Direction.SEND, List.of("96"), Map.of("max-width", "1280")))
                .rid(new Rid("l", Rid.Direction.SEND))
                .simulcast(new Simulcast(List.of(List.of(new Simulcast.RidRef("h", false)),
                        List.of(new Simulcast.RidRef("l", true))), List.of()))
                .ssrcGroup(new SsrcGroup("FID", List.of(1L, 2L)))
                .ssrc(new SsrcAttribute(1, "cname", "c"))
                .candidate("1 1 udp 2122260223 192.0.2.1 54609 typ host")
                .endOfCandidates()
                .bandwidth(new Bandwidth("TIAS", 1_000_000))
                .build();
        assertThat(video.toString()).isEqualTo(String.join("\r\n",
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
                "b=TIAS:1000000",
                "a=mid:1",
                "a=extmap:4/sendonly urn:ietf:params:rtp-hdrext:sdes:mid x",
                "a=sendonly",
                "a=msid:- t1",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 nack pli",
                "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96",
                "a=rid:h send pt=96;max-width=1280",
                "a=rid:l send",
                "a=simulcast:send h;~l",
                "a=ssrc-group:FID 1 2",
                "a=ssrc:1 cname:c",
                "a=candidate:1 1 udp 2122260223 192.0.2.1 54609 typ host",
                "a=end-of-candidates") + "\r\n");
        assertThat(video.rids().get(0).payloadTypes()).containsExactly("96");
        assertThat(video.rids().get(0).restrictions()).containsEntry("max-width", "1280");
        assertThat(video.rids().get(0).reversed().direction()).isEqualTo(Rid.Direction.RECV);
        assertThat(video.simulcast().orElseThrow().send().get(1).get(0).paused()).isTrue();
        assertThat(video.bandwidths()).containsExactly(new Bandwidth("TIAS", 1_000_000));
        assertThat(video.rtpMap(96)).contains(new RtpMap(96, "VP8", 90000, OptionalInt.empty()));
    }

    @Test
    void withMethodsReplaceInPlaceAndKeepEverythingElse() {
        SessionDescription d = SdpRoundTripTest.parse("handwritten/chrome-offer.sdp");
        MediaDescription audio = d.media().get(0);

        MediaDescription changed = audio.withIceCredentials("wxyz", "0123456789012345678901")
                .withSetup(Setup.PASSIVE)
                .withDirection(Direction.INACTIVE)
                .withFingerprints(List.of(FP))
                .withMid("a0")
                .withPort(0);
        assertThat(changed.iceUfrag()).contains("wxyz");
        assertThat(changed.icePwd()).contains("0123456789012345678901");
        assertThat(changed.setup()).contains(Setup.PASSIVE);
        assertThat(changed.direction()).contains(Direction.INACTIVE);
        assertThat(changed.fingerprints()).containsExactly(FP);
        assertThat(changed.withFingerprints(List.of(FP, FP)).fingerprints()).containsExactly(FP, FP);
        assertThat(changed.mid()).contains("a0");
        assertThat(changed.port()).isZero();
        assertThat(changed.lines()).hasSameSizeAs(audio.lines());
        // Each replaced line sits where the old one was.
        for (int i = 0; i < audio.lines().size(); i++) {
            SdpLine before = audio.lines().get(i);
            SdpLine after = changed.lines().get(i);
            assertThat(after.type()).isEqualTo(before.type());
            assertThat(after.attributeName()).isEqualTo(Direction.of(before.value()).isPresent() ? "inactive"
                    : before.attributeName());
        }

        MediaDescription trickled = audio.withCandidate("9 1 udp 1 192.0.2.9 9 typ host").withEndOfCandidates();
        List<SdpLine> lines = trickled.lines();
        int last = lines.lastIndexOf(SdpLine.attribute("candidate", "9 1 udp 1 192.0.2.9 9 typ host"));
        assertThat(lines.get(last - 1).isAttribute("candidate")).isTrue();
        assertThat(lines.get(last + 1).isAttribute("ice-ufrag")).isTrue();
        assertThat(lines.get(lines.size() - 1)).isEqualTo(SdpLine.attribute("end-of-candidates", null));
        assertThat(trickled.withEndOfCandidates()).isSameAs(trickled);
        assertThat(trickled.withCandidate("10 1 udp 1 192.0.2.10 9 typ host").candidates()).endsWith(
                "9 1 udp 1 192.0.2.9 9 typ host", "10 1 udp 1 192.0.2.10 9 typ host");
        assertThat(audio.withoutAttribute("candidate").candidates()).isEmpty();
        assertThat(audio.withLine(new Bandwidth("AS", 30).toLine()).lines().get(2)).isEqualTo(SdpLine.of('b', "AS:30"));

        SessionDescription lite = d.withIceLite(true)
                .withGroup(Group.bundle(List.of("0", "1")))
                .withGroup(new Group("LS", List.of("0", "1")))
                .withOrigin(d.origin().withSessionVersion(3))
                .withMedia(0, changed);
        assertThat(lite.iceLite()).isTrue();
        assertThat(lite.withIceLite(false).iceLite()).isFalse();
        assertThat(lite.groups()).containsExactly(Group.bundle(List.of("0", "1")), new Group("LS", List.of("0", "1")));
        assertThat(lite.origin().sessionVersion()).isEqualTo(3);
        assertThat(lite.media().get(0)).isEqualTo(changed);
        assertThat(lite.media().get(1)).isSameAs(d.media().get(1));
        assertThat(SessionDescription.parse(lite.toString())).isEqualTo(lite);
        assertThat(d.withLine(SdpLine.of('b', "AS:100")).lines().get(3)).isEqualTo(SdpLine.of('b', "AS:100"));
        assertThat(d.withMediaAdded(audio).media()).hasSize(4);
        assertThat(d.withIceCredentials("abcd", "abcdefghijklmnopqrstuv").iceUfrag()).contains("abcd");
        assertThat(d.withFingerprints(List.of(FP)).withSetup(Setup.ACTIVE).setup()).contains(Setup.ACTIVE);
    }

    /** The example of README.md, "Using the sdp module", compiles and does what it says. */
    @Test
    void readmeExample() {
        String sdpText = new String(SdpRoundTripTest.resource("handwritten/chrome-offer.sdp"), java.nio.charset.StandardCharsets.UTF_8);
        String ufrag = "abcd";
        String pwd = "abcdefghijklmnopqrstuv";
        byte[] certDigest = new byte[32];
        long sessionId = 42;

        SessionDescription offer = SessionDescription.parse(sdpText);
        assertThat(offer.groups(Group.BUNDLE)).hasToString("[Group[semantics=BUNDLE, mids=[0, 1, 2]]]");
        MediaDescription data = MediaDescription.dataChannelBuilder(9)
                .connection(Connection.ANY_IP4).mid("0").setup(Setup.ACTIVE)
                .iceCredentials(ufrag, pwd).fingerprint(Fingerprint.of("sha-256", certDigest))
                .sctpPort(5000).maxMessageSize(262144).build();
        SessionDescription answer = SessionDescription.builder(Origin.of(sessionId, 2))
                .group(Group.bundle(List.of("0"))).media(data).build();
        answer = answer.withMedia(0, data.withCandidate("1 1 udp 2122260223 192.0.2.1 54400 typ host").withEndOfCandidates());
        String text = answer.toString();
        assertThat(text).startsWith("v=0\r\no=- 42 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n")
                .endsWith("a=candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host\r\na=end-of-candidates\r\n");
        assertThatThrownBy(() -> SessionDescription.parse(sdpText.replace("m=audio 54609", "m=audio x")))
                .hasMessage("line 8: `m=audio x UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126`: port is not a number "
                        + "(expected: 0 ~ 65535)");
    }

    @Test
    void misuseThrowsIllegalArgumentException() {
        assertThatThrownBy(() -> SdpLine.of('1', "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line type '1' is not a letter (expected: a ~ z or A ~ Z)");
        assertThatThrownBy(() -> SdpLine.attribute("mid", "0\r\na=evil")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attribute value '0\\r\\na=evil' holds CR, LF or NUL (expected: one line of text)");
        assertThatThrownBy(() -> SdpLine.attribute("a b", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpMap(200, "opus", 48000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload type 200 is out of range (expected: 0 ~ 127)");
        assertThatThrownBy(() -> new Fingerprint("sha-256", "XYZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rid("h m", Rid.Direction.SEND)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaDescription.builder("audio", 70000, "RTP/AVP", List.of("0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port 70000 is out of range (expected: 0 ~ 65535)");
        assertThatThrownBy(() -> MediaDescription.builder("audio", 9, "RTP/AVP", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        MediaDescription audio = MediaDescription.builder("audio", 9, "RTP/AVP", List.of("0")).build();
        assertThatThrownBy(() -> audio.withLine(Timing.UNBOUNDED.toLine())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("`t=0 0`: t= is not allowed in a media section (expected: i=, c=, b=, k= or a= after m=)");
        assertThatThrownBy(() -> audio.withAttribute(SdpLine.of('b', "AS:1"))).isInstanceOf(IllegalArgumentException.class);
        SessionDescription d = SessionDescription.builder(Origin.of(1, 1)).media(audio).build();
        assertThatThrownBy(() -> d.withLine(SdpLine.of('m', "audio 9 RTP/AVP 0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withLine(SdpLine.of('v', "0"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("`v=0`: a second v= line (expected: v=, o= and s= once, as the first three lines)");
        assertThatThrownBy(() -> SessionDescription.of(List.of(SdpLine.of('v', "0")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no o= line");
    }
}
