package org.rtc4j.pc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.SessionDescription;
import org.rtc4j.sdp.Setup;

/**
 * JSEP on two real peer connections over loopback: the signaling-state machine, rollback, glare,
 * restarts, and bad input (malformed SDP, missing fingerprint or ICE credentials, a fingerprint that
 * does not match, candidates for unknown mids, descriptions in the wrong state) rejected with a W3C
 * error while an existing connection keeps working.
 */
class PeerConnectionJsepTest {
    private static RTCException error(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RTCException r) {
                return r;
            }
            throw new AssertionError("not an RTCException", e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    private static DataChannel connectedChannel(PcPair p) throws Exception {
        DataChannel ch = p.a.createDataChannel("chat", DataChannelInit.DEFAULT);
        p.negotiate(p.a);
        p.awaitConnected();
        PcPair.await(() -> ch.readyState() == DataChannelState.OPEN, "open");
        return ch;
    }

    private static void assertStillWorks(PcPair p, DataChannel ch, String text) throws InterruptedException {
        int before = p.messagesB.size();
        ch.send(text);
        PcPair.await(() -> p.messagesB.size() > before, "a message after the bad input");
        assertThat(p.messagesB.get(p.messagesB.size() - 1).text()).isEqualTo(text);
    }

    @Test
    void offerAnswerStatesAndDescriptions() throws Exception {
        try (PcPair p = new PcPair()) {
            List<RTCSignalingState> states = new CopyOnWriteArrayList<>();
            p.a.onSignalingStateChange(states::add);
            List<Boolean> negotiation = new CopyOnWriteArrayList<>();
            p.a.onNegotiationNeeded(() -> negotiation.add(true));
            DataChannel ch = p.a.createDataChannel("chat", DataChannelInit.DEFAULT);
            assertThat(ch.id()).as("no DTLS role yet").isEqualTo(-1);
            PcPair.await(() -> !negotiation.isEmpty(), "negotiationneeded");
            p.negotiate(p.a);
            assertThat(states).containsExactly(RTCSignalingState.HAVE_LOCAL_OFFER, RTCSignalingState.STABLE);
            p.awaitConnected();
            PcPair.await(() -> ch.readyState() == DataChannelState.OPEN, "open");
            assertThat(ch.id()).as("a is the DTLS server (b answered active): odd ids").isEqualTo(1);
            PcPair.await(() -> p.a.iceGatheringState() == RTCIceGatheringState.COMPLETE, "gathering complete");
            SessionDescription local = SessionDescription.parse(p.a.localDescription().orElseThrow().sdp());
            MediaDescription data = local.media().get(0);
            assertThat(data.isDataChannel()).isTrue();
            assertThat(data.candidates()).isNotEmpty();
            assertThat(data.endOfCandidates()).isTrue();
            assertThat(p.b.remoteDescription().orElseThrow().type()).isEqualTo(RTCSdpType.OFFER);
        }
    }

    @Test
    void malformedAndIncompleteDescriptionsAreRejectedAndTheConnectionKeepsWorking() throws Exception {
        try (PcPair p = new PcPair()) {
            DataChannel ch = connectedChannel(p);
            RTCException syntax = error(p.b.setRemoteDescription(RTCSessionDescription.offer("v=0\r\nbogus\r\n")));
            assertThat(syntax.errorName()).isEqualTo("SyntaxError");
            assertThat(syntax.getMessage()).contains("line 2");
            String offer = p.a.createOffer().get(5, TimeUnit.SECONDS).sdp();
            RTCException noFingerprint = error(p.b.setRemoteDescription(RTCSessionDescription.offer(
                    offer.replaceAll("a=fingerprint:[^\r\n]*\r\n", ""))));
            assertThat(noFingerprint.errorName()).isEqualTo("InvalidAccessError");
            assertThat(noFingerprint.getMessage()).contains("fingerprint");
            RTCException noIce = error(p.b.setRemoteDescription(RTCSessionDescription.offer(
                    offer.replaceAll("a=ice-(ufrag|pwd):[^\r\n]*\r\n", ""))));
            assertThat(noIce.errorName()).isEqualTo("InvalidAccessError");
            assertThat(noIce.getMessage()).contains("ice-ufrag");
            RTCException wrongState = error(p.b.setRemoteDescription(RTCSessionDescription.answer(offer)));
            assertThat(wrongState.errorName()).isEqualTo("InvalidStateError");
            RTCException unknownMid = error(p.b.addIceCandidate(new RTCIceCandidate(
                    "candidate:1 1 udp 2122260223 127.0.0.1 9 typ host", "nope", -1)));
            assertThat(unknownMid.errorName()).isEqualTo("OperationError");
            RTCException badCandidate = error(p.b.addIceCandidate(new RTCIceCandidate("candidate:garbage", "0", -1)));
            assertThat(badCandidate.errorName()).isEqualTo("OperationError");
            assertThat(p.b.signalingState()).isEqualTo(RTCSignalingState.STABLE);
            assertStillWorks(p, ch, "still connected");
        }
    }

    @Test
    void aFingerprintThatDoesNotMatchFailsTheConnection() throws Exception {
        try (PcPair p = new PcPair()) {
            List<RTCPeerConnectionState> states = new CopyOnWriteArrayList<>();
            p.a.onConnectionStateChange(states::add);
            p.a.createDataChannel("chat", DataChannelInit.DEFAULT);
            RTCSessionDescription offer = p.a.createOffer().get(5, TimeUnit.SECONDS);
            p.a.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            p.b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            RTCSessionDescription answer = p.b.createAnswer().get(5, TimeUnit.SECONDS);
            p.b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            String forged = answer.sdp().replaceAll("(a=fingerprint:sha-256 )[0-9A-F]{2}", "$100");
            if (forged.equals(answer.sdp())) {
                forged = answer.sdp().replaceAll("(a=fingerprint:sha-256 )[0-9A-F]{2}", "$111");
            }
            p.a.setRemoteDescription(RTCSessionDescription.answer(forged)).get(5, TimeUnit.SECONDS);
            p.b.addIceCandidate(RTCIceCandidate.endOfCandidates("0")); // no-op, keeps the test symmetric
            for (var c : SessionDescription.parse(p.a.localDescription().orElseThrow().sdp()).media().get(0).candidates()) {
                p.b.addIceCandidate(new RTCIceCandidate("candidate:" + c, "0", 0)).get(5, TimeUnit.SECONDS);
            }
            PcPair.await(() -> p.a.connectionState() == RTCPeerConnectionState.FAILED, "failed");
            assertThat(states).contains(RTCPeerConnectionState.CONNECTING).endsWith(RTCPeerConnectionState.FAILED);
        }
    }

    @Test
    void rollbackAndGlare() throws Exception {
        try (PcPair p = new PcPair()) {
            p.a.createDataChannel("a", DataChannelInit.DEFAULT);
            p.b.createDataChannel("b", DataChannelInit.DEFAULT);
            RTCSessionDescription offerA = p.a.createOffer().get(5, TimeUnit.SECONDS);
            p.a.setLocalDescription(offerA).get(5, TimeUnit.SECONDS);
            p.a.setLocalDescription(RTCSessionDescription.rollback()).get(5, TimeUnit.SECONDS);
            assertThat(p.a.signalingState()).isEqualTo(RTCSignalingState.STABLE);
            assertThat(error(p.a.setRemoteDescription(RTCSessionDescription.rollback())).errorName())
                    .isEqualTo("InvalidStateError");
            // Glare: both offer; b takes a's offer, which rolls its own back (W3C perfect negotiation).
            p.a.setLocalDescription(p.a.createOffer().get(5, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
            p.b.setLocalDescription(p.b.createOffer().get(5, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
            p.b.setRemoteDescription(p.a.localDescription().orElseThrow()).get(5, TimeUnit.SECONDS);
            assertThat(p.b.signalingState()).isEqualTo(RTCSignalingState.HAVE_REMOTE_OFFER);
            RTCSessionDescription answer = p.b.createAnswer().get(5, TimeUnit.SECONDS);
            p.b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            p.a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            for (RTCPeerConnection pc : List.of(p.a, p.b)) {
                RTCPeerConnection other = pc == p.a ? p.b : p.a;
                for (var c : SessionDescription.parse(pc.localDescription().orElseThrow().sdp()).media().get(0).candidates()) {
                    other.addIceCandidate(new RTCIceCandidate("candidate:" + c, "0", 0));
                }
            }
            p.awaitConnected();
            PcPair.await(() -> p.incomingA.size() == 1 && p.incomingB.size() == 1, "both channels");
        }
    }

    @Test
    void iceRestartKeepsTheChannel() throws Exception {
        try (PcPair p = new PcPair()) {
            DataChannel ch = connectedChannel(p);
            String ufrag = SessionDescription.parse(p.a.localDescription().orElseThrow().sdp()).media().get(0)
                    .iceUfrag().orElseThrow();
            p.a.restartIce();
            RTCSessionDescription offer = p.a.createOffer().get(5, TimeUnit.SECONDS);
            assertThat(SessionDescription.parse(offer.sdp()).media().get(0).iceUfrag().orElseThrow()).isNotEqualTo(ufrag);
            p.a.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            p.b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            RTCSessionDescription answer = p.b.createAnswer().get(5, TimeUnit.SECONDS);
            p.b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            p.a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            p.awaitConnected();
            // Each side runs the generation it signalled (the answer to our own restart is not the peer
            // restarting again), and that generation selects a pair of its own.
            String ours = SessionDescription.parse(offer.sdp()).media().get(0).iceUfrag().orElseThrow();
            String theirs = SessionDescription.parse(answer.sdp()).media().get(0).iceUfrag().orElseThrow();
            PcPair.await(() -> runsGeneration(p.a, ours) && runsGeneration(p.b, theirs), "the new generation selected");
            assertStillWorks(p, ch, "after the restart");
        }
    }

    /** Whether {@code pc} uses local ufrag {@code ufrag} and has a nominated, succeeded pair of that generation. */
    private static boolean runsGeneration(RTCPeerConnection pc, String ufrag) {
        try {
            RTCStatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
            return report.ofType("transport").stream().anyMatch(t -> ufrag.equals(t.get("iceLocalUsernameFragment")))
                    && report.ofType("candidate-pair").stream()
                    .anyMatch(c -> Boolean.TRUE.equals(c.get("nominated")) && "succeeded".equals(c.get("state")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSubsequentOfferFromTheAnswererKeepsTheDtlsAndIceRoles() throws Exception {
        try (PcPair p = new PcPair()) {
            DataChannel ch = connectedChannel(p);                  // a offered: a controls ICE and is the DTLS server
            RTCSessionDescription offer = p.b.createOffer().get(5, TimeUnit.SECONDS);
            p.b.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            p.a.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            RTCSessionDescription answer = p.a.createAnswer().get(5, TimeUnit.SECONDS);
            // RFC 8842 §5.5: the answer keeps the association's roles: a, the DTLS server, answers passive.
            assertThat(SessionDescription.parse(answer.sdp()).media().get(0).setup()).contains(Setup.PASSIVE);
            p.a.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            p.b.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            for (var pc : List.of(p.a, p.b)) {
                RTCStats transport = pc.getStats().get(5, TimeUnit.SECONDS).ofType("transport").get(0);
                assertThat(transport.get("iceRole")).as("ICE role kept").isEqualTo(pc == p.a ? "controlling" : "controlled");
                assertThat(transport.get("dtlsRole")).isEqualTo(pc == p.a ? "server" : "client");
            }
            assertStillWorks(p, ch, "after the subsequent offer");
        }
    }

    @Test
    void closeIsFinal() throws Exception {
        try (PcPair p = new PcPair()) {
            DataChannel ch = connectedChannel(p);
            p.a.close();
            assertThat(p.a.connectionState()).isEqualTo(RTCPeerConnectionState.CLOSED);
            assertThat(p.a.signalingState()).isEqualTo(RTCSignalingState.CLOSED);
            assertThat(ch.readyState()).isEqualTo(DataChannelState.CLOSED);
            assertThat(error(p.a.createOffer()).errorName()).isEqualTo("InvalidStateError");
            assertThatThrownBy(() -> p.a.createDataChannel("x", DataChannelInit.DEFAULT)).isInstanceOf(RTCException.class);
            PcPair.await(() -> p.incomingB.get(0).readyState() == DataChannelState.CLOSED, "the peer sees the close");
            p.a.close();
        }
    }

    @Test
    void hostileDatagramsOnTheSocketAreDroppedAndTheConnectionKeepsWorking() throws Exception {
        try (PcPair p = new PcPair(); java.net.DatagramSocket attacker = new java.net.DatagramSocket()) {
            DataChannel ch = connectedChannel(p);
            RTCStatsReport stats = p.b.getStats().get(5, TimeUnit.SECONDS);
            List<java.net.InetSocketAddress> targets = stats.ofType("local-candidate").stream()
                    .map(c -> new java.net.InetSocketAddress((String) c.get("address"), ((Number) c.get("port")).intValue()))
                    .toList();
            java.util.SplittableRandom random = new java.util.SplittableRandom(42);
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[random.nextInt(1, 1300)];
                random.nextBytes(junk);
                // Every first-byte class of RFC 7983: STUN 0..3, DTLS 20..63, RTP/RTCP 128..191, and others.
                int[] firsts = {0, 1, 20, 22, 23, 64, 128, 200, 255};
                junk[0] = (byte) firsts[i % firsts.length];
                for (java.net.InetSocketAddress target : targets) {
                    attacker.send(new java.net.DatagramPacket(junk, junk.length, target));
                }
            }
            assertStillWorks(p, ch, "after 2000 hostile datagrams");
            assertThat(p.b.connectionState()).isEqualTo(RTCPeerConnectionState.CONNECTED);
        }
    }
}
