package org.rtc4j.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtc4j.sdp.SdpRoundTripTest.parse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The typed getters read what the real and hand-written descriptions say. */
class SdpTypedAttributesTest {

    @Test
    void chromeOfferWithAudioSimulcastVideoAndData() {
        SessionDescription d = parse("handwritten/chrome-offer.sdp");
        assertThat(d.origin()).isEqualTo(new Origin("-", "6723461912238406114", 2, "IN", "IP4", "127.0.0.1"));
        assertThat(d.sessionName()).isEqualTo("-");
        assertThat(d.timing()).isEqualTo(Timing.UNBOUNDED);
        assertThat(d.groups()).containsExactly(Group.bundle(List.of("0", "1", "2")));
        assertThat(d.groups(Group.BUNDLE).get(0).isBundle()).isTrue();
        assertThat(d.extmapAllowMixed()).isTrue();
        assertThat(d.iceLite()).isFalse();
        assertThat(d.msidSemantics()).containsExactly(new MsidSemantic("WMS", List.of("3d6e3c4a-5a0f-4f0c-9d39-0c3b0c41d6a4")));
        assertThat(d.media()).hasSize(3);

        MediaDescription audio = d.media().get(0);
        assertThat(audio.mediaType()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(54609);
        assertThat(audio.portCount()).isEmpty();
        assertThat(audio.proto()).isEqualTo(MediaDescription.PROTO_RTP);
        assertThat(audio.formats()).containsExactly("111", "63", "9", "0", "8", "13", "110", "126");
        assertThat(audio.isRtp()).isTrue();
        assertThat(audio.connection()).contains(new Connection("IN", "IP4", "203.0.113.7"));
        assertThat(audio.mid()).contains("0");
        assertThat(audio.iceUfrag()).contains("Jm3y");
        assertThat(audio.icePwd()).contains("SbZy5QhJpXbGj1O+uKXq/5pN");
        assertThat(audio.iceOptions()).containsExactly("trickle");
        assertThat(audio.hasIceOption("trickle")).isTrue();
        Fingerprint fp = audio.fingerprints().get(0);
        assertThat(fp.hashFunction()).isEqualTo("sha-256");
        assertThat(fp.bytes()).hasSize(32).startsWith((byte) 0x7B, (byte) 0x8B);
        assertThat(audio.setup()).contains(Setup.ACTPASS);
        assertThat(audio.direction()).contains(Direction.SENDRECV);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.rtpMap(111)).contains(new RtpMap(111, "opus", 48000, OptionalInt.of(2)));
        assertThat(audio.rtpMap(0)).contains(new RtpMap(0, "PCMU", 8000));
        assertThat(audio.fmtp("111").orElseThrow().parameterMap()).isEqualTo(Map.of("minptime", "10", "useinbandfec", "1"));
        assertThat(audio.fmtp("63").orElseThrow().parameterMap()).isEqualTo(Map.of("111/111", ""));
        assertThat(audio.rtcpFeedbacks("111")).containsExactly(new RtcpFeedback("111", "transport-cc"));
        assertThat(audio.extMaps()).first().isEqualTo(new ExtMap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        assertThat(audio.ssrcs()).containsExactly(
                new SsrcAttribute(2747281945L, "cname", "Pw0bq4kQeD3Q8n5o"),
                new SsrcAttribute(2747281945L, "msid",
                        "3d6e3c4a-5a0f-4f0c-9d39-0c3b0c41d6a4 0b1e5e0e-5d0a-4c53-8c9f-5a2c7b8f4f21"));
        assertThat(audio.msids()).containsExactly(new Msid("3d6e3c4a-5a0f-4f0c-9d39-0c3b0c41d6a4",
                "0b1e5e0e-5d0a-4c53-8c9f-5a2c7b8f4f21"));
        assertThat(audio.candidates()).hasSize(4)
                .contains("3c9f1d2e-1a7b-4bb0-9c5b-0f5e1c8e2b11.local 1 udp 2113937151 "
                        + "3c9f1d2e-1a7b-4bb0-9c5b-0f5e1c8e2b11.local 54609 typ host generation 0 network-cost 999")
                .anyMatch(c -> c.contains("tcptype active"))
                .anyMatch(c -> c.contains("typ srflx raddr 192.168.1.23 rport 54609"));
        assertThat(audio.endOfCandidates()).isFalse();
        assertThat(audio.attribute("rtcp").flatMap(SdpLine::attributeValue)).contains("9 IN IP4 0.0.0.0");

        MediaDescription video = d.media("1").orElseThrow();
        assertThat(video.direction()).contains(Direction.SENDONLY);
        assertThat(video.rids()).containsExactly(new Rid("q", Rid.Direction.SEND), new Rid("h", Rid.Direction.SEND),
                new Rid("f", Rid.Direction.SEND));
        assertThat(video.simulcast()).contains(Simulcast.send(List.of("q", "h", "f")));
        assertThat(video.rtpMap(102).orElseThrow().encodingName()).isEqualTo("H264");
        assertThat(video.fmtp("102").orElseThrow().parameterMap()).containsEntry("profile-level-id", "42001f");
        assertThat(video.rtcpFeedbacks("96")).contains(new RtcpFeedback("96", "nack", "pli"),
                new RtcpFeedback("96", "ccm", "fir"), new RtcpFeedback("96", "goog-remb"));
        assertThat(video.extMaps()).hasSize(11).contains(new ExtMap(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));

        MediaDescription data = d.media().get(2);
        assertThat(data.isDataChannel()).isTrue();
        assertThat(data.isRtp()).isFalse();
        assertThat(data.formats()).containsExactly(MediaDescription.FORMAT_DATACHANNEL);
        assertThat(data.proto()).isEqualTo(MediaDescription.PROTO_SCTP);
        assertThat(data.sctpPort()).hasValue(5000);
        assertThat(data.maxMessageSize()).hasValue(262144);
        assertThat(data.direction()).isEmpty();
    }

    @Test
    void chromeAnswerWithSsrcGroupFid() {
        SessionDescription d = parse("handwritten/chrome-answer-ssrc-fid.sdp");
        MediaDescription video = d.media().get(1);
        assertThat(video.setup()).contains(Setup.ACTIVE);
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(3735928559L, 1611526399L)));
        assertThat(video.ssrcs()).hasSize(4).allMatch(s -> s.attribute().equals("cname") || s.attribute().equals("msid"));
        assertThat(video.connection()).contains(Connection.ANY_IP4);
    }

    @Test
    void firefoxOfferWithSessionLevelAttributesAndExtmapDirection() {
        SessionDescription d = parse("handwritten/firefox-offer.sdp");
        assertThat(d.origin().username()).isEqualTo("mozilla...THIS_IS_SDPARTA-128.0");
        assertThat(d.origin().sessionVersion()).isZero();
        assertThat(d.direction()).contains(Direction.SENDRECV);
        assertThat(d.fingerprints()).hasSize(1);
        assertThat(d.iceOptions()).containsExactly("trickle");
        assertThat(d.msidSemantics()).containsExactly(new MsidSemantic("WMS", List.of("*")));
        MediaDescription audio = d.media().get(0);
        assertThat(audio.fingerprints()).isEmpty();
        assertThat(audio.extMaps()).contains(new ExtMap(2, Optional.of(Direction.RECVONLY),
                "urn:ietf:params:rtp-hdrext:csrc-audio-level", Optional.empty()));
        assertThat(audio.rtpMap(9)).contains(new RtpMap(9, "G722", 8000, OptionalInt.of(1)));
        assertThat(audio.fmtp("101").orElseThrow().parameters()).isEqualTo("0-15");
        assertThat(audio.msids().get(0).streamId()).isEqualTo("{6d2b8a3c-0b1e-4f7a-9c5d-3e2f1a0b9c8d}");
        MediaDescription video = d.media().get(1);
        assertThat(video.rids()).extracting(Rid::id).containsExactly("a", "b", "c");
        assertThat(video.simulcast().orElseThrow().send()).hasSize(3);
        assertThat(video.ssrcGroups()).hasSize(3).allMatch(g -> g.semantics().equals("FID") && g.ssrcs().size() == 2);
        assertThat(d.media().get(2).maxMessageSize()).hasValue(1073741823);
    }

    @Test
    void firefoxAnswerWithEveryCandidateType() {
        MediaDescription data = parse("handwritten/firefox-candidates-answer.sdp").media().get(0);
        assertThat(data.candidates()).hasSize(4)
                .anyMatch(c -> c.contains(".local") && c.contains("UDP"))
                .anyMatch(c -> c.contains("tcptype active"))
                .anyMatch(c -> c.contains("typ srflx"))
                .anyMatch(c -> c.contains("typ relay"));
        assertThat(data.endOfCandidates()).isTrue();
        assertThat(data.setup()).contains(Setup.ACTIVE);
        assertThat(data.port()).isEqualTo(52914);
    }

    @Test
    void iceLiteServers() {
        SessionDescription janus = parse("handwritten/janus-ice-lite-answer.sdp");
        assertThat(janus.iceLite()).isTrue();
        assertThat(janus.sessionName()).isEqualTo("VideoRoom 1234");
        assertThat(janus.origin().sessionVersion()).isEqualTo(1732957384128842L);
        MediaDescription video = janus.media().get(1);
        assertThat(video.direction()).contains(Direction.RECVONLY);
        assertThat(video.rids()).allMatch(r -> r.direction() == Rid.Direction.RECV);
        assertThat(video.simulcast()).contains(Simulcast.recv(List.of("q", "h", "f")));
        assertThat(video.simulcast().orElseThrow().reversed()).isEqualTo(Simulcast.send(List.of("q", "h", "f")));
        assertThat(video.endOfCandidates()).isTrue();

        SessionDescription mediasoup = parse("handwritten/mediasoup-ice-lite-answer.sdp");
        assertThat(mediasoup.iceLite()).isTrue();
        assertThat(mediasoup.fingerprints().get(0).hashFunction()).isEqualTo("sha-512");
        assertThat(mediasoup.fingerprints().get(0).bytes()).hasSize(64);
        MediaDescription audio = mediasoup.media().get(0);
        assertThat(audio.port()).isEqualTo(7);
        assertThat(audio.iceOptions()).containsExactly("renomination");
        assertThat(audio.candidates()).contains("tcpcandidate 1 tcp 1076276479 203.0.113.5 40001 typ host tcptype passive");
        assertThat(mediasoup.media().get(1).simulcast().orElseThrow().recv()).hasSize(3);
    }

    @Test
    void libdatachannel() {
        SessionDescription offer = parse("node/libdatachannel-offer.sdp");
        SessionDescription answer = parse("node/libdatachannel-answer.sdp");
        assertThat(offer.iceOptions()).containsExactly("ice2", "trickle"); // written with a comma
        assertThat(offer.fingerprints()).hasSize(1);
        assertThat(offer.origin().username()).isEqualTo("rtc");
        MediaDescription data = offer.media().get(0);
        assertThat(data.isDataChannel()).isTrue();
        assertThat(data.setup()).contains(Setup.ACTPASS);
        assertThat(data.direction()).contains(Direction.SENDRECV);
        assertThat(data.maxMessageSize()).hasValue(262144);
        assertThat(data.endOfCandidates()).isTrue();
        assertThat(data.candidates()).hasSize(2).allMatch(c -> c.endsWith("typ host"));
        assertThat(answer.media().get(0).setup()).contains(Setup.ACTIVE);
    }

    @Test
    void libwebrtcThroughWrtc() {
        SessionDescription offer = parse("node/wrtc-av-offer.sdp");
        assertThat(offer.media()).extracting(MediaDescription::mediaType)
                .containsExactly("audio", "video", "video", "application");
        assertThat(offer.groups().get(0).mids()).containsExactly("0", "1", "2", "3");
        assertThat(offer.msidSemantics()).containsExactly(new MsidSemantic("WMS", List.of()));
        assertThat(offer.media().get(1).ssrcGroups()).hasSize(1);
        assertThat(offer.media().get(2).direction()).contains(Direction.RECVONLY);
        assertThat(offer.media().get(0).candidates()).anyMatch(c -> c.contains("tcptype passive"));

        SessionDescription answer = parse("node/wrtc-av-answer.sdp");
        assertThat(answer.media()).allMatch(m -> m.setup().equals(Optional.of(Setup.ACTIVE)));
        assertThat(answer.media().get(2).direction()).contains(Direction.INACTIVE);
        assertThat(parse("node/wrtc-dc-answer.sdp").media().get(0).sctpPort()).hasValue(5000);
    }
}
