package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCPeerConnection;
import org.rtc4j.pc.RTCPeerConnectionState;
import org.rtc4j.pc.RTCSessionDescription;
import org.rtc4j.pc.RTCSignalingState;

/**
 * Subsequent offers on a connection that carries a data channel (RFC 8829 §5.2.2, §5.3.2): whichever side
 * offered first, rtc4j offers again or the peer does (libwebrtc, libdatachannel, Chromium), keeping the
 * DTLS roles (RFC 8842 §5.5) and the ICE roles; and Chromium offers again with a
 * camera and a microphone, which rtc4j, without media yet, rejects. ICE credentials and the DTLS session
 * stay, the channel echoes before and after, and a channel made afterwards opens.
 */
class RenegotiationInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    
    /** Who makes an offer. */
    enum Offerer { RTC4J, PEER }

    static List<Arguments> cases() {
        return PeerConnectionInteropTest.peerArguments().stream().flatMap(p -> java.util.stream.Stream.of(Offerer.values())
                .flatMap(first -> java.util.stream.Stream.of(Offerer.values()).map(again -> Arguments.of(p.get()[0], first, again))))
                .toList();
    }

    @ParameterizedTest(name = "{0}, {1} offers first, {2} offers again")
    @MethodSource("cases")
    void aSubsequentOfferKeepsTheSession(DataChannelInteropScenarios.PeerFactory peer, Offerer initial, Offerer offerer)
            throws Exception {
        try (RemotePeer remote = peer.start();
             RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
            if (initial == Offerer.PEER) {
                connectAsAnswerer(remote, pc);
            }
            Channel first = Channel.open(pc, remote, "first");
            String ours = RemotePeer.iceUfrag(pc.localDescription().orElseThrow().sdp());
            String theirs = RemotePeer.iceUfrag(pc.remoteDescription().orElseThrow().sdp());

            if (offerer == Offerer.RTC4J) {
                RTCSessionDescription offer = pc.createOffer().get(5, TimeUnit.SECONDS);
                pc.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
                long answers = remote.descriptionCount("answer");
                remote.command("setRemoteDescription", "type", "offer", "sdp", offer.sdp());
                JsonLine answer = remote.nextDescription("answer", answers, WAIT);
                pc.setRemoteDescription(RTCSessionDescription.answer(answer.text("sdp"))).get(5, TimeUnit.SECONDS);
            } else {
                answerTheirOffer(remote, pc);
            }

            assertThat(pc.signalingState()).isEqualTo(RTCSignalingState.STABLE);
            assertThat(RemotePeer.iceUfrag(pc.localDescription().orElseThrow().sdp())).as("our ICE credentials").isEqualTo(ours);
            assertThat(RemotePeer.iceUfrag(pc.remoteDescription().orElseThrow().sdp())).as("the peer's ICE credentials").isEqualTo(theirs);
            first.echo("after the subsequent offer");
            Channel.open(pc, remote, "later").echo("on a channel made afterwards");
            assertThat(pc.connectionState()).isEqualTo(RTCPeerConnectionState.CONNECTED);
            assertThat(remote.events()).noneMatch(e -> e.isEvent("error"));
        }
    }

    @Test
    void chromiumAddsACameraAndAMicrophoneThatRtc4jRejects() throws Exception {
        try (RemotePeer remote = ChromiumPeer.start();
             RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
            Channel channel = Channel.open(pc, remote, "chat");
            remote.command("addTrack", "kind", "audio");
            remote.command("addTrack", "kind", "video");
            RTCSessionDescription answer = answerTheirOffer(remote, pc);
            // rtc4j has no media yet: each media section is answered with port 0 (RFC 8829 §5.3.1); the data
            // section goes on.
            List<String> mLines = answer.sdp().lines().filter(l -> l.startsWith("m=")).toList();
            assertThat(mLines).anyMatch(l -> l.startsWith("m=audio 0 ")).anyMatch(l -> l.startsWith("m=video 0 "))
                    .anyMatch(l -> l.startsWith("m=application ") && !l.startsWith("m=application 0 "));
            channel.echo("with the peer's media declined");
            assertThat(pc.connectionState()).isEqualTo(RTCPeerConnectionState.CONNECTED);
            assertThat(remote.events()).noneMatch(e -> e.isEvent("error"));
        }
    }

    /** The first negotiation the other way round: the peer offers (with a channel of its own), rtc4j answers. */
    private static void connectAsAnswerer(RemotePeer remote, RTCPeerConnection pc) throws Exception {
        java.util.concurrent.CompletableFuture<Void> remoteSet = new java.util.concurrent.CompletableFuture<>();
        pc.onIceCandidate(c -> {
            if (!c.isEndOfCandidates()) {
                remoteSet.thenRun(() -> remote.command("addCandidate", "candidate", c.candidate(), "mid", c.sdpMid()));
            }
        });
        remote.command("createChannel", "label", "from-peer");
        answerTheirOffer(remote, pc);
        remoteSet.complete(null);
        remote.forEachEvent(e -> {
            if (e.isEvent("candidate")) {
                pc.addIceCandidate(new org.rtc4j.pc.RTCIceCandidate(e.text("candidate"), e.text("mid"), -1));
            }
        });
        Await.until(() -> pc.connectionState() == RTCPeerConnectionState.CONNECTED, WAIT, "connected: " + pc);
    }

    /** The peer offers, rtc4j answers; returns the answer. */
    private static RTCSessionDescription answerTheirOffer(RemotePeer remote, RTCPeerConnection pc) throws Exception {
        long offers = remote.descriptionCount("offer");
        remote.command("createOffer");
        JsonLine offer = remote.nextDescription("offer", offers, WAIT);
        pc.setRemoteDescription(RTCSessionDescription.offer(offer.text("sdp"))).get(5, TimeUnit.SECONDS);
        RTCSessionDescription answer = pc.createAnswer().get(5, TimeUnit.SECONDS);
        pc.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
        remote.command("setRemoteDescription", "type", "answer", "sdp", answer.sdp());
        return answer;
    }

    /** A channel rtc4j opens (connecting first if need be) and the peer echoes. */
    private record Channel(DataChannel channel, List<DataChannelMessage> echoes) {
        static Channel open(RTCPeerConnection pc, RemotePeer remote, String label) throws Exception {
            DataChannel ch = pc.createDataChannel(label, DataChannelInit.DEFAULT);
            List<DataChannelMessage> echoes = new CopyOnWriteArrayList<>();
            ch.onMessage(echoes::add);
            if (pc.remoteDescription().isEmpty()) {
                PeerConnectionInteropTest.connect(remote, pc);
            }
            Await.until(() -> ch.readyState() == DataChannelState.OPEN, WAIT, label + " open");
            Channel c = new Channel(ch, echoes);
            c.echo("first on " + label);
            return c;
        }

        void echo(String text) throws InterruptedException {
            int before = echoes.size();
            channel.send(text);
            Await.until(() -> echoes.size() > before, WAIT, "the echo of '" + text + "'");
            assertThat(echoes.get(before).text()).isEqualTo(text);
        }
    }



}
