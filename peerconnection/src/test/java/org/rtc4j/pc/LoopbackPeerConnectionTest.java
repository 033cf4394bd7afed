package org.rtc4j.pc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelState;

/** Two rtc4j peer connections in one JVM over loopback UDP: offer/answer, trickle, a data channel, stats. */
class LoopbackPeerConnectionTest {
    @Test
    void dataChannelWithTrickle() throws Exception {
        try (PcPair p = new PcPair()) {
            p.b.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.text()))); // echo
            DataChannel chat = p.a.createDataChannel("chat", DataChannelInit.DEFAULT);
            chat.onOpen(() -> chat.send("hello"));
            java.util.List<String> atA = new java.util.concurrent.CopyOnWriteArrayList<>();
            chat.onMessage(m -> atA.add(m.text()));
            p.negotiate(p.a);
            PcPair.await(() -> !atA.isEmpty(), "the echo");
            assertThat(atA).containsExactly("hello");
            assertThat(chat.readyState()).isEqualTo(DataChannelState.OPEN);
            assertThat(p.a.connectionState()).isEqualTo(RTCPeerConnectionState.CONNECTED);
            assertThat(p.a.signalingState()).isEqualTo(RTCSignalingState.STABLE);
            RTCStatsReport stats = p.a.getStats().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(stats.ofType("data-channel")).hasSize(1);
            assertThat(stats.ofType("transport").get(0).get("dtlsState")).isEqualTo("connected");
            assertThat(stats.ofType("candidate-pair")).isNotEmpty();
            assertThat(stats.ofType("certificate")).as("ours and the peer's").hasSize(2);
            assertThat(stats.ofType("transport").get(0).get("remoteCertificateId")).isNotNull();
        }
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
        try (RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT, PcPair.LOOPBACK)) {
            java.util.List<Integer> sizes = pc.onLoop(pc::receiveBufferSizes);
            assertThat(sizes).isNotEmpty().allSatisfy(size -> assertThat((long) size).isGreaterThanOrEqualTo(expected));
        }
    }
}
