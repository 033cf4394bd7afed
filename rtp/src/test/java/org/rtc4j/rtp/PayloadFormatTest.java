package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadFormatTest {
    static List<byte[]> packetize(Packetizer p, byte[] frame) {
        p.begin(frame, 0, frame.length);
        return drain(p);
    }

    /** The payloads of the frame a packetizer has begun, each a copy. */
    static List<byte[]> drain(Packetizer p) {
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[p.maxPayload() + 16];
        while (p.hasNext()) {
            int n = p.next(buf, 5);
            out.add(Arrays.copyOfRange(buf, 5, 5 + n));
        }
        return out;
    }

    static byte[] depacketize(Depacketizer d, List<byte[]> payloads) throws RtpException {
        byte[] out = new byte[1 << 20];
        int n = 0;
        d.beginFrame();
        for (byte[] p : payloads) {
            n += d.depacketize(p, 0, p.length, out, n);
        }
        return Arrays.copyOf(out, n);
    }

    static byte[] random(int len, long seed) {
        byte[] b = new byte[len];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void vp8SplitsEvenlyAndReassembles() throws RtpException {
        byte[] frame = random(100 * 1024, 1);
        frame[0] = (byte) (frame[0] & ~1); // P=0: a key frame (RFC 6386 §9.1)
        Vp8Packetizer p = new Vp8Packetizer(1200, 32766);
        List<byte[]> payloads = packetize(p, frame);
        assertThat(payloads).hasSize((frame.length + 1195) / 1196);
        int min = payloads.stream().mapToInt(b -> b.length).min().orElseThrow();
        int max = payloads.stream().mapToInt(b -> b.length).max().orElseThrow();
        assertThat(max).isLessThanOrEqualTo(1200);
        assertThat(max - min).isLessThanOrEqualTo(1);
        Vp8Depacketizer d = new Vp8Depacketizer();
        assertThat(d.isFrameStart(payloads.get(0), 0, payloads.get(0).length)).isTrue();
        assertThat(d.isKeyframe(payloads.get(0), 0, payloads.get(0).length)).isTrue();
        assertThat(d.isFrameStart(payloads.get(1), 0, payloads.get(1).length)).isFalse();
        assertThat(Vp8Depacketizer.pictureId(payloads.get(3), 0, payloads.get(3).length)).isEqualTo(32766);
        assertThat(depacketize(d, payloads)).isEqualTo(frame);
        // next frame: picture id wraps at 15 bits; a delta frame (P=1)
        byte[] delta = {1, 2, 3};
        List<byte[]> next = packetize(p, delta);
        assertThat(Vp8Depacketizer.pictureId(next.get(0), 0, next.get(0).length)).isEqualTo(32767);
        assertThat(d.isKeyframe(next.get(0), 0, next.get(0).length)).isFalse();
        assertThat(Vp8Depacketizer.pictureId(packetize(p, delta).get(0), 0, 7)).isZero();
    }

    @Test
    void vp8DescriptorVariantsFromRfc7741() throws RtpException {
        Vp8Depacketizer d = new Vp8Depacketizer();
        // minimal descriptor: S=1, no X
        assertThat(depacketize(d, List.of(Hex.bytes("10 aa bb")))).isEqualTo(Hex.bytes("aa bb"));
        // X, I with 7-bit picture id, L, T and K: 5 bytes of descriptor (RFC 7741 §4.2)
        byte[] p = Hex.bytes("90 f0 11 22 33 cc");
        assertThat(Vp8Depacketizer.pictureId(p, 0, p.length)).isEqualTo(0x11);
        assertThat(depacketize(d, List.of(p))).isEqualTo(Hex.bytes("cc"));
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("90 80 80"), 0, 3, new byte[10], 0))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.TRUNCATED));
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("90"), 0, 1, new byte[10], 0)).isInstanceOf(RtpException.class);
        assertThatThrownBy(() -> d.depacketize(Hex.bytes("10 aa bb"), 0, 3, new byte[1], 0))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.TOO_LARGE));
    }

    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    static byte[] nal(int header, int len, long seed) {
        byte[] b = random(len, seed);
        b[0] = (byte) header;
        b[len - 1] = (byte) (b[len - 1] | 1); // no trailing zero byte
        return b;
    }

    @Test
    void h264AggregatesSmallNalsAndFragmentsLargeOnes() throws RtpException {
        byte[] sps = nal(0x67, 20, 1);
        byte[] pps = nal(0x68, 6, 2);
        byte[] idr = nal(0x65, 100 * 1024, 3);
        byte[] sei = nal(0x06, 30, 4);
        byte[] frame = annexB(sps, pps, idr, sei);
        List<byte[]> payloads = packetize(new H264Packetizer(), frame);
        // STAP-A(SPS, PPS), then FU-A fragments of the IDR, then the SEI alone
        assertThat(payloads.get(0)[0] & 0x1F).isEqualTo(24);
        assertThat(payloads.get(0)).hasSize(1 + 2 + 20 + 2 + 6);
        assertThat(payloads.get(0)[0] & 0x60).isEqualTo(0x60);
        int fragments = (idr.length - 1 + 1197) / 1198;
        assertThat(payloads).hasSize(1 + fragments + 1);
        assertThat(payloads.get(1)[1] & 0xFF).isEqualTo(0x85); // S, type 5
        assertThat(payloads.get(fragments)[1] & 0xFF).isEqualTo(0x45); // E, type 5
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 1; i <= fragments; i++) {
            assertThat(payloads.get(i)[0] & 0x1F).isEqualTo(28);
            min = Math.min(min, payloads.get(i).length);
            max = Math.max(max, payloads.get(i).length);
        }
        assertThat(max).isLessThanOrEqualTo(1200);
        assertThat(max - min).isLessThanOrEqualTo(1);
        H264Depacketizer d = new H264Depacketizer();
        assertThat(d.isKeyframe(payloads.get(1), 0, payloads.get(1).length)).isTrue();
        assertThat(d.isKeyframe(payloads.get(2), 0, payloads.get(2).length)).isFalse();
        assertThat(depacketize(d, payloads)).isEqualTo(frame);
    }

    @Test
    void h264ThreeByteStartCodesBecomeFourByteOnes() throws RtpException {
        byte[] a = nal(0x41, 50, 5);
        byte[] b = nal(0x41, 60, 6);
        byte[] frame = new byte[3 + 50 + 3 + 60];
        frame[2] = 1;
        System.arraycopy(a, 0, frame, 3, 50);
        frame[55] = 1;
        System.arraycopy(b, 0, frame, 56, 60);
        List<byte[]> payloads = packetize(new H264Packetizer(), frame);
        assertThat(payloads).hasSize(1);
        assertThat(depacketize(new H264Depacketizer(), payloads)).isEqualTo(annexB(a, b));
        List<byte[]> mode0 = packetize(new H264Packetizer(1200, 0), frame);
        assertThat(mode0).hasSize(2);
        assertThat(mode0.get(0)).isEqualTo(a);
        assertThatThrownBy(() -> new H264Packetizer(1200, 0).begin(annexB(nal(0x65, 1201, 7)), 0, 1205))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void h264InsertsTheLastParameterSetsBeforeABareIdr() throws RtpException {
        byte[] sps = nal(0x67, 20, 1);
        byte[] pps = nal(0x68, 6, 2);
        byte[] idr1 = nal(0x65, 3000, 3);
        byte[] idr2 = nal(0x65, 500, 4);
        H264Depacketizer d = new H264Depacketizer();
        assertThat(depacketize(d, packetize(new H264Packetizer(), annexB(sps, pps, idr1)))).isEqualTo(annexB(sps, pps, idr1));
        assertThat(depacketize(d, packetize(new H264Packetizer(), annexB(idr2)))).isEqualTo(annexB(sps, pps, idr2));
        assertThat(depacketize(d, packetize(new H264Packetizer(), annexB(nal(0x41, 9, 9))))).isEqualTo(annexB(nal(0x41, 9, 9)));
    }

    @Test
    void h264MalformedPayloads() {
        H264Depacketizer d = new H264Depacketizer();
        byte[] out = new byte[64];
        assertH264("", RtpException.Reason.TRUNCATED, d, out);
        assertH264("18 00 05 41 01", RtpException.Reason.BAD_LENGTH, d, out); // STAP-A unit longer than the packet
        assertH264("18 00 00", RtpException.Reason.BAD_LENGTH, d, out); // zero-length unit
        assertH264("18 00", RtpException.Reason.TRUNCATED, d, out);
        assertH264("1c 85", RtpException.Reason.TRUNCATED, d, out);
        assertH264("1c c5 01", RtpException.Reason.BAD_VALUE, d, out); // start and end
        assertH264("19 00 01 41", RtpException.Reason.BAD_VALUE, d, out); // STAP-B
        assertH264("1d 85 01", RtpException.Reason.BAD_VALUE, d, out); // FU-B
        assertH264("00 01", RtpException.Reason.BAD_VALUE, d, out); // type 0
        assertH264("1c 80 01", RtpException.Reason.BAD_VALUE, d, out); // FU-A of type 0
        byte[] big = new byte[100];
        big[0] = 0x41;
        assertThatThrownBy(() -> d.depacketize(big, 0, big.length, out, 0))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.TOO_LARGE));
    }

    private static void assertH264(String hex, RtpException.Reason reason, H264Depacketizer d, byte[] out) {
        byte[] p = Hex.bytes(hex);
        assertThatThrownBy(() -> d.depacketize(p, 0, p.length, out, 0))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void audioFormats() throws RtpException {
        byte[] opus = random(120, 8);
        List<byte[]> payloads = packetize(AudioPacketizer.opus(1200), opus);
        assertThat(payloads).containsExactly(opus);
        assertThat(depacketize(AudioDepacketizer.opus(), payloads)).isEqualTo(opus);
        assertThatThrownBy(() -> AudioPacketizer.opus(100).begin(opus, 0, opus.length)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AudioDepacketizer.opus().depacketize(new byte[0], 0, 0, new byte[4], 0)).isInstanceOf(RtpException.class);
        byte[] pcmu = random(2500, 9);
        List<byte[]> g711 = packetize(AudioPacketizer.g711(1200), pcmu);
        assertThat(g711).extracting(b -> b.length).containsExactly(833, 833, 834);
        assertThat(depacketize(AudioDepacketizer.g711(), g711)).isEqualTo(pcmu);
        assertThat(AudioDepacketizer.g711().isAudio()).isTrue();
    }
}
