package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpPacketTest {
    /**
     * A transport-wide feedback packet captured from a Chrome call (Wireshark-annotated test data in
     * github.com/olivermichel/webrtc-analysis, test/include/data.h): P bit, one run-length chunk of 9
     * small deltas, one byte of padding.
     */
    static final byte[] CHROME_TWCC = Hex.bytes("""
            af cd 00 07 00 00 00 01 dd 58 6e b6 00 01 00 09
            5e 91 10 00 20 09 1c 0c 2c 38 00 04 00 08 18 01""");

    /** RFC 3550 §6.4.1 SR with one report block, then §6.5 SDES CNAME, laid out by hand. */
    static final byte[] SR_SDES = Hex.bytes("""
            81 c8 00 0c  11 22 33 44  e9 a4 1c 3b 80 00 00 00  00 01 5f 90  00 00 00 0a  00 00 04 d2
            55 66 77 88  05 ff ff fe  00 00 12 34  00 00 00 20  12 34 56 78  00 01 80 00
            81 ca 00 06  11 22 33 44  01 10 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70  00 00""");

    @Test
    void chromeTransportFeedbackDecodesAndReencodesByteForByte() throws RtpException {
        List<RtcpPacket> packets = RtcpPacket.decode(CHROME_TWCC, 0, CHROME_TWCC.length);
        assertThat(packets).hasSize(1);
        TransportFeedback fb = (TransportFeedback) packets.get(0);
        assertThat(fb.baseSequence()).isEqualTo(1);
        assertThat(fb.statusCount()).isEqualTo(9);
        assertThat(fb.referenceTime()).isEqualTo(6197520);
        assertThat(fb.mediaSsrc()).isEqualTo(0xdd586eb6L);
        assertThat(fb.deltas()).containsExactly(0x1c, 0x0c, 0x2c, 0x38, 0, 4, 0, 8, 0x18);
        List<Long> arrivals = new ArrayList<>();
        fb.forEachPacket((seq, received, t) -> arrivals.add(t - 6197520L * 64_000));
        assertThat(arrivals).containsExactly(7000L, 10000L, 21000L, 35000L, 35000L, 36000L, 36000L, 38000L, 44000L);
        assertThat(Hex.hex(fb.encode())).isEqualTo(Hex.hex(CHROME_TWCC));
    }

    @Test
    void writerProducesTheSameTransportFeedbackAsChrome() throws RtpException {
        TransportFeedbackWriter w = new TransportFeedbackWriter(1000);
        w.begin(1, 0xdd586eb6L, 0);
        long base = 6197520L * 64_000;
        long[] at = {7000, 10000, 21000, 35000, 35000, 36000, 36000, 38000, 44000};
        for (int i = 0; i < at.length; i++) {
            assertThat(w.add(i + 1, base + at[i])).isTrue();
        }
        byte[] out = new byte[w.length()];
        assertThat(w.write(out, 0)).isEqualTo(CHROME_TWCC.length);
        assertThat(Hex.hex(out)).isEqualTo(Hex.hex(CHROME_TWCC));
    }

    @Test
    void writerCoversLossLargeDeltasAndVectorChunks() throws RtpException {
        TransportFeedbackWriter w = new TransportFeedbackWriter(1000);
        w.begin(7, 8, 3);
        long t = 1_000_000;
        List<long[]> sent = new ArrayList<>();
        int seq = 65530; // wraps
        for (int i = 0; i < 60; i++) {
            seq = (seq + 1 + (i % 7 == 3 ? 2 : 0)) & 0xFFFF;
            t += i % 11 == 5 ? 90_000 : i % 13 == 4 ? -3000 : 1000;
            assertThat(w.add(seq, t)).isTrue();
            sent.add(new long[] {seq, t});
        }
        assertThat(w.add(70000, t + 10_000_000)).isFalse(); // a delta over 8 s does not fit
        byte[] out = new byte[w.length()];
        int n = w.write(out, 0);
        TransportFeedback fb = (TransportFeedback) RtcpPacket.decode(out, 0, n).get(0);
        List<long[]> got = new ArrayList<>();
        fb.forEachPacket((s, received, at) -> {
            if (received) {
                got.add(new long[] {s, at});
            }
        });
        assertThat(got).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i)[0]).isEqualTo(sent.get(i)[0]);
            assertThat(got.get(i)[1]).isEqualTo(sent.get(i)[1] / 250 * 250);
        }
        assertThat(fb.feedbackCount()).isEqualTo(3);
        assertThat(fb.encode()).isEqualTo(out);
        assertThat(fb.symbols()).contains(TransportFeedback.LARGE_DELTA, TransportFeedback.NOT_RECEIVED);
    }

    @Test
    void handBuiltSenderReportAndSdes() throws RtpException {
        List<RtcpPacket> packets = RtcpPacket.decode(SR_SDES, 0, SR_SDES.length);
        SenderReport sr = (SenderReport) packets.get(0);
        assertThat(sr.ssrc()).isEqualTo(0x11223344L);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xe9a41c3b80000000L);
        assertThat(sr.rtpTimestamp()).isEqualTo(90_000);
        assertThat(sr.packetCount()).isEqualTo(10);
        assertThat(sr.octetCount()).isEqualTo(1234);
        ReportBlock rb = sr.reports().get(0);
        assertThat(rb.fractionLost()).isEqualTo(5);
        assertThat(rb.cumulativeLost()).isEqualTo(-2);
        assertThat(rb.highestSequence()).isEqualTo(0x1234);
        assertThat(rb.jitter()).isEqualTo(32);
        assertThat(rb.delaySinceLastSr()).isEqualTo(0x18000);
        SourceDescription sdes = (SourceDescription) packets.get(1);
        assertThat(sdes.chunks().get(0).items().get(0).text()).isEqualTo("abcdefghijklmnop");
        assertThat(Hex.hex(RtcpPacket.encode(packets))).isEqualTo(Hex.hex(SR_SDES));
    }

    @Test
    void everyTypeRoundTripsByteForByte() throws RtpException {
        List<RtcpPacket> all = List.of(
                new ReceiverReport(1, List.of(new ReportBlock(2, 255, 0x7FFFFF, 0x10000, 5, 6, 7),
                        new ReportBlock(3, 0, -0x800000, 1, 2, 3, 4))),
                new SenderReport(9, 1L << 62, 5, 6, 7, List.of(), new byte[] {1, 2, 3, 4}),
                new SourceDescription(List.of(new SourceDescription.Chunk(5, List.of(
                        new SourceDescription.Item(SourceDescription.CNAME, "x"), new SourceDescription.Item(SourceDescription.TOOL, "rtc4j"))),
                        new SourceDescription.Chunk(6, List.of()))),
                new Goodbye(List.of(1L, 0xffffffffL), "shutting down"),
                new Goodbye(List.of(3L), ""),
                new ApplicationDefined(3, 7, "QOS1", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                GenericNack.of(1, 2, 100, 101, 103, 117, 118, 65535, 0),
                new PictureLossIndication(1, 2),
                new FullIntraRequest(1, 0, List.of(new FullIntraRequest.Entry(5, 17), new FullIntraRequest.Entry(6, 255))),
                ReceiverEstimatedMaxBitrate.of(1, 1_500_000, List.of(0x1234L, 0x5678L)),
                new ExtendedReport(4, List.of(new ExtendedReport.ReceiverReferenceTime(0x0102030405060708L),
                        new ExtendedReport.Dlrr(List.of(new ExtendedReport.Dlrr.SubBlock(1, 2, 3))),
                        new ExtendedReport.UnknownBlock(9, 1, new byte[] {1, 2, 3, 4}))),
                new UnknownRtcpPacket(210, 3, new byte[] {1, 2, 3, 4, 5}),
                new UnknownRtcpPacket(RtcpPacket.PSFB, 15, new byte[] {0, 0, 0, 1, 0, 0, 0, 2, 'A', 'B', 'C', 'D'}),
                new UnknownRtcpPacket(RtcpPacket.RTPFB, 3, new byte[] {0, 0, 0, 1, 0, 0, 0, 2}));
        byte[] compound = RtcpPacket.encode(all);
        List<RtcpPacket> decoded = RtcpPacket.decode(compound, 0, compound.length);
        assertThat(decoded).isEqualTo(all);
        assertThat(RtcpPacket.encode(decoded)).isEqualTo(compound);
        for (RtcpPacket p : all) {
            byte[] one = p.encode();
            assertThat(one.length % 4).isZero();
            assertThat(RtcpPacket.decode(one, 0, one.length)).containsExactly(p);
        }
    }

    @Test
    void nackPacksSequenceNumbers() {
        GenericNack nack = GenericNack.of(1, 2, 100, 101, 103, 117, 118, 65535, 0);
        // sorted relative to the first number, so 65535 and 0 (after the wrap) come last
        assertThat(nack.entries()).containsExactly(100 << 16 | 0b101, 117 << 16 | 1, 65535 << 16 | 1);
        assertThat(nack.lostSequenceNumbers()).containsExactly(100, 101, 103, 117, 118, 65535, 0);
        assertThat(Hex.hex(nack.encode())).isEqualTo("81cd0005" + "00000001" + "00000002" + "00640005" + "00750001" + "ffff0001");
    }

    @Test
    void rembMatchesTheDraftLayout() throws RtpException {
        byte[] remb = ReceiverEstimatedMaxBitrate.of(1, 1_500_000, List.of(0x1234L)).encode();
        // 1 500 000 = 183105 * 2^3 + 0 -> exp 3, mantissa 187500
        assertThat(Hex.hex(remb)).isEqualTo("8fce0005" + "00000001" + "00000000" + "52454d42" + "01" + "0e" + "dc6c" + "00001234");
        ReceiverEstimatedMaxBitrate back = (ReceiverEstimatedMaxBitrate) RtcpPacket.decode(remb, 0, remb.length).get(0);
        assertThat(back.bitrate()).isEqualTo(1_500_000);
    }

    @Test
    void malformedRtcpGetsTypedErrors() {
        assertReason("81 c9 00", RtpException.Reason.TRUNCATED);
        assertReason("41 c9 00 00", RtpException.Reason.BAD_VERSION);
        assertReason("81 c9 00 07 00 00 00 01", RtpException.Reason.BAD_LENGTH); // lying length
        assertReason("81 c9 00 01 00 00 00 01", RtpException.Reason.BAD_LENGTH); // 1 block in 4 bytes
        assertReason("a0 c9 00 01 00 00 00 09", RtpException.Reason.BAD_PADDING); // padding past the body
        assertReason("a0 c9 00 01 00 00 00 00", RtpException.Reason.BAD_PADDING); // padding of zero
        assertReason("81 ca 00 02 00 00 00 01 01 09 61 62", RtpException.Reason.BAD_LENGTH); // SDES item overrun
        assertReason("81 cb 00 01 00 00 00 01 00", RtpException.Reason.TRUNCATED); // trailing byte
        assertReason("81 cb 00 02 00 00 00 01 09 61 62 63", RtpException.Reason.BAD_LENGTH); // BYE reason overrun
        assertReason("8f cd 00 04 00 00 00 01 00 00 00 02 00 01 00 09 00 00 00 00", RtpException.Reason.BAD_LENGTH); // no chunks
        assertReason("8f cd 00 05 00 00 00 01 00 00 00 02 00 01 00 02 00 00 00 00 60 02 00 00", RtpException.Reason.BAD_VALUE); // symbol 3
        assertReason("8f cd 00 05 00 00 00 01 00 00 00 02 00 01 00 02 00 00 00 00 40 02 01 00", RtpException.Reason.BAD_LENGTH); // large deltas past end
        assertReason("81 cd 00 02 00 00 00 01 00 00 00 02", RtpException.Reason.BAD_LENGTH); // NACK without FCI
        assertReason("81 ce 00 01 00 00 00 01", RtpException.Reason.BAD_LENGTH); // PLI without media SSRC
        assertReason("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 02 00 00 00", RtpException.Reason.BAD_LENGTH); // REMB count lies
        assertReason("80 cf 00 02 00 00 00 01 04 00 00 05", RtpException.Reason.BAD_LENGTH); // XR block overrun
    }

    private static void assertReason(String hex, RtpException.Reason reason) {
        byte[] b = Hex.bytes(hex);
        assertThatThrownBy(() -> RtcpPacket.decode(b, 0, b.length))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
