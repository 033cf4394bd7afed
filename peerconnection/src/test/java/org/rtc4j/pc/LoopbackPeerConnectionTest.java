package org.rtc4j.pc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.ice.HostAddressPolicy;

/** Two rtc4j peer connections in one JVM over loopback UDP: offer/answer, trickle, a data channel. */
class LoopbackPeerConnectionTest {
    private static final PeerConnectionOptions LOOPBACK = PeerConnectionOptions.DEFAULT
            .withHostAddresses(HostAddressPolicy.LOOPBACK_ONLY);
    private final RTCPeerConnection a = new RTCPeerConnection(RTCConfiguration.DEFAULT, LOOPBACK);
    private final RTCPeerConnection b = new RTCPeerConnection(RTCConfiguration.DEFAULT, LOOPBACK);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void dataChannelWithTrickle() throws Exception {
        // Candidates trickle as soon as gathering starts, possibly before the other side has a remote
        // description; they wait for it, as signalling code must.
        CompletableFuture<Void> bHasRemote = new CompletableFuture<>();
        CompletableFuture<Void> aHasRemote = new CompletableFuture<>();
        a.onIceCandidate(c -> bHasRemote.thenRun(() -> b.addIceCandidate(c)));
        b.onIceCandidate(c -> aHasRemote.thenRun(() -> a.addIceCandidate(c)));
        CompletableFuture<DataChannel> remote = new CompletableFuture<>();
        List<DataChannelMessage> atA = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        b.onDataChannel(ch -> {
            ch.onMessage(m -> {
                if (m.binary()) {
                    ch.send(m.data());
                } else {
                    ch.send(m.text());
                }
            });
            remote.complete(ch);
        });
        DataChannel chat = a.createDataChannel("chat", DataChannelInit.DEFAULT);
        CompletableFuture<Void> open = new CompletableFuture<>();
        chat.onOpen(() -> {
            open.complete(null);
            chat.send("hello");
        });
        chat.onMessage(m -> {
            atA.add(m);
            echoed.complete(null);
        });
        RTCSessionDescription offer = a.createOffer().get(5, TimeUnit.SECONDS);
        a.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
        b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
        bHasRemote.complete(null);
        RTCSessionDescription answer = b.createAnswer().get(5, TimeUnit.SECONDS);
        b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
        a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
        aHasRemote.complete(null);
        open.get(10, TimeUnit.SECONDS);
        assertThat(remote.get(10, TimeUnit.SECONDS).label()).isEqualTo("chat");
        echoed.get(10, TimeUnit.SECONDS);
        assertThat(atA.get(0).text()).isEqualTo("hello");
        assertThat(a.connectionState()).isEqualTo(RTCPeerConnectionState.CONNECTED);
        assertThat(a.signalingState()).isEqualTo(RTCSignalingState.STABLE);
        RTCStatsReport stats = a.getStats().get(5, TimeUnit.SECONDS);
        assertThat(stats.ofType("data-channel")).hasSize(1);
        assertThat(stats.ofType("transport").get(0).get("dtlsState")).isEqualTo("connected");
        assertThat(stats.ofType("candidate-pair")).isNotEmpty();
        assertThat(stats.ofType("certificate")).as("ours and the peer's").hasSize(2);
        assertThat(stats.ofType("transport").get(0).get("remoteCertificateId")).isNotNull();
    }

    @Test
    void socketsAskForALargeReceiveBuffer() throws Exception {
        // Linux reports twice what was granted, and grants at most net.core.rmem_max.
        long max = RTCPeerConnection.RECEIVE_BUFFER;
        java.nio.file.Path rmemMax = java.nio.file.Path.of("/proc/sys/net/core/rmem_max");
        if (java.nio.file.Files.isReadable(rmemMax)) {
            max = Math.min(max, Long.parseLong(java.nio.file.Files.readString(rmemMax).trim()));
        }
        long expected = max;
        List<Integer> sizes = a.onLoop(a::receiveBufferSizes);
        assertThat(sizes).isNotEmpty().allSatisfy(size -> assertThat((long) size).isGreaterThanOrEqualTo(expected));
    }
}
