package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Opus decoder takes every legal packet duration (RFC 6716 §3.1: 2.5 to 60 ms frames; §3.2: code 0 to
 * 3 packets of up to 120 ms) and cuts it into 10 and 20 ms frames, and hostile framing is a CORRUPT error
 * after which the next packet decodes.
 */
class OpusDurationsTest {
    static final long T0 = 1_000_000_000L;
    static final long MS = 1_000_000L;

    /** Packets of {@code frameDuration} ms ("2.5" to "60") from libopus, of a tone per channel. */
    static List<byte[]> encode(int channels, String frameDuration, boolean vbr, int count, double... hz) throws MediaException {
        int n = (int) Math.round(Double.parseDouble(frameDuration) * 48);
        List<byte[]> out = new ArrayList<>();
        OpusEncoder.Config config = new OpusEncoder.Config(channels, 20, channels == 2 ? 128_000 : 64_000, false, 0, false);
        try (OpusEncoder enc = new OpusEncoder(config, frameDuration, vbr)) {
            ByteBuffer pcm = ByteBuffer.allocateDirect(n * channels * 2).order(ByteOrder.nativeOrder());
            for (int k = 0; k < count; k++) {
                Tone.fill(pcm.asShortBuffer(), channels, n, (long) k * n, 0.5, hz);
                byte[] p = enc.encode(pcm, n);
                assertThat(p).as("one packet per %s ms", frameDuration).isNotEmpty();
                out.add(p);
            }
        }
        return out;
    }

    /** Decodes packets {@code durationNanos} apart from {@link #T0}; returns what each call handed out. */
    static int[] decodeAll(OpusDecoder dec, List<byte[]> packets, long durationNanos, DecodedAudio sink) throws MediaException {
        int[] handed = new int[packets.size()];
        for (int k = 0; k < packets.size(); k++) {
            byte[] p = packets.get(k);
            handed[k] = dec.decode(p, 0, p.length, T0 + k * durationNanos, sink);
        }
        return handed;
    }

    /** Each frame starts where the one before it ended: capture times advance by the frames' durations. */
    static void assertContiguous(DecodedAudio d) {
        long t = T0;
        for (int i = 0; i < d.frames(); i++) {
            assertThat(d.captureTimes.get(i)).as("frame %d", i).isEqualTo(t);
            t += d.durationsMs.get(i) * MS;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5", "5", "10", "20", "40", "60"})
    void everyFrameDurationComesOutInTenOrTwentyMillisecondFrames(String frameDuration) throws Exception {
        double ms = Double.parseDouble(frameDuration);
        int count = (int) Math.round(1200 / ms);                   // 1.2 s of audio
        List<byte[]> packets = encode(1, frameDuration, true, count, 1000);
        assertThat(packets).allMatch(p -> packetMs(p) == ms);
        DecodedAudio d = new DecodedAudio();
        OpusDecoder dec = new OpusDecoder(1);
        try (dec) {
            int[] handed = decodeAll(dec, packets, Math.round(ms * MS), d);
            int frameMs = ms >= 20 ? 20 : 10;
            assertThat(d.durationsMs).containsOnly(frameMs);
            assertThat(d.samples()).as("samples out = samples in").hasSize(count * (int) Math.round(ms * 48));
            assertContiguous(d);
            // Per packet: 40 ms gives two frames, 60 ms three; 2.5 ms packets give a frame every fourth.
            int[] expected = new int[count];
            for (int k = 0; k < count; k++) {
                expected[k] = ms >= 10 ? (int) (ms / frameMs) : ((k + 1) * ms % 10 == 0 ? 1 : 0);
            }
            assertThat(handed).containsExactly(expected);
            assertThat(Tone.frequency(d.tail(), 1, 0)).isCloseTo(1000, within(1.0));
            assertThat(Tone.rms(d.tail())).isCloseTo(0.5 / Math.sqrt(2), within(0.05));
        }
        assertThat(dec.buffersInUse()).as("every frame back in its pool").isZero();
    }

    /** Multi-frame packets built from single-frame ones as RFC 6716 §3.2 lays them out. */
    enum Framing {
        CODE1_2X20_CBR("20", false, 2, OpusDurationsTest::code1, new int[] {20, 20}),
        CODE2_2X20("20", true, 2, OpusDurationsTest::code2, new int[] {20, 20}),
        CODE3_CBR_3X20("20", false, 3, f -> code3(f, false, 0), new int[] {20, 20, 20}),
        CODE3_VBR_6X20_PADDED("20", true, 6, f -> code3(f, true, 300), new int[] {20, 20, 20, 20, 20, 20}),
        CODE3_VBR_3X10("10", true, 3, f -> code3(f, true, 0), new int[] {10, 10, 10}),
        CODE3_VBR_48X2_5("2.5", true, 48, f -> code3(f, true, 1), new int[] {20, 20, 20, 20, 20, 20});

        final String frameDuration;
        final boolean vbr;
        final int frames;
        final Function<List<byte[]>, byte[]> build;
        final int[] frameMs;

        Framing(String frameDuration, boolean vbr, int frames, Function<List<byte[]>, byte[]> build, int[] frameMs) {
            this.frameDuration = frameDuration;
            this.vbr = vbr;
            this.frames = frames;
            this.build = build;
            this.frameMs = frameMs;
        }
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void multiFramePacketsKeepTheToneAndTheirTiming(Framing framing) throws Exception {
        int groups = 12;
        List<byte[]> single = encode(1, framing.frameDuration, framing.vbr, groups * framing.frames, 1000);
        List<byte[]> packets = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            packets.add(framing.build.apply(single.subList(g * framing.frames, (g + 1) * framing.frames)));
        }
        assertThat(packets.get(0)[0] & 3).as("frame count code").isEqualTo(framing.name().charAt(4) - '0');
        long packetNanos = Math.round(Double.parseDouble(framing.frameDuration) * framing.frames * MS);
        DecodedAudio d = new DecodedAudio();
        OpusDecoder dec = new OpusDecoder(1);
        try (dec) {
            int[] handed = decodeAll(dec, packets, packetNanos, d);
            assertThat(handed).containsOnly(framing.frameMs.length);
            for (int g = 0; g < groups; g++) {
                for (int i = 0; i < framing.frameMs.length; i++) {
                    int f = g * framing.frameMs.length + i;
                    assertThat(d.durationsMs.get(f)).isEqualTo(framing.frameMs[i]);
                    assertThat(d.captureTimes.get(f)).as("frame %d of packet %d", i, g)
                            .isEqualTo(T0 + g * packetNanos + i * framing.frameMs[0] * MS);
                }
            }
            assertThat(d.samples()).hasSize(groups * (int) (packetNanos / MS) * 48);
            assertThat(Tone.frequency(d.tail(), 1, 0)).isCloseTo(1000, within(1.0));
        }
        assertThat(dec.buffersInUse()).as("every frame back in its pool").isZero();
    }

    @Test
    void stereoSixtyMillisecondPacketsKeepBothTones() throws Exception {
        List<byte[]> packets = encode(2, "60", true, 20, 440, 1000);
        DecodedAudio d = new DecodedAudio();
        try (OpusDecoder dec = new OpusDecoder(2)) {
            assertThat(decodeAll(dec, packets, 60 * MS, d)).containsOnly(3);
        }
        assertThat(d.samples()).hasSize(20 * 2880 * 2);
        assertContiguous(d);
        assertThat(Tone.frequency(d.tail(), 2, 0)).isCloseTo(440, within(1.0));
        assertThat(Tone.frequency(d.tail(), 2, 1)).isCloseTo(1000, within(1.0));
    }

    @Test
    void carriedAudioGoesFirstWhateverComesNext() throws Exception {
        byte[] five = encode(1, "5", true, 1, 1000).get(0);
        byte[] twenty = encode(1, "20", true, 1, 1000).get(0);
        DecodedAudio d = new DecodedAudio();
        OpusDecoder dec = new OpusDecoder(1);
        try (dec) {
            assertThat(dec.decode(five, 0, five.length, T0, d)).isZero();
            assertThat(dec.buffersInUse()).as("the carried frame").isEqualTo(1);
            // 5 ms carried + 20 ms concealed: two 10 ms frames, the last 5 ms carried again.
            assertThat(dec.conceal(20, T0 + 5 * MS, d)).isEqualTo(2);
            assertThat(dec.decode(five, 0, five.length, T0 + 25 * MS, d)).isEqualTo(1);
            assertThat(dec.decode(five, 0, five.length, T0 + 30 * MS, d)).isZero();
            // 5 ms carried + 20 ms: 10 + 10 ms, and 5 ms waits.
            assertThat(dec.decode(twenty, 0, twenty.length, T0 + 35 * MS, d)).isEqualTo(2);
            assertThat(d.durationsMs).containsOnly(10);
            assertContiguous(d);
            assertThat(d.frames()).isEqualTo(5);
            assertThat(dec.buffersInUse()).as("the carried frame").isEqualTo(1);
        }
        assertThat(dec.buffersInUse()).as("every frame back in its pool").isZero();
    }

    @Test
    void hostileFramingIsCorruptAndTheNextPacketDecodes() throws Exception {
        List<byte[]> fives = encode(1, "5", true, 2, 1000);
        byte[] twenty = encode(1, "20", true, 1, 1000).get(0);
        byte[] code3 = code3(encode(1, "20", true, 3, 1000), true, 0);
        int toc20 = twenty[0] & 0xfc;
        int toc25 = 28 << 3;                                       // CELT fullband 2.5 ms
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("empty", new byte[0]);
        hostile.put("code 3 without its count byte", bytes(toc20 | 3));
        hostile.put("code 3 of 0 frames", bytes(toc20 | 3, 0, 1, 2, 3));
        hostile.put("code 3 of 7 x 20 ms = 140 ms", concat(bytes(toc20 | 3, 7), new byte[70]));
        hostile.put("code 3 of 49 x 2.5 ms = 122.5 ms", concat(bytes(toc25 | 3, 49), new byte[49]));
        hostile.put("code 3 of 63 frames", concat(bytes(toc25 | 3, 63), new byte[63]));
        hostile.put("truncated code 3", Arrays.copyOf(code3, code3.length / 2));
        hostile.put("code 3 CBR not a multiple of the count", concat(bytes(toc20 | 3, 3), new byte[10]));
        hostile.put("code 3 VBR lengths past the end", bytes(toc20 | 3, 0x80 | 3, 200, 200, 1, 2, 3));
        hostile.put("code 3 VBR two-byte length past the end", bytes(toc20 | 3, 0x80 | 2, 255, 255, 1, 2, 3));
        hostile.put("code 3 VBR two-byte length cut off", bytes(toc20 | 3, 0x80 | 2, 253));
        hostile.put("code 3 padding past the end", bytes(toc20 | 3, 0x40 | 1, 255, 255, 10, 1, 2, 3));
        hostile.put("code 2 length past the end", bytes(toc20 | 2, 250, 1, 2, 3));
        hostile.put("code 1 of an odd length", bytes(toc20 | 1, 1, 2, 3));
        hostile.put("code 0 frame over 1275 bytes", concat(bytes(toc20), new byte[1276]));
        DecodedAudio d = new DecodedAudio();
        try (OpusDecoder dec = new OpusDecoder(1)) {
            assertThat(dec.decode(fives.get(0), 0, fives.get(0).length, T0, d)).isZero();
            for (Map.Entry<String, byte[]> e : hostile.entrySet()) {
                byte[] p = e.getValue();
                assertThatThrownBy(() -> dec.decode(p, 0, p.length, T0 + 5 * MS, d)).as(e.getKey())
                        .isInstanceOf(MediaException.class)
                        .extracting(x -> ((MediaException) x).reason()).isEqualTo(MediaException.Reason.CORRUPT);
            }
            // Nothing was lost: the carried 5 ms and the next packets complete frames as before.
            assertThat(dec.decode(fives.get(1), 0, fives.get(1).length, T0 + 5 * MS, d)).isEqualTo(1);
            assertThat(dec.decode(twenty, 0, twenty.length, T0 + 10 * MS, d)).isEqualTo(1);
            assertThat(dec.decode(code3, 0, code3.length, T0 + 30 * MS, d)).isEqualTo(3);
            assertThat(d.durationsMs).containsExactly(10, 20, 20, 20, 20);
            assertContiguous(d);
            assertThat(dec.buffersInUse()).isZero();
        }
    }

    /** The duration of a whole packet: frames times the TOC's frame duration (RFC 6716 §3.1, §3.2). */
    static double packetMs(byte[] p) {
        int frames = switch (p[0] & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> p[1] & 0x3f;
        };
        return frames * OpusRoundTripTest.durationMs(p[0]);
    }

    /** The one frame of a code 0 packet, checked to share the first packet's TOC (§3.2: one config a packet). */
    static byte[] frameOf(byte[] code0, byte[] first) {
        assertThat(code0[0] & 3).as("code 0").isZero();
        assertThat(code0[0] & 0xfc).as("same TOC").isEqualTo(first[0] & 0xfc);
        return Arrays.copyOfRange(code0, 1, code0.length);
    }

    /** §3.2.2: two frames of equal size. */
    static byte[] code1(List<byte[]> two) {
        byte[] a = frameOf(two.get(0), two.get(0));
        byte[] b = frameOf(two.get(1), two.get(0));
        assertThat(b).as("equal sizes").hasSameSizeAs(a);
        return concat(bytes(two.get(0)[0] & 0xfc | 1), a, b);
    }

    /** §3.2.3: two frames, the first one's length coded before it. */
    static byte[] code2(List<byte[]> two) {
        byte[] a = frameOf(two.get(0), two.get(0));
        byte[] b = frameOf(two.get(1), two.get(0));
        return concat(bytes(two.get(0)[0] & 0xfc | 2), length(a.length), a, b);
    }

    /** §3.2.5: a frame count byte (VBR flag, padding flag, count), padding length, frame lengths if VBR. */
    static byte[] code3(List<byte[]> frames, boolean vbr, int padding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frames.get(0)[0] & 0xfc | 3);
        out.write((vbr ? 0x80 : 0) | (padding > 0 ? 0x40 : 0) | frames.size());
        if (padding > 0) {
            int left = padding;
            for (; left >= 255; left -= 254) {
                out.write(255);                                    // 254 bytes of padding, and more follows
            }
            out.write(left);
        }
        List<byte[]> data = new ArrayList<>();
        for (byte[] p : frames) {
            data.add(frameOf(p, frames.get(0)));
        }
        for (int i = 0; i < data.size() - 1; i++) {
            if (vbr) {
                out.writeBytes(length(data.get(i).length));
            } else {
                assertThat(data.get(i)).as("CBR: equal sizes").hasSameSizeAs(data.get(data.size() - 1));
            }
        }
        data.forEach(out::writeBytes);
        out.writeBytes(new byte[padding]);
        return out.toByteArray();
    }

    /** §3.2.1: a frame length in one byte below 252, else two. */
    static byte[] length(int n) {
        return n < 252 ? bytes(n) : bytes(252 + (n & 3), (n - 252 - (n & 3)) >> 2);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
