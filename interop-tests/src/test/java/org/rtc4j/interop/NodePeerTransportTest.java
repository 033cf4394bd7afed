package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.sctp.Crc32c;
import org.rtc4j.sctp.InitChunk;
import org.rtc4j.sctp.SctpChunk;
import org.rtc4j.sctp.SctpPacket;

/**
 * The transport below SCTP against the real node peers, libdatachannel and libwebrtc, in every
 * signalling direction and DTLS role: hand-written SDP is accepted, rtc4j's ICE agent connects over
 * UDP on loopback, rtc4j's DTLS completes the handshake, and the peer's first SCTP packet, which both
 * send unprompted once DTLS is up, is an INIT that rtc4j's codec decodes with a valid CRC32c.
 */
class NodePeerTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    static List<Arguments> peersAndSignalling() {
        return java.util.Arrays.stream(NodePeer.Implementation.values())
                .flatMap(impl -> java.util.Arrays.stream(Signalling.values()).map(s -> Arguments.of(impl, s)))
                .toList();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("peersAndSignalling")
    void iceAndDtlsConnectAndThePeerSendsInit(NodePeer.Implementation impl, Signalling signalling) throws Exception {
        try (NodePeer node = NodePeer.start(impl)) {
            iceAndDtlsConnectAndThePeerSendsInit(node, signalling);
        }
    }

    /** Connects {@code node} and a fresh {@link DtlsSctpPeer} and checks ICE, DTLS and the peer's INIT; shared with Chromium. */
    static void iceAndDtlsConnectAndThePeerSendsInit(RemotePeer node, Signalling signalling) throws Exception {
        try (DtlsSctpPeer jvm = new DtlsSctpPeer("jvm-" + node.name(), DtlsConfig.DEFAULT)) {
            if (signalling.peerOffers()) {
                node.command("createChannel", "label", "chat"); // the offer needs its m=application
            }
            signalling.connect(node, jvm, WAIT);
            assertThat(jvm.dtlsRole()).contains(signalling.jvmRole());

            assertThat(jvm.awaitIceConnected(WAIT)).as("ICE connected\n%s", node.diagnostics()).isTrue();
            assertThat(jvm.ice().selectedPair()).isPresent();
            DtlsEvent.Connected dtls = jvm.awaitDtlsConnected(WAIT);
            assertThat(dtls.remoteFingerprint()).isEqualToIgnoringCase(jvm.remote().orElseThrow().fingerprint());
            node.await(e -> e.isEvent("iceState") && List.of("connected", "completed").contains(e.text("state")), WAIT);

            byte[] first = jvm.awaitSctp(r -> r.direction() == DtlsSctpPeer.Direction.RECEIVED, WAIT, "SCTP packet").packet();
            assertThat(new Crc32c().matches(first, 0, first.length)).as("CRC32c of the INIT").isTrue();
            SctpPacket packet = SctpPacket.decode(first);
            assertThat(packet.verificationTag()).isZero(); // RFC 9260 §8.5.1: an INIT carries tag 0
            assertThat(packet.sourcePort()).isEqualTo(DataChannelSdp.SCTP_PORT);
            assertThat(packet.chunks()).hasSize(1);
            InitChunk init = (InitChunk) packet.chunks().get(0);
            assertThat(init.type()).isEqualTo(SctpChunk.INIT);
            assertThat(init.initiateTag()).isNotZero();
            assertThat(init.supportsForwardTsn()).isTrue();
            assertThat(init.supportsExtension(SctpChunk.RE_CONFIG)).isTrue();
            assertThat(jvm.droppedDatagrams()).isZero();
        }
    }
}
