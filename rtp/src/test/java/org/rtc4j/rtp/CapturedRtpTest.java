package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RTP headers captured from Chrome calls (Wireshark-annotated test data published in
 * github.com/olivermichel/webrtc-analysis, test/include/data.h; headers only, payloads cut): parsed,
 * then rewritten element by element with {@link RtpWriter}, byte for byte.
 */
class CapturedRtpTest {
    static final byte[] ONE_BYTE_3 = Hex.bytes("""
            90 2d 1a 5f d4 09 05 49 f7 b1 6e 83 be de 00 03
            22 f3 43 50 41 00 9b d2 81 00 45 00""");
    static final byte[] ONE_BYTE_7 = Hex.bytes("""
            90 ad 19 d4 d4 05 e7 97 f7 b1 6e 83 be de 00 08
            22 ea 43 2b 41 00 04 90 30 30 00 60 02
            7c 01 00 03 00 09 00 0a 00 23 00 00 00 00 d2 40 00 01 00""");
    static final byte[] TWO_BYTE_7 = Hex.bytes("""
            90 2d 61 c5 95 0a 0f ee 8d 38 14 e5 10 00 00 11
            02 03 03 f7 ae 04 02 00 02 09 01 30 03 01 00 06 01 02
            07 0d 01 00 01 00 07 00 07 00 0a 00 00 00 00
            0d 21 c0 00 01 80 03 18 7a aa f1 30 a0 a0 14 d1 41 38 23 04 60 08 64 22 22 26 50 09 f0 07 70 13 f0 0e f0""");

    @Test
    void chromeHeadersRoundTrip() throws RtpException {
        for (byte[] captured : List.of(ONE_BYTE_3, ONE_BYTE_7, TWO_BYTE_7)) {
            RtpPacket p = new RtpPacket().wrap(captured, 0, captured.length);
            assertThat(p.payloadLength()).isZero();
            byte[] out = new byte[captured.length + 8];
            RtpWriter w = new RtpWriter().begin(out, 0, p.payloadType(), p.sequenceNumber(), p.timestamp(), p.ssrc()).marker(p.marker());
            List<Integer> ids = new ArrayList<>();
            p.forEachExtension((id, b, o, l) -> {
                ids.add(id);
                w.extension(id, b, o, l);
            });
            int n = w.finish();
            assertThat(Hex.hex(out, 0, n)).isEqualTo(Hex.hex(captured));
            assertThat(ids).isNotEmpty();
        }
        // abs-send-time (2), transport-wide-cc (4), audio level (9)... as Chrome mapped them then
        RtpPacket p = new RtpPacket().wrap(ONE_BYTE_7, 0, ONE_BYTE_7.length);
        assertThat(HeaderExtension.readAbsSendTime(ONE_BYTE_7, p.extensionOffset(2))).isEqualTo(0xea432b);
        assertThat(HeaderExtension.readTransportSequence(ONE_BYTE_7, p.extensionOffset(4))).isEqualTo(4);
        assertThat(p.extensionLength(7)).isEqualTo(13);
        assertThat(p.extensionLength(13)).isEqualTo(3);
        assertThat(p.marker()).isTrue();
        assertThat(p.sequenceNumber()).isEqualTo(6612);
        assertThat(p.timestamp()).isEqualTo(3557156759L);
    }
}
