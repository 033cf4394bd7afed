package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Vp9Av1Test {
    @Test
    void vp9KeyAndDeltaFrames() throws RtpException {
        byte[] key = PayloadFormatTest.random(30_000, 1);
        key[0] = (byte) 0x80; // frame marker 2, profile 0, show_existing 0, frame_type 0 (key)
        Vp9Packetizer p = new Vp9Packetizer(1200, 100);
        List<byte[]> payloads = PayloadFormatTest.packetize(p, key);
        assertThat(Vp9Packetizer.isKeyFrame(key, 0, key.length)).isTrue();
        assertThat(payloads).allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(1200));
        Vp9Depacketizer d = new Vp9Depacketizer();
        byte[] first = payloads.get(0);
        assertThat(first[0] & 0xFF).isEqualTo(0x8A); // I, B, V
        assertThat(payloads.get(payloads.size() - 1)[0] & 0x04).isEqualTo(0x04); // E
        assertThat(d.isFrameStart(first, 0, first.length)).isTrue();
        assertThat(d.isKeyframe(first, 0, first.length)).isTrue();
        assertThat(Vp9Depacketizer.pictureId(first, 0, first.length)).isEqualTo(100);
        assertThat(PayloadFormatTest.depacketize(d, payloads)).isEqualTo(key);
        byte[] delta = PayloadFormatTest.random(3000, 2);
        delta[0] = (byte) 0x84; // frame_type 1
        List<byte[]> next = PayloadFormatTest.packetize(p, delta);
        assertThat(d.isKeyframe(next.get(0), 0, next.get(0).length)).isFalse();
        assertThat(Vp9Depacketizer.pictureId(next.get(0), 0, next.get(0).length)).isEqualTo(101);
        assertThat(PayloadFormatTest.depacketize(d, next)).isEqualTo(delta);
    }

    @Test
    void vp9DescriptorsFromRfc9628Layouts() throws RtpException {
        Vp9Depacketizer d = new Vp9Depacketizer();
        // flexible mode: I (7-bit), P, L (1 byte), two reference indices (N on the first), B, E
        byte[] flexible = Hex.bytes("fc 05 02 03 04 aa");
        assertThat(PayloadFormatTest.depacketize(d, List.of(flexible))).isEqualTo(Hex.bytes("aa"));
        // non-flexible with layer indices (spatial id 1) and TL0PICIDX: B but not a frame start
        byte[] layered = Hex.bytes("a8 02 42 07 bb");
        assertThat(d.isFrameStart(layered, 0, layered.length)).isFalse();
        assertThat(PayloadFormatTest.depacketize(d, List.of(layered))).isEqualTo(Hex.bytes("bb"));
        // scalability structure: 2 spatial layers with resolutions, a picture group of 1 entry with 1 reference
        byte[] ss = Hex.bytes("0a 38 02 80 01 e0 05 00 02 d0 01 04 01 cc");
        assertThat(PayloadFormatTest.depacketize(d, List.of(ss))).isEqualTo(Hex.bytes("cc"));
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("d0 03 03 03 03 aa"), 0, 6, new byte[9], 0))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.BAD_VALUE));
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("0a 30 02 80"), 0, 4, new byte[9], 0))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.TRUNCATED));
    }

    static byte[] obu(int type, int ext, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(type << 3 | (ext >= 0 ? 0x04 : 0) | 0x02);
        if (ext >= 0) {
            o.write(ext);
        }
        byte[] leb = new byte[8];
        o.write(leb, 0, Av1Packetizer.writeLeb(leb, 0, payload.length));
        o.writeBytes(payload);
        return o.toByteArray();
    }

    /** (type, extension, payload) of each OBU of a low-overhead temporal unit. */
    static List<String> obus(byte[] tu) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < tu.length) {
            int h = tu[i] & 0xFF;
            int hl = (h & 0x04) != 0 ? 2 : 1;
            long leb = Av1Packetizer.leb128(tu, i + hl, tu.length);
            int p = i + hl + (int) (leb & 0xFF);
            int size = (int) (leb >>> 8);
            assertThat((h & 0x02)).isEqualTo(2);
            out.add((h >>> 3 & 15) + "/" + (hl == 2 ? tu[i + 1] : "-") + "/" + Hex.hex(tu, p, size));
            i = p + size;
        }
        assertThat(i).isEqualTo(tu.length);
        return out;
    }

    @Test
    void av1TemporalUnitRoundTrip() throws RtpException {
        byte[] td = obu(Av1Packetizer.OBU_TEMPORAL_DELIMITER, -1, new byte[0]);
        byte[] seq = obu(Av1Packetizer.OBU_SEQUENCE_HEADER, -1, PayloadFormatTest.random(12, 1));
        byte[] frame = obu(6, 0x28, PayloadFormatTest.random(100 * 1024, 2));
        byte[] meta = obu(5, -1, PayloadFormatTest.random(300, 3));
        ByteArrayOutputStream tu = new ByteArrayOutputStream();
        tu.writeBytes(td);
        tu.writeBytes(seq);
        tu.writeBytes(frame);
        tu.writeBytes(meta);
        List<byte[]> payloads = PayloadFormatTest.packetize(new Av1Packetizer(), tu.toByteArray());
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (byte[] p : payloads) {
            max = Math.max(max, p.length);
            min = Math.min(min, p.length);
        }
        assertThat(max).isLessThanOrEqualTo(1200);
        assertThat(max - min).as("sizes %d ~ %d", min, max).isLessThan(8);
        assertThat(payloads.get(0)[0] & 0x08).isEqualTo(0x08); // N
        assertThat(payloads.get(1)[0] & 0xC0).isEqualTo(0xC0); // Z and Y in the middle
        Av1Depacketizer d = new Av1Depacketizer();
        assertThat(d.isKeyframe(payloads.get(0), 0, payloads.get(0).length)).isTrue();
        byte[] out = PayloadFormatTest.depacketize(d, payloads);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(seq);
        expected.writeBytes(frame);
        expected.writeBytes(meta);
        assertThat(obus(out)).isEqualTo(obus(expected.toByteArray()));
    }

    @Test
    void av1AggregatesWithWAndRejectsBadElements() throws RtpException {
        Av1Depacketizer d = new Av1Depacketizer();
        // W=2: a length-prefixed OBU (type 3 frame header), then one to the end (type 4 tile group)
        byte[] p = Hex.bytes("20 03 18 aa bb 20 cc dd ee");
        assertThat(Hex.hex(PayloadFormatTest.depacketize(d, List.of(p)))).isEqualTo("1a02aabb" + "2203ccddee");
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("00 05 18 aa"), 0, 4, new byte[64], 0))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.BAD_LENGTH));
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("80 02 18 aa"), 0, 4, new byte[64], 0)) // Z without a fragment
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.BAD_VALUE));
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("00 02 98 aa"), 0, 4, new byte[64], 0)) // forbidden bit
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.BAD_VALUE));
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("30 01 18"), 0, 3, new byte[64], 0)) // W=3 with one element
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.BAD_LENGTH));
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("00 00"), 0, 2, new byte[64], 0))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.BAD_LENGTH));
    }
}
