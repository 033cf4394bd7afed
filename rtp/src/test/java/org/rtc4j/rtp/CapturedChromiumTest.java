package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Packets Chromium sent from its fake camera (H.264, OpenH264) and microphone (Opus) in a real call
 * (see {@code captured/README.md}): parsed, checked, rewritten and re-encoded byte for byte, and
 * depacketized into Annex B access units and Opus frames.
 */
class CapturedChromiumTest {
    /** The answer's extmap, as Chromium accepted it (one id space for the audio and the video section). */
    static final HeaderExtensionMap EXTMAP = HeaderExtensionMap.fromExtmap(List.of(
            "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:4 urn:3gpp:video-orientation",
            "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
            "a=extmap:6 urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
    /** The SSRCs libdatachannel echoed Chromium's video and audio back from, which Chromium's feedback is about. */
    static final long OUR_VIDEO_SSRC = 0x11223344L;
    static final long OUR_AUDIO_SSRC = 0x55667788L;

    private static Map<String, byte[]> packets() {
        return CapturedLibwebrtcTest.packets("captured/chromium");
    }

    private static RtpPacket rtp(byte[] b) throws RtpException {
        return new RtpPacket().wrap(b, 0, b.length);
    }

    @Test
    void rtpPacketsRewriteByteForByte() throws RtpException {
        int video = 0, audio = 0;
        for (Map.Entry<String, byte[]> e : packets().entrySet()) {
            if (!e.getKey().contains("-rtp-")) {
                continue;
            }
            byte[] b = e.getValue();
            RtpPacket p = rtp(b);
            byte[] out = new byte[b.length + 16];
            RtpWriter w = new RtpWriter().begin(out, 0, p.payloadType(), p.sequenceNumber(), p.timestamp(), p.ssrc()).marker(p.marker());
            p.forEachExtension((id, buf, o, l) -> w.extension(id, buf, o, l));
            w.payload(b, p.payloadOffset(), p.payloadLength());
            if (p.paddingLength() > 0) {
                w.padding(p.paddingLength());
            }
            int n = w.finish();
            assertThat(HexFormat.of().formatHex(out, 0, n)).as(e.getKey()).isEqualTo(HexFormat.of().formatHex(b));

            // every packet carries a transport-wide sequence number; the mid, when sent, is "0" (audio) or "1" (video)
            assertThat(p.extensionLength(EXTMAP.id(HeaderExtension.TRANSPORT_WIDE_CC))).as(e.getKey()).isEqualTo(2);
            boolean isAudio = e.getKey().contains("-opus");
            int mid = p.extensionOffset(EXTMAP.id(HeaderExtension.SDES_MID));
            assertThat(mid < 0 || HeaderExtension.stringEquals(b, mid, p.extensionLength(1), isAudio ? "0" : "1")).as(e.getKey()).isTrue();
            if (isAudio) {
                audio++;
                assertThat(p.payloadType()).isEqualTo(111);
                assertThat(p.extensionLength(EXTMAP.id(HeaderExtension.SSRC_AUDIO_LEVEL))).as(e.getKey()).isEqualTo(1);
            } else {
                video++;
                assertThat(p.payloadType()).isIn(96, 97);
                assertThat(p.extensionLength(EXTMAP.id(HeaderExtension.ABS_SEND_TIME))).as(e.getKey()).isEqualTo(3);
            }
        }
        assertThat(video).isGreaterThanOrEqualTo(9);
        assertThat(audio).isGreaterThanOrEqualTo(3);
    }

    @Test
    void h264KeyFrameDepacketizesToAnAnnexBAccessUnitWithSpsPpsAndIdr() throws RtpException {
        Map<String, byte[]> all = packets();
        List<String> key = List.of("01-rtp-h264-keyframe.hex", "02-rtp-h264-keyframe.hex", "03-rtp-h264-keyframe.hex");
        H264Depacketizer d = new H264Depacketizer();
        d.beginFrame();
        byte[] frame = new byte[8192];
        int n = 0;
        int payloads = 0;
        long timestamp = rtp(all.get(key.get(0))).timestamp();
        for (int i = 0; i < key.size(); i++) {
            byte[] b = all.get(key.get(i));
            RtpPacket p = rtp(b);
            assertThat(p.timestamp()).isEqualTo(timestamp);
            assertThat(p.marker()).as("the marker on the last packet only").isEqualTo(i == key.size() - 1);
            // the packet with the IDR slice's first fragment is the key frame's (the SPS/PPS STAP-A is not)
            assertThat(d.isKeyframe(b, p.payloadOffset(), p.payloadLength())).as(key.get(i)).isEqualTo(i == 1);
            n += d.depacketize(b, p.payloadOffset(), p.payloadLength(), frame, n);
            payloads += p.payloadLength();
        }
        // a STAP-A (1 header, 2 x 2 sizes) and an FU-A in two parts (2 x 2 headers, 1 NAL header rebuilt)
        assertThat(n).isEqualTo(payloads - 1 - 4 + 3 * 4 - 4 + 1);
        byte[] au = Arrays.copyOf(frame, n);
        List<byte[]> nals = annexB(au);
        assertThat(nals).extracting(nal -> nal[0] & 0x1F).containsExactly(7, 8, 5);
        assertThat(nals).extracting(nal -> nal[0] & 0x60).allSatisfy(nri -> assertThat(nri).isEqualTo(0x60));
        // the SPS: Constrained Baseline (profile 66, constraint_set0 and 1), 320x240, the size getUserMedia asked for
        byte[] sps = nals.get(0);
        assertThat(sps[1] & 0xFF).isEqualTo(66);
        assertThat(sps[2] & 0xC0).isEqualTo(0xC0);
        assertThat(spsSize(sps)).containsExactly(320, 240);

        // the two frames after it: single NAL units with a non-IDR slice each
        for (String name : List.of("04-rtp-h264-delta.hex", "05-rtp-h264-delta.hex")) {
            byte[] b = all.get(name);
            RtpPacket p = rtp(b);
            assertThat(p.marker()).isTrue();
            assertThat(d.isKeyframe(b, p.payloadOffset(), p.payloadLength())).isFalse();
            d.beginFrame();
            int m = d.depacketize(b, p.payloadOffset(), p.payloadLength(), frame, 0);
            assertThat(annexB(Arrays.copyOf(frame, m))).extracting(nal -> nal[0] & 0x1F).containsExactly(1);
        }
    }

    @Test
    void h264FramesComeOutOfAReceiveStreamWhenTheKeyFramesLastPacketArrivesOverRtx() throws RtpException {
        Map<String, byte[]> all = packets();
        byte[] first = all.get("01-rtp-h264-keyframe.hex");
        byte[] probe = all.get("07-rtp-rtx-probe.hex");
        long ssrc = rtp(first).ssrc();
        long rtxSsrc = rtp(probe).ssrc();
        assertThat(rtxSsrc).isNotEqualTo(ssrc);
        ReceiveStream rx = new ReceiveStream(ReceiveStream.Config.video(ssrc, 1, rtxSsrc, 97, new H264Depacketizer()));
        Instant t = Instant.ofEpochSecond(1_700_000_000L);
        // the key frame's last packet (03) is missing; Chromium's RTX probe repeats it
        for (String name : List.of("01-rtp-h264-keyframe.hex", "02-rtp-h264-keyframe.hex", "04-rtp-h264-delta.hex",
                "05-rtp-h264-delta.hex", "07-rtp-rtx-probe.hex")) {
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
        assertThat(frames).extracting(EncodedFrame::keyframe).containsExactly(true, false, false);
        assertThat(annexB(frames.get(0).data())).extracting(nal -> nal[0] & 0x1F).containsExactly(7, 8, 5);
        assertThat(annexB(frames.get(1).data())).extracting(nal -> nal[0] & 0x1F).containsExactly(1);
        assertThat(rx.stats().retransmissionsReceived()).isEqualTo(1);
        assertThat(rx.stats().malformed()).isZero();
        assertThat(rx.stats().framesDropped()).isZero();
    }

    @Test
    void rtxPacketsCarryTheOriginalSequenceNumberAndPayloadOrOnlyPadding() throws RtpException {
        Map<String, byte[]> all = packets();
        for (String[] pair : List.of(new String[] {"03-rtp-h264-keyframe.hex", "07-rtp-rtx-probe.hex"},
                new String[] {"08-rtp-h264-nacked.hex", "09-rtp-rtx-retransmission.hex"})) {
            byte[] original = all.get(pair[0]);
            byte[] rtx = all.get(pair[1]);
            RtpPacket o = rtp(original);
            RtpPacket r = rtp(rtx);
            assertThat(r.payloadType()).isEqualTo(97);
            assertThat(r.timestamp()).isEqualTo(o.timestamp());
            assertThat(r.marker()).isEqualTo(o.marker());
            assertThat(Bytes.u16(rtx, r.payloadOffset())).as(pair[1]).isEqualTo(o.sequenceNumber()); // RFC 4588 §4: OSN
            assertThat(Arrays.copyOfRange(rtx, r.payloadOffset() + 2, r.payloadOffset() + r.payloadLength()))
                    .isEqualTo(Arrays.copyOfRange(original, o.payloadOffset(), o.payloadOffset() + o.payloadLength()));
        }
        byte[] pad = all.get("06-rtp-rtx-padding.hex");
        RtpPacket q = rtp(pad);
        assertThat(q.payloadType()).isEqualTo(97);
        assertThat(q.payloadLength()).isZero();
        assertThat(q.paddingLength()).isEqualTo(255);
    }

    @Test
    void opusPacketsDepacketizeToOneValidFramePerPacket() throws RtpException {
        Map<String, byte[]> all = packets();
        List<String> names = all.keySet().stream().filter(k -> k.contains("-rtp-opus")).toList();
        assertThat(names).hasSize(3);
        AudioDepacketizer d = AudioDepacketizer.opus();
        List<RtpPacket> packets = new ArrayList<>();
        for (String name : names) {
            byte[] b = all.get(name);
            RtpPacket p = rtp(b);
            packets.add(p);
            byte[] out = new byte[1500];
            int n = d.depacketize(b, p.payloadOffset(), p.payloadLength(), out, 0);
            assertThat(Arrays.copyOf(out, n)).isEqualTo(Arrays.copyOfRange(b, p.payloadOffset(), p.payloadOffset() + p.payloadLength()));
            // RFC 6716 §3.1: config 31 is CELT-only fullband 20 ms, s = 1 stereo (the offer said stereo=1), code 0: one frame
            int toc = out[0] & 0xFF;
            assertThat(toc >> 3).as(name).isEqualTo(31);
            assertThat(toc & 0x04).as(name).isEqualTo(0x04);
            assertThat(opusSamples(out, n)).as(name).isEqualTo(960);
        }
        // the first is silence before the fake microphone's beep (RFC 6464 level 127 -dBov), the others are the beep
        int level = EXTMAP.id(HeaderExtension.SSRC_AUDIO_LEVEL);
        assertThat(HeaderExtension.readAudioLevel(packets.get(0).buffer(), packets.get(0).extensionOffset(level))).isEqualTo(127);
        assertThat(HeaderExtension.readAudioLevel(packets.get(1).buffer(), packets.get(1).extensionOffset(level))).isLessThan(127);
        assertThat(packets.get(0).marker()).as("the first packet of a talkspurt").isTrue();
        // two consecutive packets of the beep: 20 ms apart at 48 kHz
        assertThat(packets.get(2).sequenceNumber()).isEqualTo((packets.get(1).sequenceNumber() + 1) & 0xFFFF);
        assertThat(packets.get(2).timestamp() - packets.get(1).timestamp()).isEqualTo(960);
    }

    @Test
    void rtcpCompoundsReencodeByteForByte() throws RtpException {
        Map<String, byte[]> all = packets();
        long videoSsrc = rtp(all.get("01-rtp-h264-keyframe.hex")).ssrc();
        long audioSsrc = rtp(all.get("10-rtp-opus.hex")).ssrc();
        List<Long> srs = new ArrayList<>();
        List<String> cnames = new ArrayList<>();
        int nacks = 0, plis = 0, twccs = 0, blocks = 0;
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
            if (!e.getKey().contains("-rtcp-")) {
                continue;
            }
            byte[] b = e.getValue();
            List<RtcpPacket> decoded = RtcpPacket.decode(b, 0, b.length);
            assertThat(HexFormat.of().formatHex(RtcpPacket.encode(decoded))).as(e.getKey()).isEqualTo(HexFormat.of().formatHex(b));
            for (RtcpPacket p : decoded) {
                if (p instanceof SenderReport sr) {
                    srs.add(sr.ssrc());
                    assertThat(sr.packetCount()).isPositive();
                    assertThat(sr.reports()).as("Chromium reports on what it receives in separate RRs").isEmpty();
                } else if (p instanceof SourceDescription sdes) {
                    cnames.add(sdes.chunks().get(0).items().get(0).text());
                } else if (p instanceof ReceiverReport rr) {
                    assertThat(rr.ssrc()).as("Chromium's receiver reports come from its video SSRC").isEqualTo(videoSsrc);
                    for (ReportBlock block : rr.reports()) {
                        blocks++;
                        assertThat(block.ssrc()).isIn(OUR_VIDEO_SSRC, OUR_AUDIO_SSRC);
                    }
                } else if (p instanceof GenericNack n) {
                    nacks++;
                    assertThat(n.mediaSsrc()).isEqualTo(OUR_VIDEO_SSRC);
                    for (int s : n.lostSequenceNumbers()) {
                        assertThat(s % 10).as("libdatachannel skipped every tenth sequence number").isZero();
                    }
                } else if (p instanceof PictureLossIndication pli) {
                    plis++;
                    assertThat(pli.mediaSsrc()).isEqualTo(OUR_VIDEO_SSRC);
                } else if (p instanceof TransportFeedback fb) {
                    twccs++;
                    assertThat(fb.senderSsrc()).isEqualTo(videoSsrc);
                    long[] received = new long[1];
                    fb.forEachPacket((seq, got, at) -> received[0] += got ? 1 : 0);
                    assertThat(received[0]).isPositive();
                }
            }
        }
        assertThat(srs).containsExactly(videoSsrc, audioSsrc);
        assertThat(cnames).hasSize(2).doesNotContainNull();
        assertThat(cnames.get(0)).as("one CNAME for the camera and the microphone").isEqualTo(cnames.get(1));
        assertThat(blocks).isPositive();
        assertThat(nacks).isPositive();
        assertThat(plis).isPositive();
        assertThat(twccs).isEqualTo(2);
    }

    /** The NAL units of an Annex B access unit (start codes of 3 or 4 bytes). */
    static List<byte[]> annexB(byte[] au) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 <= au.length; i++) {
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        assertThat(starts).as("an Annex B start code at the beginning").isNotEmpty();
        assertThat(starts.get(0)).isIn(3, 4);
        List<byte[]> nals = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? starts.get(k + 1) - 3 : au.length;
            if (k + 1 < starts.size() && au[end - 1] == 0) {
                end--; // a 4-byte start code's leading zero
            }
            nals.add(Arrays.copyOfRange(au, starts.get(k), end));
        }
        return nals;
    }

    /** Width and height from a Baseline-profile SPS (ITU-T H.264 §7.3.2.1.1), emulation prevention removed. */
    static int[] spsSize(byte[] nal) {
        byte[] rbsp = new byte[nal.length];
        int n = 0;
        for (int i = 1; i < nal.length; i++) {
            if (i >= 3 && nal[i] == 3 && nal[i - 1] == 0 && nal[i - 2] == 0) {
                continue;
            }
            rbsp[n++] = nal[i];
        }
        Bits r = new Bits(rbsp, 24); // after profile_idc, the constraint flags and level_idc
        r.ue(); // seq_parameter_set_id
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue();
        } else if (pocType == 1) {
            r.bit();
            r.ue();
            r.ue();
            int cycle = r.ue();
            for (int i = 0; i < cycle; i++) {
                r.ue();
            }
        }
        r.ue(); // max_num_ref_frames
        r.bit(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.ue() + 1;
        int heightMapUnits = r.ue() + 1;
        int frameMbsOnly = r.bit();
        if (frameMbsOnly == 0) {
            r.bit();
        }
        r.bit(); // direct_8x8_inference_flag
        int left = 0, right = 0, top = 0, bottom = 0;
        if (r.bit() == 1) {
            left = r.ue();
            right = r.ue();
            top = r.ue();
            bottom = r.ue();
        }
        int heightFactor = 2 - frameMbsOnly;
        return new int[] {widthMbs * 16 - 2 * (left + right), heightFactor * heightMapUnits * 16 - 2 * heightFactor * (top + bottom)};
    }

    private static final class Bits {
        private final byte[] b;
        private int pos;

        Bits(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int bit() {
            int v = (b[pos >> 3] >> (7 - (pos & 7))) & 1;
            pos++;
            return v;
        }

        int ue() {
            int zeros = 0;
            while (bit() == 0) {
                zeros++;
            }
            int v = 0;
            for (int i = 0; i < zeros; i++) {
                v = v << 1 | bit();
            }
            return (1 << zeros) - 1 + v;
        }
    }

    /** Samples at 48 kHz in an Opus packet (RFC 6716 §3.1, §3.2), checking the frame count rules; -1 if invalid. */
    static int opusSamples(byte[] p, int len) {
        int toc = p[0] & 0xFF;
        int config = toc >> 3;
        int frame; // samples per frame at 48 kHz
        if (config < 12) {
            frame = new int[] {480, 960, 1920, 2880}[config & 3];
        } else if (config < 16) {
            frame = (config & 1) == 0 ? 480 : 960;
        } else {
            frame = new int[] {120, 240, 480, 960}[config & 3];
        }
        int frames;
        switch (toc & 3) {
            case 0 -> frames = 1;
            case 1 -> {
                if ((len - 1) % 2 != 0) {
                    return -1;
                }
                frames = 2;
            }
            case 2 -> {
                if (len < 2) {
                    return -1;
                }
                frames = 2;
            }
            default -> {
                if (len < 2 || (p[1] & 0x3F) == 0) {
                    return -1;
                }
                frames = p[1] & 0x3F;
            }
        }
        return frames * frame > 5760 ? -1 : frames * frame; // at most 120 ms
    }
}
