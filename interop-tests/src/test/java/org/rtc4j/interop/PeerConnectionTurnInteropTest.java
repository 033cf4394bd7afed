package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.ice.HostAddressPolicy;
import org.rtc4j.pc.PeerConnectionOptions;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCIceServer;
import org.rtc4j.pc.RTCIceTransportPolicy;
import org.rtc4j.pc.RTCPeerConnection;
import org.rtc4j.pc.RTCPeerConnectionState;
import org.rtc4j.pc.RTCSessionDescription;
import org.rtc4j.pc.RTCStats;
import org.rtc4j.pc.RTCStatsReport;

/**
 * rtc4j peer connections with the relay-only policy through a real TURN server (Debian's coturn,
 * started by the test): two of them, reached over UDP, TCP and TLS ({@code turn:...?transport=udp},
 * {@code turn:...?transport=tcp}, {@code turns:...?transport=tcp}): only relayed candidates are
 * signalled, the selected pair is relayed over the asked transport ({@code relayProtocol}), and a data
 * channel carries messages both ways through it; and one against libwebrtc, libdatachannel and
 * Chromium, each relay-only through its own TURN client.
 */
class PeerConnectionTurnInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Coturn coturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = Coturn.start(true, List.of());
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @ParameterizedTest(name = "TURN over {0}")
    @ValueSource(strings = {"udp", "tcp", "tls"})
    void relayOnlyDataChannelThroughCoturn(String relayProtocol) throws Exception {
        String url = switch (relayProtocol) {
            case "udp" -> "turn:127.0.0.1:" + coturn.plain.getPort() + "?transport=udp";
            case "tcp" -> "turn:127.0.0.1:" + coturn.plain.getPort() + "?transport=tcp";
            default -> "turns:127.0.0.1:" + coturn.tls.getPort() + "?transport=tcp";
        };
        RTCConfiguration relayOnly = RTCConfiguration.DEFAULT
                .withIceServers(List.of(RTCIceServer.turn(url, Coturn.USER, Coturn.PASSWORD)))
                .withIceTransportPolicy(RTCIceTransportPolicy.RELAY);
        // coturn's certificate is self-signed for IP 127.0.0.1: trust it, and nothing else.
        PeerConnectionOptions loopback = PeerConnectionOptions.DEFAULT.withHostAddresses(HostAddressPolicy.LOOPBACK_ONLY)
                .withTurnTls(coturn.trust);
        try (RTCPeerConnection a = new RTCPeerConnection(relayOnly, loopback);
             RTCPeerConnection b = new RTCPeerConnection(relayOnly, loopback)) {
            List<String> candidates = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> aRemote = new CompletableFuture<>();
            CompletableFuture<Void> bRemote = new CompletableFuture<>();
            a.onIceCandidate(c -> {
                candidates.add(c.candidate());
                bRemote.thenRun(() -> b.addIceCandidate(c));
            });
            b.onIceCandidate(c -> {
                candidates.add(c.candidate());
                aRemote.thenRun(() -> a.addIceCandidate(c));
            });
            List<DataChannelMessage> atB = new CopyOnWriteArrayList<>();
            b.onDataChannel(ch -> ch.onMessage(m -> {
                atB.add(m);
                ch.send("echo: " + m.text());
            }));
            List<DataChannelMessage> atA = new CopyOnWriteArrayList<>();
            DataChannel ch = a.createDataChannel("relayed", DataChannelInit.DEFAULT);
            ch.onMessage(atA::add);
            RTCSessionDescription offer = a.createOffer().get(5, TimeUnit.SECONDS);
            a.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            bRemote.complete(null);
            RTCSessionDescription answer = b.createAnswer().get(5, TimeUnit.SECONDS);
            b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            aRemote.complete(null);
            await(() -> a.connectionState() == RTCPeerConnectionState.CONNECTED
                    && ch.readyState() == DataChannelState.OPEN, "connected through the relay");
            ch.send("through coturn over " + relayProtocol);
            await(() -> !atA.isEmpty(), "the echo");
            assertThat(atB.get(0).text()).isEqualTo("through coturn over " + relayProtocol);
            assertThat(atA.get(0).text()).isEqualTo("echo: through coturn over " + relayProtocol);
            assertThat(candidates.stream().filter(c -> !c.isEmpty()))
                    .isNotEmpty().allMatch(c -> c.contains(" typ relay"));
            RTCStatsReport stats = a.getStats().get(5, TimeUnit.SECONDS);
            String pairId = (String) stats.ofType("transport").get(0).get("selectedCandidatePairId");
            RTCStats pair = stats.get(pairId).orElseThrow();
            RTCStats local = stats.get((String) pair.get("localCandidateId")).orElseThrow();
            assertThat(local.get("candidateType")).isEqualTo("relay");
            assertThat(local.get("relayProtocol")).isEqualTo(relayProtocol);
        }
    }

    /**
     * Both ends relay-only through coturn over UDP, the other end a real peer with its own TURN client
     * (libwebrtc, libdatachannel, Chromium): every candidate either side signals is relayed, the pair
     * rtc4j selects joins two relayed candidates, and the channel echoes through both allocations.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"libwebrtc", "libdatachannel", "chromium"})
    void relayOnlyAgainstARealPeersTurnClient(String peer) throws Exception {
        int port = coturn.plain.getPort();
        String ice = "{\"turn\":{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"username\":\"" + Coturn.USER
                + "\",\"credential\":\"" + Coturn.PASSWORD + "\"},\"relayOnly\":true}";
        RTCConfiguration relayOnly = RTCConfiguration.DEFAULT
                .withIceServers(List.of(RTCIceServer.turn("turn:127.0.0.1:" + port + "?transport=udp", Coturn.USER, Coturn.PASSWORD)))
                .withIceTransportPolicy(RTCIceTransportPolicy.RELAY);
        PeerConnectionOptions loopback = PeerConnectionOptions.DEFAULT.withHostAddresses(HostAddressPolicy.LOOPBACK_ONLY);
        try (RemotePeer remote = peer.equals("chromium") ? ChromiumPeer.start(ice)
                : NodePeer.start(peer.equals("libwebrtc") ? NodePeer.Implementation.LIBWEBRTC : NodePeer.Implementation.LIBDATACHANNEL, ice);
             RTCPeerConnection pc = new RTCPeerConnection(relayOnly, loopback)) {
            DataChannel ch = pc.createDataChannel("relayed", DataChannelInit.DEFAULT);
            List<DataChannelMessage> echoes = new CopyOnWriteArrayList<>();
            ch.onMessage(echoes::add);
            PeerConnectionInteropTest.connect(remote, pc);
            await(() -> ch.readyState() == DataChannelState.OPEN, "channel open through both relays");
            ch.send("relayed twice");
            await(() -> !echoes.isEmpty(), "the echo");
            assertThat(echoes.get(0).text()).isEqualTo("relayed twice");
            List<String> theirs = remote.events().stream().filter(e -> e.isEvent("candidate")).map(e -> e.text("candidate")).toList();
            assertThat(theirs).isNotEmpty().allMatch(c -> c.contains(" typ relay"));
            RTCStatsReport stats = pc.getStats().get(5, TimeUnit.SECONDS);
            assertThat(pc.localDescription().orElseThrow().sdp().lines().filter(l -> l.startsWith("a=candidate:")))
                    .as("what rtc4j signalled").isNotEmpty().allMatch(c -> c.contains(" typ relay"));
            RTCStats pair = stats.get((String) stats.ofType("transport").get(0).get("selectedCandidatePairId")).orElseThrow();
            assertThat(stats.get((String) pair.get("localCandidateId")).orElseThrow().get("candidateType")).isEqualTo("relay");
            Object remoteType = stats.get((String) pair.get("remoteCandidateId")).orElseThrow().get("candidateType");
            if (peer.equals("libdatachannel")) {
                // libjuice also sends checks from its host socket; on loopback they pass coturn's permission
                // (permissions are per IP, and every address here is 127.0.0.1), so rtc4j may learn that
                // sender as peer-reflexive and libjuice may nominate it. rtc4j's end is relayed either way.
                assertThat(remoteType).isIn("relay", "prflx");
            } else {
                assertThat(remoteType).isEqualTo("relay");
            }
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, WAIT, what);
    }
}
