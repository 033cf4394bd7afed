package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Temporal layers in the VP8 (RFC 7741 §4.2) and VP9 (RFC 9628 §4.2, non-flexible mode) payload
 * descriptors: the bytes the packetizers write, what the depacketizers' accessors read back, a
 * forwarder that drops upper layers, and hostile descriptors.
 */
class TemporalLayerTest {
    /** libvpx's 3-layer pattern (period 4); a key frame restarts it. */
    private static final int[] PERIOD_4 = {0, 2, 1, 2};

    /** A stored, reusable depacketizer call for the hostile-input checks. */
    @FunctionalInterface
    interface Read {
        Object apply(byte[] b, int off, int len) throws RtpException;
    }

    /** A packetizer's layered {@code begin}, which VP8 and VP9 declare each on its own. */
    @FunctionalInterface
    interface LayeredBegin {
        void begin(Packetizer p, byte[] frame, int temporalLayer, boolean sync);
    }

    /** A packetizer constructor with both counters' first values. */
    @FunctionalInterface
    interface PacketizerFactory {
        Packetizer create(int maxPayload, int firstPictureId, int firstTl0PicIdx);
    }

    /** The two payload formats with temporal layers, behind one face so that each test runs on both. */
    enum Format {
        VP8(3, Vp8Packetizer::new, (p, f, t, s) -> ((Vp8Packetizer) p).begin(f, 0, f.length, t, s), Vp8Depacketizer::new,
                // the P bit of the VP8 payload header (RFC 6386 §9.1)
                (f, key) -> f[0] = (byte) (key ? f[0] & ~1 : f[0] | 1),
                Vp8Depacketizer::temporalLayer, Vp8Depacketizer::tl0PicIdx, Vp8Depacketizer::layerSync, Vp8Depacketizer::pictureId),
        VP9(7, Vp9Packetizer::new, (p, f, t, s) -> ((Vp9Packetizer) p).begin(f, 0, f.length, t, s), Vp9Depacketizer::new,
                // frame marker 2, profile 0, frame_type (VP9 bitstream specification §6.2)
                (f, key) -> f[0] = (byte) (key ? 0x80 : 0x84),
                Vp9Depacketizer::temporalLayer, Vp9Depacketizer::tl0PicIdx, Vp9Depacketizer::layerSync, Vp9Depacketizer::pictureId);

        final int maxTemporalLayer;
        private final PacketizerFactory packetizer;
        private final LayeredBegin begin;
        private final Supplier<Depacketizer> depacketizer;
        private final BiConsumer<byte[], Boolean> markKey;
        private final Read temporalLayer;
        private final Read tl0PicIdx;
        private final Read layerSync;
        private final Read pictureId;

        Format(int maxTemporalLayer, PacketizerFactory packetizer, LayeredBegin begin, Supplier<Depacketizer> depacketizer,
               BiConsumer<byte[], Boolean> markKey, Read temporalLayer, Read tl0PicIdx, Read layerSync, Read pictureId) {
            this.maxTemporalLayer = maxTemporalLayer;
            this.packetizer = packetizer;
            this.begin = begin;
            this.depacketizer = depacketizer;
            this.markKey = markKey;
            this.temporalLayer = temporalLayer;
            this.tl0PicIdx = tl0PicIdx;
            this.layerSync = layerSync;
            this.pictureId = pictureId;
        }

        Packetizer packetizer(int maxPayload, int firstPictureId, int firstTl0PicIdx) {
            return packetizer.create(maxPayload, firstPictureId, firstTl0PicIdx);
        }

        void begin(Packetizer p, byte[] frame, int temporalLayer, boolean sync) {
            begin.begin(p, frame, temporalLayer, sync);
        }

        Depacketizer depacketizer() {
            return depacketizer.get();
        }

        int temporalLayer(byte[] b, int off, int len) throws RtpException {
            return (Integer) temporalLayer.apply(b, off, len);
        }

        int tl0PicIdx(byte[] b, int off, int len) throws RtpException {
            return (Integer) tl0PicIdx.apply(b, off, len);
        }

        boolean layerSync(byte[] b, int off, int len) throws RtpException {
            return (Boolean) layerSync.apply(b, off, len);
        }

        int pictureId(byte[] b, int off, int len) throws RtpException {
            return (Integer) pictureId.apply(b, off, len);
        }

        byte[] frame(int len, long seed, boolean key) {
            byte[] b = PayloadFormatTest.random(len, seed);
            markKey.accept(b, key);
            return b;
        }

        List<byte[]> packetize(Packetizer p, byte[] frame, int temporalLayer, boolean sync) {
            begin(p, frame, temporalLayer, sync);
            return PayloadFormatTest.drain(p);
        }

        /** Every accessor and every depacketizer call, for the hostile-input checks. */
        List<Read> reads() {
            Depacketizer d = depacketizer();
            byte[] out = new byte[2048];
            return List.of(temporalLayer, tl0PicIdx, layerSync, pictureId, d::isFrameStart,
                    d::isKeyframe, (b, o, l) -> d.depacketize(b, o, l, out, 0));
        }

        /** "TID@TL0PICIDX", with "y" when the sync (VP8 Y, VP9 U) bit is set. */
        String layers(byte[] payload) throws RtpException {
            int n = payload.length;
            return temporalLayer(payload, 0, n) + "@" + tl0PicIdx(payload, 0, n) + (layerSync(payload, 0, n) ? "y" : "");
        }
    }

    // RFC 7741 §4.2: |X|R|N|S|R| PID |, |I|L|T|K| RSV |, |M| PictureID (15 bits) |, | TL0PICIDX |, |TID|Y| KEYIDX |.
    // The frame follows a TID 0 frame (picture id 0x1234, TL0PICIDX 0x56): picture id 0x1235, and TL0PICIDX 0x57
    // when its own TID is 0. 3 bytes in payloads of at most 8: [aa] and [bb cc] after 6-byte descriptors.
    @ParameterizedTest
    @CsvSource({
        "0, false, 90 e0 92 35 57 00 aa, 80 e0 92 35 57 00 bb cc",
        "0, true,  90 e0 92 35 57 20 aa, 80 e0 92 35 57 20 bb cc",
        "1, false, 90 e0 92 35 56 40 aa, 80 e0 92 35 56 40 bb cc",
        "1, true,  90 e0 92 35 56 60 aa, 80 e0 92 35 56 60 bb cc",
        "2, false, 90 e0 92 35 56 80 aa, 80 e0 92 35 56 80 bb cc",
        "2, true,  90 e0 92 35 56 a0 aa, 80 e0 92 35 56 a0 bb cc",
        "3, false, 90 e0 92 35 56 c0 aa, 80 e0 92 35 56 c0 bb cc",
        "3, true,  90 e0 92 35 56 e0 aa, 80 e0 92 35 56 e0 bb cc",
    })
    void vp8LayeredDescriptorBytesFollowRfc7741(int tid, boolean sync, String first, String second) throws RtpException {
        Vp8Packetizer p = new Vp8Packetizer(8, 0x1234, 0x56);
        assertThat(hex(Format.VP8.packetize(p, Hex.bytes("01"), 0, false))).containsExactly("90e09234560001");
        List<byte[]> payloads = Format.VP8.packetize(p, Hex.bytes("aa bb cc"), tid, sync);
        assertThat(hex(payloads)).containsExactly(hex(first), hex(second));
        int tl0 = tid == 0 ? 0x57 : 0x56;
        assertThat(p.tl0PicIdx()).isEqualTo(tl0);
        assertEveryPacket(Format.VP8, payloads, tid + "@" + tl0 + (sync ? "y" : ""), 0x1235);
        // a single-layer frame after it keeps today's 4-byte descriptor (X, I) and leaves TL0PICIDX alone
        assertThat(hex(PayloadFormatTest.packetize(p, Hex.bytes("dd ee")))).containsExactly("90809236ddee");
        assertThat(p.tl0PicIdx()).isEqualTo(tl0);
    }

    @Test
    void vp8SingleLayerBytesAreUnchangedAndAccessorsReadRfc7741Layouts() throws RtpException {
        assertThat(hex(PayloadFormatTest.packetize(new Vp8Packetizer(8, 0x1234), Hex.bytes("aa bb cc"))))
                .containsExactly("90809234aabbcc");
        assertThat(hex(PayloadFormatTest.packetize(new Vp8Packetizer(), Hex.bytes("aa")))).containsExactly("90808000aa");
        // RFC 7741 §4.2 layouts: "TID@TL0PICIDX" (-1 when absent), "y" for Y
        assertThat(Format.VP8.layers(Hex.bytes("10 aa"))).isEqualTo("-1@-1"); // no X
        assertThat(Format.VP8.layers(Hex.bytes("90 f0 11 22 c5 cc"))).isEqualTo("3@34"); // 7-bit I, L, T, K (KEYIDX 5)
        assertThat(Format.VP8.layers(Hex.bytes("90 d0 11 22 e5 cc"))).isEqualTo("-1@34"); // K without T: TID and Y ignored
        assertThat(Format.VP8.layers(Hex.bytes("90 60 22 60 cc"))).isEqualTo("1@34y"); // L and T without I
        assertThat(Format.VP8.layers(Hex.bytes("90 a0 81 02 a0 cc"))).isEqualTo("2@-1y"); // 15-bit I, T without L
        assertThat(Format.VP8.layers(Hex.bytes("90 c0 81 02 22 cc"))).isEqualTo("-1@34"); // L without T (tolerated)
        assertThat(PayloadFormatTest.depacketize(new Vp8Depacketizer(), List.of(Hex.bytes("90 e0 81 02 22 60 cc dd"))))
                .isEqualTo(Hex.bytes("cc dd"));
    }

    // RFC 9628 §4.2: |I|P|L|F|B|E|V|Z|, |M| PICTURE ID (15 bits) |, | TID |U| SID |D|, | TL0PICIDX |, then the SS
    // (|N_S|Y|G|-|-|-|, here 00: one spatial layer) on a key frame's first packet. The frame follows a TID 0 key
    // frame (picture id 0x1234, TL0PICIDX 0x56): an inter-predicted frame (P), picture id 0x1235, TL0PICIDX 0x57 when
    // its TID is 0. 5 bytes in payloads of at most 10: [84 bb] and [cc dd ee].
    @ParameterizedTest
    @CsvSource({
        "0, false, e8 92 35 00 57 84 bb, e4 92 35 00 57 cc dd ee",
        "0, true,  e8 92 35 10 57 84 bb, e4 92 35 10 57 cc dd ee",
        "1, false, e8 92 35 20 56 84 bb, e4 92 35 20 56 cc dd ee",
        "1, true,  e8 92 35 30 56 84 bb, e4 92 35 30 56 cc dd ee",
        "2, false, e8 92 35 40 56 84 bb, e4 92 35 40 56 cc dd ee",
        "2, true,  e8 92 35 50 56 84 bb, e4 92 35 50 56 cc dd ee",
        "7, false, e8 92 35 e0 56 84 bb, e4 92 35 e0 56 cc dd ee",
        "7, true,  e8 92 35 f0 56 84 bb, e4 92 35 f0 56 cc dd ee",
    })
    void vp9LayeredDescriptorBytesFollowRfc9628(int tid, boolean switchingUp, String first, String second) throws RtpException {
        Vp9Packetizer p = new Vp9Packetizer(10, 0x1234, 0x56);
        // the key frame: I, L, B, V on the first packet with the SS byte; I, L, E on the last
        assertThat(hex(Format.VP9.packetize(p, Hex.bytes("80 11 22 33 44"), 0, false)))
                .containsExactly("aa923400560080" + "11", "a49234005622" + "3344");
        List<byte[]> payloads = Format.VP9.packetize(p, Hex.bytes("84 bb cc dd ee"), tid, switchingUp);
        assertThat(hex(payloads)).containsExactly(hex(first), hex(second));
        int tl0 = tid == 0 ? 0x57 : 0x56;
        assertThat(p.tl0PicIdx()).isEqualTo(tl0);
        assertEveryPacket(Format.VP9, payloads, tid + "@" + tl0 + (switchingUp ? "y" : ""), 0x1235);
        // a single-layer frame after it keeps today's 3-byte descriptor (I, P, B, E; no L)
        assertThat(hex(PayloadFormatTest.packetize(p, Hex.bytes("84 dd")))).containsExactly("cc923684dd");
    }

    @Test
    void vp9SingleLayerBytesAreUnchangedAndAccessorsReadRfc9628Layouts() throws RtpException {
        // a key frame in one packet: I, B, E, V and the SS byte, as before layers existed
        assertThat(hex(PayloadFormatTest.packetize(new Vp9Packetizer(10, 0x1234), Hex.bytes("80 11 22 33 44"))))
                .containsExactly("8e9234008011223344");
        assertThat(Format.VP9.layers(Hex.bytes("88 05 aa"))).isEqualTo("-1@-1"); // no L
        assertThat(Format.VP9.layers(Hex.bytes("a8 02 42 07 bb"))).isEqualTo("2@7"); // non-flexible, SID 1
        assertThat(Format.VP9.layers(Hex.bytes("28 f0 ff bb"))).isEqualTo("7@255y"); // L without I
        assertThat(Format.VP9.layers(Hex.bytes("b8 05 50 aa"))).isEqualTo("2@-1y"); // flexible: no TL0PICIDX
        assertThat(Format.VP9.layers(Hex.bytes("aa 92 34 20 09 00 80"))).isEqualTo("1@9"); // with the SS after it
        assertThat(PayloadFormatTest.depacketize(new Vp9Depacketizer(), List.of(Hex.bytes("aa 92 34 20 09 00 80 11"))))
                .isEqualTo(Hex.bytes("80 11"));
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void layeredFramesOfOneByteTo100KiBRoundTrip(Format f) throws RtpException {
        Packetizer p = f.packetizer(1200, 32760, 0);
        Depacketizer d = f.depacketizer();
        byte[] scratch = new byte[1200];
        int[] sizes = {1, 2, 3, 1193, 1194, 1195, 2388, 2389, 10_000, 65_536, 100 * 1024, 1, 77_777};
        for (int i = 0; i < sizes.length; i++) {
            int tid = PERIOD_4[i % 4];
            boolean sync = i % 4 == 1;
            byte[] frame = f.frame(sizes[i], i, i == 0);
            List<byte[]> payloads = f.packetize(p, frame, tid, sync);
            // 1200 less a 6-byte descriptor (VP9: 5 bytes and the SS byte a key frame's first packet carries)
            assertThat(payloads).as("frame %d of %d bytes", i, frame.length).hasSize(Packetizer.parts(frame.length, 1194));
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (byte[] b : payloads) {
                assertThat(b.length).isLessThanOrEqualTo(1200);
                assertThat(f.layers(b)).isEqualTo(tid + "@" + i / 4 + (sync ? "y" : ""));
                assertThat(f.pictureId(b, 0, b.length)).isEqualTo((32760 + i) & 0x7FFF);
                int n = d.depacketize(b, 0, b.length, scratch, 0);
                min = Math.min(min, n);
                max = Math.max(max, n);
            }
            assertThat(max - min).as("slices %d ~ %d", min, max).isLessThanOrEqualTo(1);
            assertThat(d.isFrameStart(payloads.get(0), 0, payloads.get(0).length)).isTrue();
            assertThat(d.isKeyframe(payloads.get(0), 0, payloads.get(0).length)).isEqualTo(i == 0);
            assertThat(PayloadFormatTest.depacketize(d, payloads)).isEqualTo(frame);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void tl0PicIdxWrapsAt256AndCountsOnlyTid0Frames(Format f) throws RtpException {
        Packetizer p = f.packetizer(1200, 0, 250);
        StringJoiner seen = new StringJoiner(" ");
        int last = -1;
        for (int i = 0; i < 40; i++) {
            int tid = PERIOD_4[i % 4];
            byte[] b = f.packetize(p, f.frame(20, i, i == 0), tid, false).get(0);
            int tl0 = f.tl0PicIdx(b, 0, b.length);
            assertThat(tl0).as("frame %d", i).isEqualTo((250 + i / 4) & 0xFF);
            if (tl0 != last) {
                assertThat(tid).as("frame %d changed TL0PICIDX", i).isZero();
                seen.add(Integer.toString(tl0));
                last = tl0;
            }
        }
        assertThat(seen.toString()).isEqualTo("250 251 252 253 254 255 0 1 2 3");
        // a single-layer frame carries none and counts for nothing
        byte[] single = PayloadFormatTest.packetize(p, f.frame(20, 99, false)).get(0);
        assertThat(f.layers(single)).isEqualTo("-1@-1");
        assertThat(f.layers(f.packetize(p, f.frame(20, 100, false), 2, false).get(0))).isEqualTo("2@3");
        assertThat(f.layers(f.packetize(p, f.frame(20, 101, false), 0, false).get(0))).isEqualTo("0@4");
    }

    /** "TID@TL0PICIDX[y]" of 12 frames of the period-4 pattern, every packet of a frame agreeing. */
    private static String pattern(Format f, int forcedKeyAt) throws RtpException {
        Packetizer p = f.packetizer(1200, 0, 0);
        StringJoiner out = new StringJoiner(" ");
        int sinceKey = 0;
        for (int i = 0; i < 12; i++) {
            if (i == 0 || i == forcedKeyAt) {
                sinceKey = 0;
            }
            int tid = PERIOD_4[sinceKey % 4];
            // the first two upper-layer frames after a key frame refer to the key frame only
            boolean sync = sinceKey == 1 || sinceKey == 2;
            List<byte[]> payloads = f.packetize(p, f.frame(2500, i, sinceKey == 0), tid, sync);
            assertThat(payloads).hasSize(3);
            String first = f.layers(payloads.get(0));
            for (byte[] b : payloads) {
                assertThat(f.layers(b)).isEqualTo(first);
            }
            out.add(first);
            sinceKey++;
        }
        return out.toString();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void periodFourPatternOverTwelveFramesGivesTidAndTl0PicIdx(Format f) throws RtpException {
        assertThat(pattern(f, -1)).isEqualTo("0@0 2@0y 1@0y 2@0 0@1 2@1 1@1 2@1 0@2 2@2 1@2 2@2");
        // a key frame forced at frame 6 restarts the pattern; TL0PICIDX keeps counting
        assertThat(pattern(f, 6)).isEqualTo("0@0 2@0y 1@0y 2@0 0@1 2@1 0@2 2@2y 1@2y 2@2 0@3 2@3");
    }

    /**
     * A forwarder (an SFU) between a sender and a {@link ReceiveStream}: it drops every packet whose TID is above
     * 0 and renumbers the rest so the receiver sees no gap, as SFUs do. Every TID 0 frame must come out whole.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void forwarderDroppingUpperLayersStillDeliversEveryTid0Frame(Format f) throws RtpException {
        Packetizer p = f.packetizer(1200, 100, 7);
        ReceiveStream rx = new ReceiveStream(ReceiveStream.Config.video(StreamPair.MEDIA_SSRC, StreamPair.RECEIVER_SSRC,
                StreamPair.RTX_SSRC, 97, f.depacketizer()).withDelay(Duration.ZERO, Duration.ZERO).withNack(false, 0, 0));
        RtpWriter w = new RtpWriter();
        RtpPacket view = new RtpPacket();
        byte[] payload = new byte[1200];
        byte[] buf = new byte[1300];
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        int seq = 0;
        int forwardedSeq = 500;
        int dropped = 0;
        List<byte[]> expected = new ArrayList<>();
        List<byte[]> received = new ArrayList<>();
        List<Integer> tl0s = new ArrayList<>();
        int sinceKey = 0;
        for (int i = 0; i < 40; i++) {
            if (i == 20) {
                sinceKey = 0; // a forced key frame
            }
            int tid = PERIOD_4[sinceKey % 4];
            byte[] frame = f.frame(1500 + 401 * i, i, sinceKey == 0);
            if (tid == 0) {
                expected.add(frame);
            }
            f.begin(p, frame, tid, false);
            while (p.hasNext()) {
                int n = p.next(payload, 0);
                int len = w.begin(buf, 0, 96, seq++ & 0xFFFF, 3000L * i, StreamPair.MEDIA_SSRC).marker(!p.hasNext())
                        .payload(payload, 0, n).finish();
                // the forwarder: reads the descriptor in place, drops upper layers, renumbers the rest
                view.wrap(buf, 0, len);
                if (f.temporalLayer(buf, view.payloadOffset(), view.payloadLength()) > 0) {
                    dropped++;
                    continue;
                }
                tl0s.add(f.tl0PicIdx(buf, view.payloadOffset(), view.payloadLength()));
                view.setSequenceNumber(forwardedSeq++ & 0xFFFF);
                rx.handleRtp(now, buf, 0, len);
            }
            now = now.plusMillis(33);
            rx.handleTimeout(now);
            EncodedFrame out;
            while ((out = rx.pollFrame().orElse(null)) != null) {
                received.add(out.data());
            }
            sinceKey++;
        }
        assertThat(dropped).isPositive();
        assertThat(received).as("%s", rx.stats()).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            assertThat(received.get(k)).as("TID 0 frame %d", k).isEqualTo(expected.get(k));
        }
        // TL0PICIDX steps by one from one forwarded frame to the next: the receiver can tell none is missing
        assertThat(tl0s.stream().distinct()).containsExactly(7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyCutOfALayeredDescriptorIsTruncated(Format f) throws RtpException {
        Packetizer p = f.packetizer(1200, 0x1234, 9);
        List<byte[]> payloads = f.packetize(p, f.frame(3000, 1, true), 0, true);
        byte[] scratch = new byte[1200];
        // the first packet (VP9: with the SS byte) and a middle one
        for (byte[] full : List.of(payloads.get(0), payloads.get(1))) {
            int descriptor = full.length - f.depacketizer().depacketize(full, 0, full.length, scratch, 0);
            // the packet at an offset, so the bytes past every cut are the real ones: only len may stop a read
            byte[] at3 = new byte[full.length + 3];
            System.arraycopy(full, 0, at3, 3, full.length);
            for (int cut = 0; cut <= descriptor; cut++) {
                int len = cut;
                for (Read r : f.reads()) {
                    assertThatThrownBy(() -> r.apply(at3, 3, len)).as("cut at %d of %s", len, Hex.hex(full, 0, descriptor))
                            .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.TRUNCATED));
                }
            }
            for (Read r : f.reads()) {
                r.apply(at3, 3, descriptor + 1);
            }
            assertThat(f.layers(java.util.Arrays.copyOf(full, descriptor + 1))).isEqualTo("0@9y");
        }
    }

    private static void assertTruncated(Format f, String hex) {
        byte[] b = Hex.bytes(hex);
        for (Read r : f.reads()) {
            assertThatThrownBy(() -> r.apply(b, 0, b.length)).as("%s %s", f, hex)
                    .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.TRUNCATED));
        }
    }

    @Test
    void layerBitsWithTheirBytesMissingAreTruncated() {
        assertTruncated(Format.VP8, "90 e0 92 34"); // I, L, T: TL0PICIDX and TID/Y/KEYIDX missing
        assertTruncated(Format.VP8, "90 e0 92 34 56"); // TID/Y/KEYIDX missing
        assertTruncated(Format.VP8, "90 e0 92 34 56 40"); // all there, no frame data
        assertTruncated(Format.VP8, "90 60 56"); // L, T without I: TID/Y/KEYIDX missing
        assertTruncated(Format.VP8, "90 40"); // L: TL0PICIDX missing
        assertTruncated(Format.VP8, "90 20"); // T: TID/Y/KEYIDX missing
        assertTruncated(Format.VP8, "90 10"); // K: TID/Y/KEYIDX missing
        assertTruncated(Format.VP9, "a8 92 34"); // I, L: layer indices missing
        assertTruncated(Format.VP9, "a8 92 34 40"); // TL0PICIDX missing
        assertTruncated(Format.VP9, "a8 92 34 40 07"); // all there, no frame data
        assertTruncated(Format.VP9, "28"); // L without I: layer indices missing
        assertTruncated(Format.VP9, "28 40"); // TL0PICIDX missing
        assertTruncated(Format.VP9, "b8 05"); // flexible, L: layer indices missing
        assertTruncated(Format.VP9, "aa 92 34 40 07"); // V: the SS missing after the layer bytes
    }

    /**
     * Every first byte and every high nibble of the second (the bits that shape both descriptors: VP8's X and
     * I|L|T|K, VP9's flags and M), at every length up to 8, with seeded random bytes after: every call either
     * answers in range or throws {@link RtpException}, and all calls agree on which.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void everyLeadingFlagCombinationFailsOnlyWithRtpException(Format f) {
        SplittableRandom random = new SplittableRandom(7);
        List<Read> reads = f.reads();
        byte[] b = new byte[12];
        int parsed = 0;
        for (int lead = 0; lead < 0x1000; lead++) {
            random.nextBytes(b);
            b[2] = (byte) (lead >>> 4);
            b[3] = (byte) (lead << 4 | b[3] & 0x0F);
            for (int len = 0; len <= 8; len++) {
                boolean ok;
                try {
                    int tid = f.temporalLayer(b, 2, len);
                    int tl0 = f.tl0PicIdx(b, 2, len);
                    boolean sync = f.layerSync(b, 2, len);
                    if (tid < -1 || tid > f.maxTemporalLayer || tl0 < -1 || tl0 > 255 || sync && tid < 0) {
                        throw new AssertionError("TID " + tid + ", TL0PICIDX " + tl0 + ", sync " + sync + " from " + Hex.hex(b, 2, len));
                    }
                    ok = true;
                    parsed++;
                } catch (RtpException e) {
                    ok = false;
                }
                assertCallsAgree(reads, b, 2, len, ok);
            }
        }
        assertThat(parsed).isPositive();
    }

    /** Every call answers when {@code ok}, and throws {@link RtpException} otherwise. */
    static void assertCallsAgree(List<Read> reads, byte[] b, int off, int len, boolean ok) {
        for (Read r : reads) {
            boolean answered;
            try {
                r.apply(b, off, len);
                answered = true;
            } catch (RtpException e) {
                answered = false;
            }
            if (answered != ok) {
                throw new AssertionError("calls disagree on " + Hex.hex(b, off, len));
            }
        }
    }

    /** Each payload's "TID@TL0PICIDX[y]" and picture id, read back by the depacketizer's accessors. */
    private static void assertEveryPacket(Format f, List<byte[]> payloads, String layers, int pictureId) throws RtpException {
        for (byte[] b : payloads) {
            assertThat(f.layers(b)).isEqualTo(layers);
            assertThat(f.pictureId(b, 0, b.length)).isEqualTo(pictureId);
        }
    }

    private static List<String> hex(List<byte[]> payloads) {
        return payloads.stream().map(Hex::hex).toList();
    }

    private static String hex(String spaced) {
        return Hex.hex(Hex.bytes(spaced));
    }
}
