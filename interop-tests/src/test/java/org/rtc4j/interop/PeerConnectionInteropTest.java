package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCIceCandidate;
import org.rtc4j.pc.RTCIceGatheringState;
import org.rtc4j.pc.RTCPeerConnection;
import org.rtc4j.pc.RTCPeerConnectionState;
import org.rtc4j.pc.RTCSessionDescription;

/**
 * rtc4j's {@link RTCPeerConnection} against libwebrtc and libdatachannel (node child processes) and
 * Chromium (Selenium), with rtc4j as offerer and as answerer, with trickle and without (the whole SDP
 * after gathering): a channel from either side, text and binary echoes from 0 bytes to 256 KiB, a
 * {@code maxRetransmits: 0} unordered channel, a negotiated channel, 100 channels at once, closes
 * from either side.
 */
class PeerConnectionInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int[] SIZES = {0, 1, 1200, 16 * 1024, 65536, 256 * 1024};

    static List<DataChannelInteropScenarios.PeerFactory> peers() {
        List<DataChannelInteropScenarios.PeerFactory> peers = new java.util.ArrayList<>();
        for (NodePeer.Implementation impl : NodePeer.Implementation.values()) {
            peers.add(new DataChannelInteropScenarios.PeerFactory(impl.argument(), () -> NodePeer.start(impl)));
        }
        peers.add(new DataChannelInteropScenarios.PeerFactory("chromium", ChromiumPeer::start));
        return peers;
    }

    static List<Arguments> cases() {
        return peers().stream().flatMap(peer -> java.util.stream.Stream.of(
                Arguments.of(peer, true, true), Arguments.of(peer, true, false),
                Arguments.of(peer, false, true), Arguments.of(peer, false, false))).toList();
    }

    static List<Arguments> peerArguments() {
        return peers().stream().map(Arguments::of).toList();
    }

    @ParameterizedTest(name = "{0}, rtc4j offers: {1}, trickle: {2}")
    @MethodSource("cases")
    void dataChannelsBothWays(DataChannelInteropScenarios.PeerFactory peer, boolean jvmOffers, boolean trickle)
            throws Exception {
        try (RemotePeer node = peer.start();
             RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
            List<DataChannel> incoming = new CopyOnWriteArrayList<>();
            List<DataChannelMessage> received = new CopyOnWriteArrayList<>();
            pc.onDataChannel(ch -> {
                ch.onMessage(received::add);
                incoming.add(ch);
            });
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            CompletableFuture<Void> remoteSet = new CompletableFuture<>();
            pc.onIceCandidate(c -> {
                if (c.isEndOfCandidates()) {
                    gathered.complete(null);
                } else if (trickle) {
                    remoteSet.thenRun(() -> node.command("addCandidate", "candidate", c.candidate(), "mid", c.sdpMid()));
                }
            });
            node.command("createChannel", "label", "from-node");
            DataChannel ours = pc.createDataChannel("from-jvm", DataChannelInit.DEFAULT);
            if (jvmOffers) {
                RTCSessionDescription offer = pc.createOffer().get(5, TimeUnit.SECONDS);
                pc.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
                if (!trickle) {
                    gathered.get(10, TimeUnit.SECONDS);
                    offer = pc.localDescription().orElseThrow();
                    assertThat(offer.sdp()).contains("a=candidate:").contains("a=end-of-candidates");
                }
                node.command("setRemoteDescription", "type", "offer", "sdp", offer.sdp());
                remoteSet.complete(null);
                JsonLine answer = node.await(e -> e.isEvent("description") && "answer".equals(e.text("type")), WAIT);
                pc.setRemoteDescription(RTCSessionDescription.answer(answer.text("sdp"))).get(5, TimeUnit.SECONDS);
            } else {
                node.command("createOffer");
                JsonLine offer = node.await(e -> e.isEvent("description") && "offer".equals(e.text("type")), WAIT);
                pc.setRemoteDescription(RTCSessionDescription.offer(offer.text("sdp"))).get(5, TimeUnit.SECONDS);
                RTCSessionDescription answer = pc.createAnswer().get(5, TimeUnit.SECONDS);
                pc.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
                if (!trickle) {
                    gathered.get(10, TimeUnit.SECONDS);
                    answer = pc.localDescription().orElseThrow();
                }
                node.command("setRemoteDescription", "type", "answer", "sdp", answer.sdp());
                remoteSet.complete(null);
            }
            node.forEachEvent(e -> {
                if (e.isEvent("candidate")) {
                    pc.addIceCandidate(new RTCIceCandidate(e.text("candidate"), e.text("mid"), -1));
                }
            });
            await(() -> pc.connectionState() == RTCPeerConnectionState.CONNECTED, "connected: " + pc);
            await(() -> ours.readyState() == DataChannelState.OPEN, "our channel open");
            node.await(e -> e.isEvent("channel") && "from-jvm".equals(e.text("label")), WAIT);
            await(() -> incoming.stream().anyMatch(c -> c.label().equals("from-node")), "the peer's channel");
            DataChannel theirs = incoming.stream().filter(c -> c.label().equals("from-node")).findFirst().orElseThrow();
            List<DataChannelMessage> atOurs = new CopyOnWriteArrayList<>();
            ours.onMessage(atOurs::add);
            for (int size : SIZES) {
                byte[] data = pattern(size);
                for (boolean binary : new boolean[] {true, false}) {
                    int before = atOurs.size();
                    if (binary) {
                        ours.send(data); // from the test thread: handed to the loop
                    } else {
                        ours.send(new String(data, StandardCharsets.UTF_8));
                    }
                    await(() -> atOurs.size() > before, size + "-byte echo");
                    DataChannelMessage echo = atOurs.get(atOurs.size() - 1);
                    assertThat(echo.binary()).isEqualTo(binary);
                    assertThat(echo.data()).isEqualTo(data);
                }
            }
            int before = received.size();
            theirs.send("on the peer's channel");
            await(() -> received.size() > before, "echo on the peer's channel");
            assertThat(received.get(received.size() - 1).text()).isEqualTo("on the peer's channel");

            DataChannel lossy = pc.createDataChannel("lossy", DataChannelInit.DEFAULT.withOrdered(false).withMaxRetransmits(0));
            List<DataChannelMessage> atLossy = new CopyOnWriteArrayList<>();
            lossy.onMessage(atLossy::add);
            await(() -> lossy.readyState() == DataChannelState.OPEN, "lossy open");
            lossy.send("fast");
            await(() -> !atLossy.isEmpty(), "echo on the lossy channel");

            ours.close();
            node.await(e -> e.isEvent("closed") && "from-jvm".equals(e.text("label")), WAIT);
            await(() -> ours.readyState() == DataChannelState.CLOSED, "our channel closed");
            node.command("closeChannel", "label", "from-node");
            await(() -> theirs.readyState() == DataChannelState.CLOSED, "the peer's channel closed");
            assertThat(pc.getStats().get(5, TimeUnit.SECONDS).ofType("data-channel")).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peerArguments")
    void negotiatedAndHundredChannels(DataChannelInteropScenarios.PeerFactory peer) throws Exception {
        try (RemotePeer node = peer.start();
             RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
            node.command("createChannel", "label", "neg", "negotiated", true, "id", 42);
            DataChannel negotiated = pc.createDataChannel("neg", DataChannelInit.DEFAULT.withNegotiatedId(42));
            connect(node, pc);
            await(() -> negotiated.readyState() == DataChannelState.OPEN, "negotiated open");
            List<DataChannelMessage> atNegotiated = new CopyOnWriteArrayList<>();
            negotiated.onMessage(atNegotiated::add);
            negotiated.send("negotiated");
            await(() -> !atNegotiated.isEmpty(), "echo on the negotiated channel");
            List<DataChannel> many = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger echoes = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 100; i++) {
                DataChannel ch = pc.createDataChannel("c" + i, DataChannelInit.DEFAULT);
                ch.onOpen(() -> ch.send(ch.label()));
                ch.onMessage(m -> {
                    if (m.text().equals(ch.label())) {
                        echoes.incrementAndGet();
                    }
                });
                many.add(ch);
            }
            await(() -> echoes.get() == 100, "100 echoes (" + echoes + ")");
            many.forEach(DataChannel::close);
            node.awaitCount(e -> e.isEvent("closed") && e.text("label").startsWith("c"), 100, WAIT);
            await(() -> many.stream().allMatch(ch -> ch.readyState() == DataChannelState.CLOSED), "100 closed");
        }
    }

    /** Offer from rtc4j, trickle both ways. */
    static void connect(RemotePeer node, RTCPeerConnection pc) throws Exception {
        CompletableFuture<Void> remoteSet = new CompletableFuture<>();
        pc.onIceCandidate(c -> {
            if (!c.isEndOfCandidates()) {
                remoteSet.thenRun(() -> node.command("addCandidate", "candidate", c.candidate(), "mid", c.sdpMid()));
            }
        });
        RTCSessionDescription offer = pc.createOffer().get(5, TimeUnit.SECONDS);
        pc.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
        node.command("setRemoteDescription", "type", "offer", "sdp", offer.sdp());
        remoteSet.complete(null);
        JsonLine answer = node.await(e -> e.isEvent("description") && "answer".equals(e.text("type")), WAIT);
        pc.setRemoteDescription(RTCSessionDescription.answer(answer.text("sdp"))).get(5, TimeUnit.SECONDS);
        node.forEachEvent(e -> {
            if (e.isEvent("candidate")) {
                pc.addIceCandidate(new RTCIceCandidate(e.text("candidate"), e.text("mid"), -1));
            }
        });
        await(() -> pc.connectionState() == RTCPeerConnectionState.CONNECTED, "connected: " + pc);
    }

    private static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) ('a' + (i * 7 + size) % 26);
        }
        return data;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, WAIT, what);
    }
}
