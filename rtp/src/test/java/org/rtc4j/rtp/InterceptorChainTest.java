package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterceptorChainTest {
    @Test
    void senderAndReceiverChainsCarryTransportWideFeedback() throws RtpException {
        BandwidthEstimator estimator = new BandwidthEstimator(300_000, 50_000, 5_000_000);
        CongestionControlInterceptor cc = new CongestionControlInterceptor(estimator, 3, 65530);
        List<String> seen = new ArrayList<>();
        RtpInterceptor observer = new RtpInterceptor() {
            @Override
            public void handleOutgoingRtp(Instant now, RtpPacket packet) {
                seen.add("out " + HeaderExtension.readTransportSequence(packet.buffer(), packet.extensionOffset(3)));
            }

            @Override
            public Optional<Instant> pollTimeout() {
                return Optional.of(Instant.ofEpochSecond(9_999_999_999L));
            }
        };
        InterceptorChain sender = new InterceptorChain(List.of(cc, observer));
        TransportFeedbackRecorder recorder = new TransportFeedbackRecorder(7, 3, Duration.ofMillis(50), 1024);
        InterceptorChain receiver = new InterceptorChain(List.of(recorder));

        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        byte[] buf = new byte[1300];
        RtpWriter w = new RtpWriter();
        RtpPacket view = new RtpPacket();
        for (int i = 0; i < 40; i++) {
            t = t.plusMillis(5);
            int n = w.begin(buf, 0, 96, i, i * 450L, 0x99).extension(3, 0, 2).payload(new byte[1000], 0, 1000).finish();
            sender.handleOutgoingRtp(t, view.wrap(buf, 0, n));
            receiver.handleIncomingRtp(t.plusMillis(20), view.wrap(buf, 0, n)); // the stamped packet arrives
        }
        assertThat(seen.get(0)).isEqualTo("out 65530");
        assertThat(seen.get(6)).isEqualTo("out 0"); // wraps
        assertThat(sender.pollTimeout()).contains(Instant.ofEpochSecond(9_999_999_999L));
        receiver.handleTimeout(t.plusMillis(100));
        byte[] fb = receiver.pollRtcp().orElseThrow();
        TransportFeedback decoded = (TransportFeedback) RtcpPacket.decode(fb, 0, fb.length).get(0);
        assertThat(decoded.baseSequence()).isEqualTo(65530);
        assertThat(decoded.statusCount()).isEqualTo(40);
        assertThat(sender.handleIncomingRtcp(t.plusMillis(120), fb, 0, fb.length)).isTrue();
        assertThat(estimator.acknowledgedBitrate()).isPositive();
        assertThat(sender.handleIncomingRtcp(t, new byte[] {1, 2, 3}, 0, 3)).isFalse();
    }
}
