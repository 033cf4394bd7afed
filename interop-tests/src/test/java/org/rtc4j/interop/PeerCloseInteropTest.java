package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCPeerConnection;

/**
 * The peer closes its whole peer connection (libwebrtc, libdatachannel, Chromium): rtc4j learns it from
 * the peer's SCTP ABORT or DTLS close_notify within seconds, not from consent expiry 30 s later: its
 * channels close, and its DTLS transport reports {@code closed} when the peer sent close_notify. (The W3C connection state stays
 * {@code connected} until ICE consent fails, as in browsers: a closed DTLS transport does not change it.)
 */
class PeerCloseInteropTest {
    private static final Duration SOON = Duration.ofSeconds(5);

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.rtc4j.interop.PeerConnectionInteropTest#peerArguments")
    void thePeerClosingIsSeenAtOnce(DataChannelInteropScenarios.PeerFactory peer) throws Exception {
        try (RemotePeer remote = peer.start();
             RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
            DataChannel channel = pc.createDataChannel("bye", DataChannelInit.DEFAULT);
            List<String> seen = new CopyOnWriteArrayList<>();
            channel.onClose(() -> seen.add("channel closed"));
            pc.onConnectionStateChange(s -> seen.add("connection " + s));
            PeerConnectionInteropTest.connect(remote, pc);
            Await.until(() -> channel.readyState() == DataChannelState.OPEN, Duration.ofSeconds(30), "channel open");

            remote.command("close");
            Await.until(() -> channel.readyState() == DataChannelState.CLOSED, SOON, "our channel closed: " + seen);
            if (!peer.toString().contains(NodePeer.Implementation.LIBDATACHANNEL.argument())) {
                // libwebrtc and Chromium send close_notify; libdatachannel ends only its SCTP association
                // (captured: no DTLS alert from it), so there the channel closing is the signal.
                Await.until(() -> "closed".equals(dtlsState(pc)), SOON, "DTLS closed: " + dtlsState(pc));
            }
            assertThat(seen).contains("channel closed");
        }
    }

    private static Object dtlsState(RTCPeerConnection pc) {
        try {
            return pc.getStats().get(5, java.util.concurrent.TimeUnit.SECONDS).ofType("transport").get(0).get("dtlsState");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
