package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiveStreamUnitTest {
    @Test
    void mapsRtpTimestampsToTheSendersClockFromTheLastSenderReport() {
        ReceiveStream rx = new ReceiveStream(ReceiveStreamTest.videoConfig());
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        long ntp = Ntp.fromNanos(Ntp.nanos(Instant.ofEpochSecond(1_600_000_000L, 500_000_000)));
        rx.handleRtcp(t, new SenderReport(StreamPair.MEDIA_SSRC, ntp, 0xFFFFFF00L, 10, 1000, List.of()));
        // 90 000 units after the SR's timestamp, across the 32-bit wrap: one second later on the sender
        assertThat(rx.senderTimeOf((0xFFFFFF00L + 90_000) & 0xFFFFFFFFL))
                .hasValueSatisfying(x -> assertThat(Ntp.nanos(x) - Ntp.nanos(Instant.ofEpochSecond(1_600_000_001L, 500_000_000)))
                        .isBetween(-1_000L, 1_000L));
        // the next receiver report carries LSR (the SR's middle 32 bits) and DLSR (time since, 1/65536 s)
        byte[] out = new byte[64];
        RtpWriter w = new RtpWriter();
        int n = w.begin(out, 0, 96, 1, 0, StreamPair.MEDIA_SSRC).payload(new byte[] {0x10, 0, 1}, 0, 3).finish();
        rx.handleRtp(t, out, 0, n);
        rx.handleTimeout(t.plusMillis(1500));
        byte[] rr = null;
        byte[] b;
        while ((b = rx.pollRtcp().orElse(null)) != null) {
            if ((b[1] & 0xFF) == RtcpPacket.RR) {
                rr = b;
            }
        }
        assertThat(rr).isNotNull();
        ReportBlock block = ((ReceiverReport) decode(rr).get(0)).reports().get(0);
        assertThat(block.lastSr()).isEqualTo(Ntp.middle(ntp));
        assertThat(block.delaySinceLastSr()).isBetween(98_000L, 98_400L); // 1.5 s = 98 304 / 65536
    }

    @Test
    void steadyStateAllocatesLittleMoreThanTheFramesItHandsOut() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ReceiveStream rx = new ReceiveStream(ReceiveStreamTest.videoConfig().withDelay(java.time.Duration.ZERO, java.time.Duration.ZERO)
                .withNack(false, 0, 0));
        byte[] out = new byte[1300];
        byte[] payload = new byte[1200];
        payload[0] = 0x10;
        RtpWriter w = new RtpWriter();
        long t = Ntp.nanos(Instant.ofEpochSecond(1_700_000_000L));
        int seq = 0;
        long frameBytes = 0;
        long before = 0;
        for (int frame = 0; frame < 4000; frame++) {
            if (frame == 2000) {
                before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
                frameBytes = 0;
            }
            for (int k = 0; k < 5; k++) {
                payload[0] = (byte) (k == 0 ? 0x10 : 0x00);
                payload[1] = 0; // key frames, so nothing is dropped
                int n = w.begin(out, 0, 96, seq++ & 0xFFFF, 3000L * frame, StreamPair.MEDIA_SSRC).marker(k == 4)
                        .payload(payload, 0, payload.length).finish();
                rx.handleRtp(Instant.ofEpochSecond(0, t), out, 0, n);
            }
            t += 33_333_333L;
            rx.handleTimeout(Instant.ofEpochSecond(0, t));
            EncodedFrame f;
            while ((f = rx.pollFrame().orElse(null)) != null) {
                frameBytes += f.data().length;
            }
            while (rx.pollRtcp().isPresent()) {
                // reports, once a second
            }
        }
        long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(frameBytes).as("%s", rx.stats()).isEqualTo(2000L * 5 * 1199); // a 1-byte VP8 descriptor per packet
        // the frames' own bytes, plus a few hundred bytes per frame (EncodedFrame, Instant, Optional, reports)
        assertThat(allocated - frameBytes).isLessThan(2000L * 600);
    }

    private static List<RtcpPacket> decode(byte[] b) {
        try {
            return RtcpPacket.decode(b, 0, b.length);
        } catch (RtpException e) {
            throw new AssertionError(e);
        }
    }
}
