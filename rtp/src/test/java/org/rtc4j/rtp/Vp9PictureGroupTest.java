package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtc4j.rtp.TemporalLayerTest.Read;

/**
 * The picture group (PG) of the VP9 scalability structure (RFC 9628 §4.2.1): what
 * {@link Vp9Packetizer} writes on key frames for each {@link Vp9TemporalPattern}, what
 * {@link Vp9Depacketizer#pictureGroup} reads back, and hostile structures.
 *
 * <p>The layouts, RFC 9628 §4.2 (non-flexible mode, F=0) and §4.2.1:
 * <pre>
 *   |I|P|L|F|B|E|V|Z|  |M| PICTURE ID (15 bits)  |  |TID|U| SID |D|  |  TL0PICIDX  |
 *   SS: | N_S |Y|G|-|-|-|  [WIDTH HEIGHT] x (N_S + 1) if Y  [N_G] if G
 *       then N_G times: |TID|U| R |-|-|  and R times: |  P_DIFF  |
 * </pre>
 */
class Vp9PictureGroupTest {
    private static final int KEY = 0x80;   // frame marker 2, profile 0, frame_type 0 (VP9 §6.2)
    private static final int DELTA = 0x84; // frame_type 1

    /** "TID/U/R:P_DIFF,..." of every entry a payload's picture group has, or "none". */
    private static String pictureGroup(byte[] payload) throws RtpException {
        int[] entries = new int[255];
        int n = Vp9Depacketizer.pictureGroup(payload, 0, payload.length, entries);
        if (n < 0) {
            return "none";
        }
        StringJoiner out = new StringJoiner(" ");
        for (int g = 0; g < n; g++) {
            out.add(entry(entries[g]));
        }
        return n + ": " + out;
    }

    private static String entry(int e) {
        assertThat(e & 0x03000000).as("reserved bits").isZero();
        int refs = e >>> 26 & 3;
        StringJoiner diffs = new StringJoiner(",");
        for (int r = 0; r < 3; r++) {
            int diff = e >>> 16 - 8 * r & 0xFF;
            if (r < refs) {
                diffs.add(Integer.toString(diff));
            } else {
                assertThat(diff).as("P_DIFF past R").isZero();
            }
        }
        return (e >>> 29) + "/" + (e >>> 28 & 1) + "/" + refs + ":" + diffs;
    }

    private static List<byte[]> packetize(Vp9Packetizer p, String frame, int tid, boolean switchingUp) {
        byte[] f = Hex.bytes(frame);
        p.begin(f, 0, f.length, tid, switchingUp);
        return PayloadFormatTest.drain(p);
    }

    private static List<String> hex(List<byte[]> payloads) {
        return payloads.stream().map(Hex::hex).toList();
    }

    private static String hex(String spaced) {
        return Hex.hex(Hex.bytes(spaced));
    }

    @Test
    void threeLayerKeyFrameCarriesThePictureGroupOfRfc9628() throws RtpException {
        // 20-byte payloads: 5-byte descriptor, 10-byte SS on the key frame's first packet, 7 bytes cut 3 + 4
        Vp9Packetizer p = new Vp9Packetizer(20, 0x1234, 0x56, Vp9TemporalPattern.THREE_LAYERS);
        List<byte[]> key = packetize(p, "80 11 22 33 44 55 66", 0, false);
        assertThat(hex(key)).containsExactly(hex(
                "aa 92 34 00 56"  // I L B V, picture id 0x1234 (M=1), TID 0 U 0 SID 0 D 0, TL0PICIDX 0x56
                + " 08"           // SS: N_S 0 (one spatial layer), Y 0, G 1
                + " 04"           // N_G 4
                + " 04 04"        // TID 0, U 0, R 1: P_DIFF 4, the previous TID 0
                + " 54 01"        // TID 2, U 1, R 1: P_DIFF 1, the TID 0
                + " 34 02"        // TID 1, U 1, R 1: P_DIFF 2, the TID 0
                + " 44 01"        // TID 2, U 0, R 1: P_DIFF 1, the TID 1
                + " 80 11 22"),
                hex("a4 92 34 00 56 33 44 55 66")); // I L E: no SS after the first packet
        assertThat(pictureGroup(key.get(0))).isEqualTo("4: 0/0/1:4 2/1/1:1 1/1/1:2 2/0/1:1");
        assertThat(pictureGroup(key.get(1))).isEqualTo("none");
        assertThat(PayloadFormatTest.depacketize(new Vp9Depacketizer(), key)).isEqualTo(Hex.bytes("80 11 22 33 44 55 66"));
        // a delta frame has no SS, and no room is kept for one: 15 bytes of frame in one 20-byte payload
        assertThat(hex(packetize(p, "84 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e", 2, true)))
                .containsExactly(hex("ec 92 35 50 56 84 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e"));
    }

    @Test
    void twoLayerKeyFrameCarriesThePictureGroupOfRfc9628() throws RtpException {
        Vp9Packetizer p = new Vp9Packetizer(16, 0x1234, 0x56, Vp9TemporalPattern.TWO_LAYERS);
        List<byte[]> key = packetize(p, "80 11 22 33 44 55 66", 0, false);
        assertThat(hex(key)).containsExactly(hex(
                "aa 92 34 00 56"  // I L B V, picture id 0x1234, TID 0, TL0PICIDX 0x56
                + " 08 02"        // SS: N_S 0, Y 0, G 1; N_G 2
                + " 04 02"        // TID 0, U 0, R 1: P_DIFF 2, the previous TID 0
                + " 34 01"        // TID 1, U 1, R 1: P_DIFF 1, the TID 0
                + " 80 11 22"),
                hex("a4 92 34 00 56 33 44 55 66"));
        assertThat(pictureGroup(key.get(0))).isEqualTo("2: 0/0/1:2 1/1/1:1");
        assertThat(hex(packetize(p, "84 01", 1, true))).containsExactly(hex("ec 92 35 30 56 84 01"));
    }

    @Test
    void singleLayerBytesStayAsTheyWere() throws RtpException {
        Vp9Packetizer declared = new Vp9Packetizer(10, 0x1234, 0x56, Vp9TemporalPattern.ONE_LAYER);
        Vp9Packetizer plain = new Vp9Packetizer(10, 0x1234);
        for (int i = 0; i < 6; i++) {
            byte[] frame = PayloadFormatTest.random(1 + 7 * i, i);
            frame[0] = (byte) (i % 3 == 0 ? KEY : DELTA);
            assertThat(hex(PayloadFormatTest.packetize(declared, frame))).isEqualTo(hex(PayloadFormatTest.packetize(plain, frame)));
        }
        // the SS of a single-layer key frame: one byte, G=0; no picture group to read
        List<byte[]> key = PayloadFormatTest.packetize(new Vp9Packetizer(10, 0x1234), Hex.bytes("80 11 22 33 44"));
        assertThat(hex(key)).containsExactly("8e9234008011223344");
        assertThat(pictureGroup(key.get(0))).isEqualTo("none");
        // layered frames without a declared pattern keep their SS byte too
        assertThat(hex(packetize(new Vp9Packetizer(10, 0x1234, 0x56), "80 11 22 33 44", 0, false)))
                .containsExactly("aa923400560080" + "11", "a49234005622" + "3344");
    }

    @Test
    void patternsFollowLibvpxRealtimeLayeringAndLibwebrtcUpBits() {
        assertThat(describe(Vp9TemporalPattern.of(1))).isEqualTo("1 layers: 0/0/1:1");
        assertThat(describe(Vp9TemporalPattern.of(2))).isEqualTo("2 layers: 0/0/1:2 1/1/1:1");
        assertThat(describe(Vp9TemporalPattern.of(3))).isEqualTo("3 layers: 0/0/1:4 2/1/1:1 1/1/1:2 2/0/1:1");
        for (int bad : new int[] {0, 4, -1}) {
            assertThatThrownBy(() -> Vp9TemporalPattern.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected: 1 ~ 3");
        }
    }

    private static String describe(Vp9TemporalPattern t) {
        StringJoiner out = new StringJoiner(" ", t.temporalLayers() + " layers: ", "");
        for (int i = 0; i < t.pictures(); i++) {
            StringJoiner diffs = new StringJoiner(",");
            for (int r = 0; r < t.references(i); r++) {
                diffs.add(Integer.toString(t.pDiff(i, r)));
            }
            String fields = t.temporalLayer(i) + "/" + (t.switchingUp(i) ? 1 : 0) + "/" + t.references(i) + ":" + diffs;
            assertThat(entry(t.pictureGroupEntry(i))).isEqualTo(fields);
            out.add(fields);
        }
        return out.toString();
    }

    @Test
    void misuseIsRefusedWithWhatWasExpected() {
        Vp9Packetizer three = new Vp9Packetizer(1200, 0, 0, Vp9TemporalPattern.THREE_LAYERS);
        byte[] f = {(byte) KEY, 1};
        assertThatThrownBy(() -> three.begin(f, 0, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("THREE_LAYERS");
        assertThatThrownBy(() -> three.begin(f, 0, 2, 3, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: 0 ~ 2");
        Vp9Packetizer two = new Vp9Packetizer(1200, 0, 0, Vp9TemporalPattern.TWO_LAYERS);
        assertThatThrownBy(() -> two.begin(f, 0, 2, 2, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: 0 ~ 1");
        // the key frame's first packet needs the 5-byte descriptor, the SS and one byte of frame
        assertThatThrownBy(() -> new Vp9Packetizer(15, 0, 0, Vp9TemporalPattern.THREE_LAYERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: > 15");
        assertThatThrownBy(() -> new Vp9Packetizer(11, 0, 0, Vp9TemporalPattern.TWO_LAYERS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: > 11");
        assertThatThrownBy(() -> new Vp9Packetizer(1200, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Vp9Packetizer(16, 0, 0, Vp9TemporalPattern.THREE_LAYERS).pattern()).isEqualTo(Vp9TemporalPattern.THREE_LAYERS);
        assertThat(hex(packetize(new Vp9Packetizer(16, 0, 0, Vp9TemporalPattern.THREE_LAYERS), "80", 0, false)))
                .containsExactly(hex("ae 80 00 00 00 08 04 04 04 54 01 34 02 44 01 80"));
    }

    /**
     * Frames of one byte to 100 KiB follow each pattern over three periods, a key frame restarting it midway:
     * every frame comes back byte for byte, every payload fits, and what a non-flexible receiver derives from
     * the key frame's picture group agrees with each packet: the picture at (picture id - key's) mod N_G has
     * the packet's TID and U, and its references are pictures of the same or lower TID since the key frame,
     * so dropping upper layers never removes a reference.
     */
    @ParameterizedTest
    @EnumSource(value = Vp9TemporalPattern.class, names = {"TWO_LAYERS", "THREE_LAYERS"})
    void layeredFramesRoundTripAndAgreeWithThePictureGroup(Vp9TemporalPattern t) throws RtpException {
        Vp9Packetizer p = new Vp9Packetizer(1200, 32765, 250, t);
        Vp9Depacketizer d = new Vp9Depacketizer();
        int[] sizes = {1, 2, 1184, 1185, 1186, 1194, 1195, 2389, 10_000, 100 * 1024, 3, 77_777};
        int[] gof = new int[8];
        int groupSize = -1;
        int keyPictureId = -1;
        List<Integer> tids = new ArrayList<>();
        int sinceKey = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (i == 7) {
                sinceKey = 0; // a forced key frame restarts the pattern
            }
            int picture = sinceKey % t.pictures();
            byte[] frame = PayloadFormatTest.random(sizes[i], i);
            frame[0] = (byte) (sinceKey == 0 ? KEY : DELTA);
            p.begin(frame, 0, frame.length, t.temporalLayer(picture), t.switchingUp(picture));
            List<byte[]> payloads = PayloadFormatTest.drain(p);
            assertThat(payloads).allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(1200));
            assertThat(PayloadFormatTest.depacketize(d, payloads)).as("frame %d", i).isEqualTo(frame);
            byte[] first = payloads.get(0);
            int pid = Vp9Depacketizer.pictureId(first, 0, first.length);
            if (sinceKey == 0) {
                assertThat(d.isKeyframe(first, 0, first.length)).isTrue();
                groupSize = Vp9Depacketizer.pictureGroup(first, 0, first.length, gof);
                keyPictureId = pid;
                tids.clear();
            }
            for (byte[] b : payloads.subList(sinceKey == 0 ? 1 : 0, payloads.size())) {
                assertThat(Vp9Depacketizer.pictureGroup(b, 0, b.length, gof)).isEqualTo(-1);
            }
            assertThat(groupSize).isEqualTo(t.pictures());
            int entry = gof[((pid - keyPictureId) & 0x7FFF) % groupSize];
            int tid = Vp9Depacketizer.temporalLayer(first, 0, first.length);
            assertThat(entry >>> 29).as("frame %d: the picture group's TID", i).isEqualTo(tid);
            assertThat((entry >>> 28 & 1) == 1).isEqualTo(Vp9Depacketizer.layerSync(first, 0, first.length));
            if (sinceKey > 0) {
                for (int r = 0; r < (entry >>> 26 & 3); r++) {
                    int back = entry >>> 16 - 8 * r & 0xFF;
                    assertThat(back).as("frame %d refers to a picture since the key frame", i).isBetween(1, sinceKey);
                    assertThat(tids.get(sinceKey - back)).as("frame %d refers to a lower layer", i).isLessThanOrEqualTo(tid);
                }
            }
            tids.add(tid);
            sinceKey++;
        }
    }

    /** Every accessor and depacketizer call, the picture group's too. */
    private static List<Read> reads() {
        List<Read> reads = new ArrayList<>(TemporalLayerTest.Format.VP9.reads());
        int[] few = new int[1];
        int[] all = new int[255];
        reads.add((b, o, l) -> Vp9Depacketizer.pictureGroup(b, o, l, few));
        reads.add((b, o, l) -> Vp9Depacketizer.pictureGroup(b, o, l, all));
        reads.add((b, o, l) -> Vp9Depacketizer.pictureGroup(b, o, l, new int[0]));
        return reads;
    }

    private static void assertTruncated(byte[] b, int off, int len, String what) {
        for (Read r : reads()) {
            assertThatThrownBy(() -> r.apply(b, off, len)).as(what)
                    .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(RtpException.Reason.TRUNCATED));
        }
    }

    @Test
    void structuresDeclaringMoreThanIsThereAreTruncated() throws RtpException {
        // N_G 5, but after the first entry (R 1, P_DIFF 1) the next "entry" 0xcc declares R 3 and runs out
        assertTruncated(Hex.bytes("8a 12 08 05 04 01 cc"), 0, 7, "N_G past the end");
        // N_G 255 entries of R 0 with one byte of frame: whole; one entry fewer: truncated
        byte[] many = new byte[4 + 255 + 1];
        many[0] = (byte) 0x8a;
        many[1] = 0x12;
        many[2] = 0x08;
        many[3] = (byte) 255;
        assertThat(Vp9Depacketizer.pictureGroup(many, 0, many.length, new int[2])).isEqualTo(255);
        assertTruncated(many, 0, many.length - 1, "N_G 255 with the frame data missing");
        assertTruncated(many, 0, many.length - 2, "N_G 255 with an entry missing");
        // R 3 with two P_DIFFs; with three but no frame data
        assertTruncated(Hex.bytes("8a 12 08 01 0c 01 02"), 0, 7, "R past the end");
        assertTruncated(Hex.bytes("8a 12 08 01 0c 01 02 03"), 0, 8, "no frame data after the P_DIFFs");
        assertThat(pictureGroup(Hex.bytes("8a 12 08 01 ec 01 02 03 cc"))).isEqualTo("1: 7/0/3:1,2,3");
        // G with the resolutions of two spatial layers cut short, and N_G missing after them
        assertTruncated(Hex.bytes("8a 12 38 02 80 01 e0"), 0, 7, "resolutions past the end");
        assertTruncated(Hex.bytes("8a 12 38 02 80 01 e0 05 00 02 d0"), 0, 11, "N_G missing");
        // the RFC-layout vector with resolutions: N_G 1, one entry (R 1, P_DIFF 1); a short array gets what fits
        byte[] ss = Hex.bytes("0a 38 02 80 01 e0 05 00 02 d0 01 04 01 cc");
        assertThat(pictureGroup(ss)).isEqualTo("1: 0/0/1:1");
        assertThat(Vp9Depacketizer.pictureGroup(ss, 0, ss.length, new int[0])).isEqualTo(1);
        // G = 1 with N_G 0 is an empty group; reserved bits in an entry are not reported
        assertThat(pictureGroup(Hex.bytes("8a 12 08 00 cc"))).isEqualTo("0: ");
        assertThat(pictureGroup(Hex.bytes("8a 12 08 01 57 09 cc"))).isEqualTo("1: 2/1/1:9");
    }

    /** Key frames' first packets of both patterns, cut at every length inside a larger array. */
    @ParameterizedTest
    @EnumSource(value = Vp9TemporalPattern.class, names = {"TWO_LAYERS", "THREE_LAYERS"})
    void everyCutOfAPictureGroupIsTruncated(Vp9TemporalPattern t) throws RtpException {
        Vp9Packetizer p = new Vp9Packetizer(1200, 0x1234, 9, t);
        byte[] frame = PayloadFormatTest.random(3000, 1);
        frame[0] = (byte) KEY;
        p.begin(frame, 0, frame.length, 0, false);
        byte[] full = PayloadFormatTest.drain(p).get(0);
        int descriptor = Vp9Depacketizer.descriptorLength(full, 0, full.length);
        assertThat(descriptor).isEqualTo(5 + 1 + (t == Vp9TemporalPattern.THREE_LAYERS ? 9 : 5));
        byte[] at3 = new byte[full.length + 3];
        System.arraycopy(full, 0, at3, 3, full.length);
        for (int cut = 0; cut <= descriptor; cut++) {
            assertTruncated(at3, 3, cut, "cut at " + cut + " of " + Hex.hex(full, 0, descriptor));
        }
        for (Read r : reads()) {
            r.apply(at3, 3, descriptor + 1);
        }
        assertThat(Vp9Depacketizer.pictureGroup(at3, 3, descriptor + 1, new int[4])).isEqualTo(t.pictures());
    }

    /**
     * Seeded random descriptors with V (any flags, picture id, layer and reference indices before the SS), SS
     * bytes that mostly have G and a small N_G, random entries after, cut at random lengths: every call either
     * answers or throws {@link RtpException}, all calls agree on which, and what pictureGroup reports is in range.
     */
    @Test
    void randomStructuresFailOnlyWithRtpException() {
        SplittableRandom random = new SplittableRandom(11);
        List<Read> reads = reads();
        int[] entries = new int[255];
        byte[] b = new byte[64];
        int parsed = 0;
        int groups = 0;
        for (int round = 0; round < 20_000; round++) {
            random.nextBytes(b);
            int h = b[2] | 0x02; // V
            b[2] = (byte) h;
            int i = 3 + ((h & 0x80) == 0 ? 0 : (b[3] & 0x80) != 0 ? 2 : 1) + ((h & 0x20) == 0 ? 0 : (h & 0x10) != 0 ? 1 : 2);
            if ((h & 0x50) == 0x50) {
                i += 1 + random.nextInt(3); // reference indices, whatever their N bits say
            }
            b[i] = (byte) (random.nextInt(4) == 0 ? b[i] : b[i] | 0x08); // mostly G
            int ng = (b[i] & 0x10) != 0 ? i + 1 + 4 * ((b[i] >>> 5 & 7) + 1) : i + 1;
            if (ng < b.length) {
                b[ng] = (byte) random.nextInt(7); // a small N_G
            }
            int len = random.nextInt(b.length - 2 + 1);
            boolean ok;
            try {
                int n = Vp9Depacketizer.pictureGroup(b, 2, len, entries);
                assertThat(n).isBetween(-1, 255);
                for (int g = 0; g < n; g++) {
                    entry(entries[g]);
                }
                groups += n > 0 ? 1 : 0;
                ok = true;
                parsed++;
            } catch (RtpException e) {
                ok = false;
            }
            TemporalLayerTest.assertCallsAgree(reads, b, 2, len, ok);
        }
        assertThat(parsed).isGreaterThan(1000);
        assertThat(groups).isGreaterThan(500);
    }
}
