package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rtc4j.rtp.AudioPacketizer;

/** Opus keeps a tone's frequency, gives RTP-sized packets, reacts to bitrate changes, and conceals losses. */
class OpusRoundTripTest {
    record Run(List<byte[]> packets, short[] decoded) {
    }

    static Run run(OpusEncoder.Config config, int frames, double amplitude, double... hz) throws Exception {
        List<byte[]> packets = new ArrayList<>();
        DecodedAudio decoded = new DecodedAudio();
        try (OpusEncoder enc = new OpusEncoder(config); OpusDecoder dec = new OpusDecoder(config.channels())) {
            AudioFrame.Pool pool = new AudioFrame.Pool(config.channels(), config.frameMs(), 2);
            for (int i = 0; i < frames; i++) {
                try (AudioFrame f = pool.acquire()) {
                    Tone.fill(f, (long) i * f.samplesPerChannel(), amplitude, hz);
                    byte[] p = enc.encode(f);
                    packets.add(p);
                    assertThat(dec.decode(p, 0, p.length, 0, decoded)).isEqualTo(1);
                }
            }
        }
        return new Run(packets, decoded.samples());
    }

    @Test
    void stereoToneKeepsItsFrequencyPerChannel() throws Exception {
        // 128 kbit/s, as for music: at 64 kbit/s and below the VoIP mode codes stereo as mid/side with
        // prediction, and two pure tones leak into each other (the left channel then reads about 700 Hz).
        Run r = run(new OpusEncoder.Config(2, 20, 128_000, true, 10, false), 50, 0.5, 440, 1000);
        short[] tail = java.util.Arrays.copyOfRange(r.decoded(), r.decoded().length / 2, r.decoded().length);
        assertThat(Tone.frequency(tail, 2, 0)).isCloseTo(440, within(1.0));
        assertThat(Tone.frequency(tail, 2, 1)).isCloseTo(1000, within(1.0));
        assertThat(Tone.rms(tail)).isCloseTo(0.5 / Math.sqrt(2), within(0.05));
        // Every packet is one RTP payload: a 20 ms TOC (RFC 6716 §3.1 config 3, 7, 11, 15, 19, 23, 27 or 31
        // is 20 ms for SILK/CELT/hybrid... checked as the frame duration) within the 1200-byte budget.
        AudioPacketizer packetizer = AudioPacketizer.opus(1200);
        byte[] out = new byte[1500];
        for (byte[] p : r.packets()) {
            assertThat(p.length).isBetween(2, 1275);
            assertThat(durationMs(p[0])).isEqualTo(20.0);
            assertThat(p[0] & 0x04).as("stereo flag").isEqualTo(4);
            packetizer.begin(p, 0, p.length);
            assertThat(packetizer.next(out, 0)).isEqualTo(p.length);
            assertThat(packetizer.hasNext()).isFalse();
        }
    }

    @Test
    void monoTenMillisecondFrames() throws Exception {
        Run r = run(new OpusEncoder.Config(1, 10, 24_000, true, 10, false), 100, 0.3, 1000);
        short[] tail = java.util.Arrays.copyOfRange(r.decoded(), r.decoded().length / 2, r.decoded().length);
        assertThat(Tone.frequency(tail, 1, 0)).isCloseTo(1000, within(1.0));
        assertThat(r.packets()).allMatch(p -> durationMs(p[0]) == 10.0);
    }

    @Test
    void bitrateChangesAtRunTime() throws Exception {
        try (OpusEncoder enc = new OpusEncoder(new OpusEncoder.Config(1, 20, 16_000, false, 0, false))) {
            AudioFrame f = AudioFrame.allocate(1, 20);
            long low = 0;
            long high = 0;
            for (int i = 0; i < 100; i++) {
                if (i == 50) {
                    enc.setBitrate(64_000);
                }
                Tone.fill(f, i * 960L, 0.5, 440);
                for (int k = 0; k < 960; k += 7) {            // some noise, so the encoder has use for bits
                    f.samples().put(k, (short) (f.samples().get(k) + ((k * 7919 + i * 104729) % 4000 - 2000)));
                }
                int n = enc.encode(f).length;
                if (i >= 10 && i < 50) {
                    low += n;
                } else if (i >= 60) {
                    high += n;
                }
            }
            double lowKbps = low * 8 / 40 / 20.0;
            double highKbps = high * 8 / 40 / 20.0;
            assertThat(lowKbps).isBetween(10.0, 22.0);
            assertThat(highKbps).isGreaterThan(2.5 * lowKbps);
            assertThat(enc.reopens()).as("changed in place, the encoder's state kept").isZero();
        }
    }

    @Test
    void bitrateIsOnlyWrittenWhereTheEncoderStateLooksRight() throws Exception {
        try (OpusEncoder stereo = new OpusEncoder(OpusEncoder.Config.webrtc(2))) {
            assertThat(LibopusRateControl.attach(stereo.context(), 2, 32_000)).isNotNull();
            assertThat(LibopusRateControl.attach(stereo.context(), 1, 32_000)).isNull();
            assertThat(LibopusRateControl.attach(stereo.context(), 2, 24_000)).isNull();
        }
    }

    @Test
    void dtxSendsTinyPacketsForSilence() throws Exception {
        Run r = run(new OpusEncoder.Config(1, 20, 32_000, false, 0, true), 50, 0, 440);
        // After 200 ms of silence only the TOC byte goes out (RFC 6716 §3.2.1: a zero-length frame), with a
        // full packet every 400 ms to refresh the receiver's comfort noise.
        List<byte[]> tail = r.packets().subList(11, 50);
        assertThat(tail.stream().filter(p -> p.length == 1).count()).isGreaterThanOrEqualTo(36);
        assertThat(r.packets().subList(0, 10)).allMatch(p -> p.length > 1);
        assertThat(r.decoded()).hasSize(50 * 960);
    }

    @Test
    void concealmentContinuesAndFades() throws Exception {
        try (OpusEncoder enc = new OpusEncoder(OpusEncoder.Config.webrtc(1)); OpusDecoder dec = new OpusDecoder(1)) {
            AudioFrame f = AudioFrame.allocate(1, 20);
            for (int i = 0; i < 10; i++) {
                Tone.fill(f, i * 960L, 0.5, 440);
                byte[] p = enc.encode(f);
                dec.decode(p, 0, p.length, 0, AudioFrame::release);
            }
            DecodedAudio c1 = new DecodedAudio();
            DecodedAudio c2 = new DecodedAudio();
            assertThat(dec.conceal(20, 0, c1)).isEqualTo(1);
            assertThat(dec.conceal(20, 0, c2)).isEqualTo(1);
            double r1 = Tone.rms(c1.samples());
            double r2 = Tone.rms(c2.samples());
            assertThat(r1).isGreaterThan(0.1);
            assertThat(r2).isLessThan(r1 * 0.6);
            Tone.fill(f, 12 * 960L, 0.5, 440);
            byte[] p = enc.encode(f);
            DecodedAudio after = new DecodedAudio();
            assertThat(dec.decode(p, 0, p.length, 0, after)).isEqualTo(1);
            assertThat(after.durationsMs).containsExactly(20);
            assertThat(dec.buffersInUse()).isZero();
        }
    }

    /** The frame duration a TOC byte announces (RFC 6716 §3.1, Table 2). */
    static double durationMs(byte toc) {
        int config = (toc & 0xff) >> 3;
        if (config < 12) {
            return new double[] {10, 20, 40, 60}[config & 3];
        }
        if (config < 16) {
            return new double[] {10, 20}[config & 1];
        }
        return new double[] {2.5, 5, 10, 20}[config & 3];
    }
}
