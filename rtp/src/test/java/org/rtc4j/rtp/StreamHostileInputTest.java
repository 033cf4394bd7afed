package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hostile input never escapes the streams' handle* methods: it is dropped and counted. */
class StreamHostileInputTest {
    @Test
    void garbageIsCountedNotThrown() {
        ReceiveStream r = new ReceiveStream(ReceiveStreamTest.videoConfig());
        SendStream s = new SendStream(SendStream.Config.video(StreamPair.MEDIA_SSRC, 96, StreamPair.RTX_SSRC, 97, new Vp8Packetizer()), 1);
        SplittableRandom random = new SplittableRandom(9);
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) (0x80 | b[0] & 0x3F);
            }
            if (b.length > 12 && random.nextBoolean()) {
                Bytes.put32(b, 8, random.nextBoolean() ? StreamPair.MEDIA_SSRC : StreamPair.RTX_SSRC);
                b[1] = (byte) (random.nextBoolean() ? 96 : 97);
            }
            t = t.plusMillis(random.nextInt(3));
            r.handleRtp(t, b, 0, b.length);
            r.handleRtcp(t, b, 0, b.length);
            s.handleRtcp(t, b, 0, b.length);
            r.handleTimeout(t);
            s.handleTimeout(t);
            while (r.pollRtcp().isPresent() || r.pollFrame().isPresent() || s.pollRtcp().isPresent() || s.pollEvent().isPresent()) {
                // drain
            }
        }
        ReceiveStream.Stats stats = r.stats();
        assertThat(stats.malformed() + stats.foreign()).isPositive();
        // a lying RTX packet (one byte of payload) and an oversized payload are dropped
        byte[] rtx = Hex.bytes("80 61 00 01 00 00 00 01 00 00 22 22 05");
        long before = r.stats().malformed();
        r.handleRtp(t, rtx, 0, rtx.length);
        assertThat(r.stats().malformed()).isEqualTo(before + 1);
    }

    @Test
    void aFloodOfFuturePacketsIsBounded() {
        ReceiveStream r = new ReceiveStream(ReceiveStreamTest.videoConfig().withMaxPackets(64));
        byte[] out = new byte[100];
        RtpWriter w = new RtpWriter();
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        for (int i = 0; i < 1000; i++) {
            int n = w.begin(out, 0, 96, i * 7, 3000L * i, StreamPair.MEDIA_SSRC).payload(new byte[] {(byte) 0x80, 0, 0, 1, 2}, 0, 5).finish();
            r.handleRtp(t, out, 0, n);
        }
        assertThat(r.stats().overflows()).isPositive();
        assertThat(r.stats().plisSent()).isPositive();
    }

    @Test
    void paddingOnlyPacketsTakeSequenceNumbersWithoutBreakingFrames() {
        ReceiveStream r = new ReceiveStream(ReceiveStreamTest.videoConfig());
        byte[] out = new byte[300];
        RtpWriter w = new RtpWriter();
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        int seq = 100;
        for (int frame = 0; frame < 10; frame++) {
            t = t.plusMillis(33);
            byte[] payload = {(byte) 0x90, (byte) 0x80, 0, (byte) frame, (byte) (frame == 0 ? 0 : 1), 7};
            int n = w.begin(out, 0, 96, seq++, 3000L * frame, StreamPair.MEDIA_SSRC).marker(true).payload(payload, 0, payload.length).finish();
            r.handleRtp(t, out, 0, n);
            for (int p = 0; p < 2; p++) { // padding after each frame, as a sender probing without RTX does
                n = w.begin(out, 0, 96, seq++, 3000L * frame, StreamPair.MEDIA_SSRC).padding(200).finish();
                r.handleRtp(t, out, 0, n);
            }
        }
        r.handleTimeout(t.plusSeconds(2));
        int frames = 0;
        while (r.pollFrame().isPresent()) {
            frames++;
        }
        assertThat(frames).isEqualTo(10);
        assertThat(r.stats().framesDropped()).isZero();
        assertThat(r.stats().nackedPackets()).isZero();
        assertThat(r.stats().malformed()).isZero();
    }
}
