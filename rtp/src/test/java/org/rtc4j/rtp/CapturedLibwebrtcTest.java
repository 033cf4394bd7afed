package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Packets libwebrtc sent in a real call (see {@code captured/README.md}): parsed, checked, re-encoded byte for byte. */
class CapturedLibwebrtcTest {
    /** The answer's extmap, as libwebrtc accepted it. */
    static final HeaderExtensionMap EXTMAP = HeaderExtensionMap.fromExtmap(List.of(
            "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:4 urn:3gpp:video-orientation",
            "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"));
    /** The SSRC libdatachannel sent from, which libwebrtc's feedback is about. */
    static final long OUR_SSRC = 0x11223344L;

    static Map<String, byte[]> packets() {
        return packets("captured/libwebrtc");
    }

    /** The {@code .hex} files of a capture directory by file name, each without its {@code #} lines. */
    static Map<String, byte[]> packets(String directory) {
        try (Stream<Path> files = Files.list(Path.of(CapturedLibwebrtcTest.class.getResource(directory).toURI()))) {
            Map<String, byte[]> out = new TreeMap<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".hex")).collect(Collectors.toList())) {
                String hex = Files.readAllLines(f).stream().filter(l -> !l.startsWith("#")).collect(Collectors.joining());
                out.put(f.getFileName().toString(), HexFormat.of().parseHex(hex.strip()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rtpPacketsRewriteByteForByte() throws RtpException {
        Map<String, byte[]> all = packets();
        assertThat(all).hasSizeGreaterThanOrEqualTo(15);
        int rtp = 0;
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            if (!e.getKey().contains("-rtp-")) {
                continue;
            }
            rtp++;
            byte[] b = e.getValue();
            RtpPacket p = new RtpPacket().wrap(b, 0, b.length);
            byte[] out = new byte[b.length + 16];
            RtpWriter w = new RtpWriter().begin(out, 0, p.payloadType(), p.sequenceNumber(), p.timestamp(), p.ssrc()).marker(p.marker());
            p.forEachExtension((id, buf, o, l) -> w.extension(id, buf, o, l));
            w.payload(b, p.payloadOffset(), p.payloadLength());
            if (p.paddingLength() > 0) {
                w.padding(p.paddingLength());
            }
            int n = w.finish();
            assertThat(HexFormat.of().formatHex(out, 0, n)).as(e.getKey()).isEqualTo(HexFormat.of().formatHex(b));
            // every packet carries the transport-wide sequence number and abs-send-time; the mid is "0"
            assertThat(p.extensionLength(EXTMAP.id(HeaderExtension.TRANSPORT_WIDE_CC))).as(e.getKey()).isEqualTo(2);
            assertThat(p.extensionLength(EXTMAP.id(HeaderExtension.ABS_SEND_TIME))).as(e.getKey()).isEqualTo(3);
            int mid = p.extensionOffset(EXTMAP.id(HeaderExtension.SDES_MID));
            assertThat(mid < 0 || HeaderExtension.stringEquals(b, mid, p.extensionLength(1), "0")).isTrue();
        }
        assertThat(rtp).isGreaterThanOrEqualTo(7);
    }

    @Test
    void vp8KeyFrameAndFramesDepacketize() throws RtpException {
        Map<String, byte[]> all = packets();
        byte[] key = all.get("01-rtp-vp8-keyframe.hex");
        RtpPacket p = new RtpPacket().wrap(key, 0, key.length);
        Vp8Depacketizer d = new Vp8Depacketizer();
        assertThat(d.isFrameStart(key, p.payloadOffset(), p.payloadLength())).isTrue();
        assertThat(d.isKeyframe(key, p.payloadOffset(), p.payloadLength())).isTrue();
        assertThat(Vp8Depacketizer.pictureId(key, p.payloadOffset(), p.payloadLength())).isBetween(0, 0x7FFF);
        byte[] frame = new byte[4096];
        int n = d.depacketize(key, p.payloadOffset(), p.payloadLength(), frame, 0);
        // RFC 6386 §9.1: a key frame's start code and its 320x240 size
        assertThat(HexFormat.of().formatHex(frame, 3, 6)).isEqualTo("9d012a");
        assertThat((frame[6] & 0xFF | (frame[7] & 0xFF) << 8) & 0x3FFF).isEqualTo(320);
        assertThat((frame[8] & 0xFF | (frame[9] & 0xFF) << 8) & 0x3FFF).isEqualTo(240);
        assertThat(n).isEqualTo(p.payloadLength() - 4);

        // through a ReceiveStream: the key frame and two deltas come out in order; the frame of two packets
        // lies after a gap of 26 sequence numbers, so it waits for a key frame and is dropped
        long ssrc = p.ssrc();
        ReceiveStream rx = new ReceiveStream(ReceiveStream.Config.video(ssrc, 1, -1, 97, new Vp8Depacketizer()));
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        List<String> order = List.of("01-rtp-vp8-keyframe.hex", "02-rtp-vp8-delta.hex", "03-rtp-vp8-delta.hex",
                "04-rtp-vp8-two-packet-frame.hex", "05-rtp-vp8-two-packet-frame.hex");
        for (String name : order) {
            byte[] b = all.get(name);
            rx.handleRtp(t, b, 0, b.length);
        }
        rx.handleTimeout(t.plusSeconds(3));
        List<EncodedFrame> frames = new ArrayList<>();
        EncodedFrame f;
        while ((f = rx.pollFrame().orElse(null)) != null) {
            frames.add(f);
        }
        assertThat(frames).hasSize(3);
        assertThat(rx.stats().framesDropped()).isPositive();
        assertThat(rx.stats().plisSent()).isPositive();
        // the frame of two packets, depacketized on its own: S only on the first, the marker on the second
        byte[] a = all.get("04-rtp-vp8-two-packet-frame.hex");
        byte[] b = all.get("05-rtp-vp8-two-packet-frame.hex");
        RtpPacket pa = new RtpPacket().wrap(a, 0, a.length);
        assertThat(d.isFrameStart(a, pa.payloadOffset(), pa.payloadLength())).isTrue();
        assertThat(pa.marker()).isFalse();
        byte[] two = new byte[4096];
        int first = d.depacketize(a, pa.payloadOffset(), pa.payloadLength(), two, 0);
        RtpPacket pb = new RtpPacket().wrap(b, 0, b.length);
        assertThat(d.isFrameStart(b, pb.payloadOffset(), pb.payloadLength())).isFalse();
        assertThat(pb.marker()).isTrue();
        assertThat(pb.sequenceNumber()).isEqualTo((pa.sequenceNumber() + 1) & 0xFFFF);
        int second = d.depacketize(b, pb.payloadOffset(), pb.payloadLength(), two, first);
        assertThat(first + second).isEqualTo(pa.payloadLength() + pb.payloadLength() - 8);
        assertThat(two[0] & 1).as("a delta frame").isEqualTo(1);
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames.get(0).data()).isEqualTo(java.util.Arrays.copyOf(frame, n));
        assertThat(rx.stats().malformed()).isZero();
    }

    @Test
    void rtxPacketsCarryTheOriginalSequenceNumberOrOnlyPadding() throws RtpException {
        Map<String, byte[]> all = packets();
        byte[] key = all.get("01-rtp-vp8-keyframe.hex");
        byte[] rtx = all.get("06-rtp-rtx-retransmission.hex");
        RtpPacket k = new RtpPacket().wrap(key, 0, key.length);
        RtpPacket r = new RtpPacket().wrap(rtx, 0, rtx.length);
        assertThat(r.payloadType()).isEqualTo(97);
        assertThat(Bytes.u16(rtx, r.payloadOffset())).isEqualTo(k.sequenceNumber()); // RFC 4588 §4: OSN
        assertThat(java.util.Arrays.copyOfRange(rtx, r.payloadOffset() + 2, r.payloadOffset() + r.payloadLength()))
                .isEqualTo(java.util.Arrays.copyOfRange(key, k.payloadOffset(), k.payloadOffset() + k.payloadLength()));
        byte[] pad = all.get("07-rtp-rtx-padding.hex");
        RtpPacket q = new RtpPacket().wrap(pad, 0, pad.length);
        assertThat(q.payloadLength()).isZero();
        assertThat(q.paddingLength()).isPositive();
    }

    @Test
    void rtcpCompoundsReencodeByteForByte() throws RtpException {
        int nacks = 0, plis = 0, twccs = 0, srs = 0;
        for (Map.Entry<String, byte[]> e : packets().entrySet()) {
            if (!e.getKey().contains("-rtcp-")) {
                continue;
            }
            byte[] b = e.getValue();
            List<RtcpPacket> decoded = RtcpPacket.decode(b, 0, b.length);
            assertThat(HexFormat.of().formatHex(RtcpPacket.encode(decoded))).as(e.getKey()).isEqualTo(HexFormat.of().formatHex(b));
            for (RtcpPacket p : decoded) {
                if (p instanceof GenericNack n) {
                    nacks++;
                    assertThat(n.mediaSsrc()).isEqualTo(OUR_SSRC);
                    for (int s : n.lostSequenceNumbers()) {
                        assertThat(s % 10).as("we skipped every tenth sequence number").isZero();
                    }
                } else if (p instanceof PictureLossIndication pli) {
                    plis++;
                    assertThat(pli.mediaSsrc()).isEqualTo(OUR_SSRC);
                } else if (p instanceof TransportFeedback fb) {
                    twccs++;
                    assertThat(fb.mediaSsrc()).isEqualTo(OUR_SSRC);
                    long[] received = new long[1];
                    fb.forEachPacket((seq, got, at) -> received[0] += got ? 1 : 0);
                    assertThat(received[0]).isPositive();
                } else if (p instanceof SenderReport sr) {
                    srs++;
                    assertThat(sr.packetCount()).isPositive();
                } else if (p instanceof ReceiverReport rr) {
                    assertThat(rr.reports()).allSatisfy(block -> assertThat(block.ssrc()).isEqualTo(OUR_SSRC));
                }
            }
        }
        assertThat(nacks).isPositive();
        assertThat(plis).isPositive();
        assertThat(twccs).isPositive();
        assertThat(srs).isPositive();
    }
}
