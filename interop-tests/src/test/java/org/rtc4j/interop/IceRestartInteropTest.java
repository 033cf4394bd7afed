package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCPeerConnection;
import org.rtc4j.pc.RTCPeerConnectionState;
import org.rtc4j.pc.RTCSessionDescription;
import org.rtc4j.pc.RTCStats;

/**
 * ICE restart (RFC 8445 §9, RFC 8839 §4.4.1.1.1, W3C {@code restartIce}) against libwebrtc and Chromium,
 * started by rtc4j or by the peer on a connection carrying a data channel: new credentials both ways, the new
 * generation checked and a pair selected with them, and the channel still echoing, before and after.
 * libdatachannel is not among the peers: it has no ICE restart (libdatachannel issue 545) and answers a
 * restart offer with "Invalid ICE settings from remote SDP", closing its connection.
 */
class IceRestartInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    
    static List<org.junit.jupiter.params.provider.Arguments> peers() {
        return PeerConnectionInteropTest.peerArguments().stream()
                .filter(a -> !a.get()[0].toString().contains(NodePeer.Implementation.LIBDATACHANNEL.argument())).toList();
    }

    /** Who restarts ICE. */
    enum Initiator { RTC4J, PEER }

    @ParameterizedTest(name = "{0}, restarted by {1}")
    @MethodSource("cases")
    void iceRestartsAndTheChannelCarriesOn(DataChannelInteropScenarios.PeerFactory peer, Initiator initiator) throws Exception {
        try (RemotePeer remote = peer.start();
             RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
            DataChannel channel = pc.createDataChannel("restart", DataChannelInit.DEFAULT);
            List<DataChannelMessage> echoes = new CopyOnWriteArrayList<>();
            channel.onMessage(echoes::add);
            PeerConnectionInteropTest.connect(remote, pc);
            Await.until(() -> channel.readyState() == DataChannelState.OPEN, WAIT, "channel open");
            channel.send("before");
            Await.until(() -> echoes.size() == 1, WAIT, "echo before the restart");
            String ourOld = RemotePeer.iceUfrag(pc.localDescription().orElseThrow().sdp());
            String theirOld = RemotePeer.iceUfrag(pc.remoteDescription().orElseThrow().sdp());

            String ourNew = initiator == Initiator.RTC4J ? restartFromRtc4j(remote, pc) : restartFromPeer(remote, pc);
            assertThat(ourNew).isNotEqualTo(ourOld);
            assertThat(RemotePeer.iceUfrag(pc.remoteDescription().orElseThrow().sdp())).as("the peer's credentials").isNotEqualTo(theirOld);

            // The new generation: our new credentials in use and a pair of it checked and nominated.
            try {
                Await.until(() -> restarted(pc, ourNew), WAIT, "a pair of the new generation selected: " + pc);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nour new ufrag " + ourNew + ", in the local description "
                        + RemotePeer.iceUfrag(pc.localDescription().orElseThrow().sdp())
                        + "\nrtc4j stats: " + pc.getStats().get(5, TimeUnit.SECONDS).values()
                        + "\n" + remote.diagnostics(), e);
            }
            channel.send("after");
            Await.until(() -> echoes.size() == 2, WAIT, "echo after the restart");
            assertThat(echoes).extracting(DataChannelMessage::text).containsExactly("before", "after");
            assertThat(pc.connectionState()).isEqualTo(RTCPeerConnectionState.CONNECTED);
        }
    }

    static List<org.junit.jupiter.params.provider.Arguments> cases() {
        return peers().stream().flatMap(p -> java.util.stream.Stream.of(Initiator.values())
                .map(i -> org.junit.jupiter.params.provider.Arguments.of(p.get()[0], i))).toList();
    }

    /** restartIce, our offer, the peer's answer; returns our new ufrag. */
    private static String restartFromRtc4j(RemotePeer remote, RTCPeerConnection pc) throws Exception {
        pc.restartIce();
        RTCSessionDescription offer = pc.createOffer().get(5, TimeUnit.SECONDS);
        pc.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
        long answers = remote.descriptionCount("answer");
        remote.command("setRemoteDescription", "type", "offer", "sdp", offer.sdp());
        JsonLine answer = remote.nextDescription("answer", answers, WAIT);
        pc.setRemoteDescription(RTCSessionDescription.answer(answer.text("sdp"))).get(5, TimeUnit.SECONDS);
        return RemotePeer.iceUfrag(offer.sdp());
    }

    /** The peer's offer with iceRestart, our answer; returns our new ufrag. */
    private static String restartFromPeer(RemotePeer remote, RTCPeerConnection pc) throws Exception {
        long offers = remote.descriptionCount("offer");
        remote.command("createOffer", "iceRestart", true);
        JsonLine offer = remote.nextDescription("offer", offers, WAIT);
        pc.setRemoteDescription(RTCSessionDescription.offer(offer.text("sdp"))).get(5, TimeUnit.SECONDS);
        RTCSessionDescription answer = pc.createAnswer().get(5, TimeUnit.SECONDS);
        pc.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
        remote.command("setRemoteDescription", "type", "answer", "sdp", answer.sdp());
        return RemotePeer.iceUfrag(answer.sdp());
    }



    private static boolean restarted(RTCPeerConnection pc, String ufrag) {
        try {
            List<RTCStats> stats = List.copyOf(pc.getStats().get(5, TimeUnit.SECONDS).values());
            boolean credentials = stats.stream().anyMatch(s -> s.type().equals("transport")
                    && ufrag.equals(s.get("iceLocalUsernameFragment")));
            boolean selected = stats.stream().anyMatch(s -> s.type().equals("candidate-pair")
                    && Boolean.TRUE.equals(s.get("nominated")) && "succeeded".equals(s.get("state")));
            return credentials && selected;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
