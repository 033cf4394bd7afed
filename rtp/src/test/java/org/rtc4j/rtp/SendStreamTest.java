package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendStreamTest {
    static SendStream.Config config(long rtxSsrc) {
        SendStream.Config v = SendStream.Config.video(0x1111, 96, rtxSsrc, 97, new Vp8Packetizer());
        return new SendStream.Config(v.ssrc(), v.payloadType(), v.clockRate(), v.rtxSsrc(), v.rtxPayloadType(), v.packetizer(),
                v.cname(), v.historyPackets(), v.maxPacketSize(), v.historyAge(), v.rtcpInterval(), 3);
    }

    @Test
    void stampsTransportSequenceNumbersAndAnswersNacksWithRtx() throws RtpException {
        SendStream s = new SendStream(config(0x2222), 65534);
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        s.sendFrame(t, new byte[3000], 0, 3000, 1234);
        byte[] out = new byte[1500];
        RtpPacket p = new RtpPacket();
        int[] seqs = new int[3];
        for (int i = 0; i < 3; i++) {
            int n = s.pollRtp(out, 0);
            p.wrap(out, 0, n);
            seqs[i] = p.sequenceNumber();
            assertThat(HeaderExtension.readTransportSequence(out, p.extensionOffset(3))).isEqualTo(i);
            assertThat(s.lastTransportSequence()).isEqualTo(i);
            assertThat(p.marker()).isEqualTo(i == 2);
        }
        assertThat(seqs).containsExactly(65534, 65535, 0);
        assertThat(s.pollRtp(out, 0)).isEqualTo(-1);
        s.handleRtcp(t, GenericNack.of(9, 0x1111, 65535, 0));
        int n = s.pollRtp(out, 0);
        p.wrap(out, 0, n);
        assertThat(p.ssrc()).isEqualTo(0x2222);
        assertThat(p.payloadType()).isEqualTo(97);
        assertThat(Bytes.u16(out, p.payloadOffset())).isEqualTo(65535); // the original sequence number (RFC 4588 §4)
        assertThat(HeaderExtension.readTransportSequence(out, p.extensionOffset(3))).isEqualTo(3);
        n = s.pollRtp(out, 0);
        p.wrap(out, 0, n);
        assertThat(Bytes.u16(out, p.payloadOffset())).isZero();
        assertThat(p.marker()).isTrue();
        assertThat(s.pollRtp(out, 0)).isEqualTo(-1);
        // a repeated NACK right away is ignored, a probe's padding goes on the RTX SSRC
        s.handleRtcp(t, new ReceiverReport(9, List.of(new ReportBlock(0x1111, 0, 0, 0, 0, 0, 0))));
        n = s.writePadding(out, 0, 250);
        p.wrap(out, 0, n);
        assertThat(n).isEqualTo(250);
        assertThat(p.ssrc()).isEqualTo(0x2222);
        assertThat(p.payloadLength()).isZero();
        assertThat(s.lastTransportSequence()).isEqualTo(5);
    }

    @Test
    void senderReportsAndRttFromTheReceiversReport() throws RtpException {
        SendStream s = new SendStream(config(-1), 1);
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        s.sendFrame(t, new byte[100], 0, 100, 90_000);
        s.handleTimeout(t.plusSeconds(1));
        byte[] sr = s.pollRtcp().orElseThrow();
        List<RtcpPacket> packets = RtcpPacket.decode(sr, 0, sr.length);
        SenderReport report = (SenderReport) packets.get(0);
        assertThat(report.rtpTimestamp()).isEqualTo(180_000); // one second later at 90 kHz
        assertThat(report.packetCount()).isEqualTo(1);
        assertThat(report.octetCount()).isEqualTo(104); // RTP payload octets: the VP8 descriptor counts
        assertThat(packets.get(1)).isInstanceOf(SourceDescription.class);
        // the receiver answers 200 ms after the SR arrived, which was 50 ms after it left: RTT 100 ms
        long lsr = Ntp.middle(report.ntpTimestamp());
        s.handleRtcp(t.plusSeconds(1).plusMillis(300), new ReceiverReport(9,
                List.of(new ReportBlock(0x1111, 3, 7, 2, 4, lsr, Ntp.nanosToShort(200_000_000L)))));
        assertThat(s.rtt()).hasValueSatisfying(r -> assertThat(r).isBetween(Duration.ofMillis(99), Duration.ofMillis(101)));
        SendStream.Event e = s.pollEvent().orElseThrow();
        assertThat(e).isInstanceOf(SendStream.Report.class);
        s.handleRtcp(t, new PictureLossIndication(9, 0x1111));
        assertThat(s.pollEvent()).containsInstanceOf(SendStream.KeyframeRequested.class);
        s.handleRtcp(t, ReceiverEstimatedMaxBitrate.of(9, 500_000, List.of(0x1111L)));
        assertThat(s.pollEvent()).contains(new SendStream.Remb(500_000));
    }
}
