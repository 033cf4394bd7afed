package org.rtc4j.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzzing (Jazzer) of the RTP view, the RTCP decoder and every depacketizer.
 *
 * <p>The contract under test: hostile bytes get an {@link RtpException} with a reason and nothing
 * else; what parses is consistent (every offset inside the packet, the same at any array offset) and
 * re-encodes to bytes that parse to the same thing.
 *
 * <p>A plain {@code mvn test} runs each method once per file in
 * {@code src/test/resources/org/rtc4j/rtp/RtpFuzzTestInputs/<method>/} (captured and RFC-layout
 * packets, and any {@code crash-*} file an earlier fuzzing run left there). To fuzz one for its
 * {@code maxDuration} ({@code JAZZER_MAX_DURATION=10m} overrides it):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl rtp test -Dtest='RtpFuzzTest#parseRtp'
 * </pre>
 */
class RtpFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parseRtp(byte[] input) {
        RtpPacket p = new RtpPacket();
        RtpException.Reason reason = null;
        try {
            p.wrap(input, 0, input.length);
        } catch (RtpException e) {
            check(e.reason() != null && e.getMessage() != null, () -> "no reason");
            reason = e.reason();
        }
        byte[] larger = new byte[input.length + 9];
        System.arraycopy(input, 0, larger, 4, input.length);
        RtpPacket q = new RtpPacket();
        try {
            q.wrap(larger, 4, input.length);
            check(reason == null, () -> "parses at an offset only");
        } catch (RtpException e) {
            RtpException.Reason r = reason;
            check(e.reason() == r, () -> "at an offset: " + e.reason() + " (expected: " + r + ")");
        }
        if (reason != null) {
            return;
        }
        check(p.headerLength() + p.payloadLength() + p.paddingLength() == input.length, () -> "lengths do not add up");
        check(p.payloadLength() >= 0 && p.payloadOffset() <= input.length, () -> "payload outside");
        int[] seen = new int[1];
        p.forEachExtension((id, b, o, l) -> {
            check(o >= 12 && o + l <= p.headerLength(), () -> "element outside the header");
            int at = p.extensionOffset(id);
            check(at >= 0 && at <= o, () -> "extensionOffset(" + id + ") missed an element");
            seen[0]++;
        });
        for (int id = -1; id < 260; id++) {
            int o = p.extensionOffset(id);
            int l = p.extensionLength(id);
            check(o < 0 ? l == -1 : o + l <= p.headerLength(), () -> "lookup outside the header");
        }
        check(q.sequenceNumber() == p.sequenceNumber() && q.ssrc() == p.ssrc() && q.timestamp() == p.timestamp()
                && q.payloadLength() == p.payloadLength(), () -> "differs at an offset");
        // rewrite it; an RFC 8285 block's elements survive, payload and padding too
        if (p.extensionProfile() == RtpPacket.ONE_BYTE_PROFILE || (p.extensionProfile() & 0xFFF0) == RtpPacket.TWO_BYTE_PROFILE
                || !p.hasExtension()) {
            byte[] out = new byte[input.length * 2 + 64];
            RtpWriter w = new RtpWriter().begin(out, 0, p.payloadType(), p.sequenceNumber(), p.timestamp(), p.ssrc()).marker(p.marker());
            for (int i = 0; i < p.csrcCount(); i++) {
                w.csrc(p.csrc(i));
            }
            p.forEachExtension((id, b, o, l) -> w.extension(id, b, o, l));
            w.payload(input, p.payloadOffset(), p.payloadLength());
            if (p.paddingLength() > 0) {
                w.padding(p.paddingLength());
            }
            int n = w.finish();
            RtpPacket r = new RtpPacket();
            try {
                r.wrap(out, 0, n);
            } catch (RtpException e) {
                throw new AssertionError("a rewritten packet fails to parse: " + e.getMessage(), e);
            }
            List<String> before = elements(p);
            List<String> after = elements(r);
            check(after.equals(before), () -> "elements " + after + " after rewriting (expected: " + before + ")");
            check(before.size() == seen[0], () -> "forEachExtension counted differently");
            check(Arrays.equals(out, r.payloadOffset(), r.payloadOffset() + r.payloadLength(),
                    input, p.payloadOffset(), p.payloadOffset() + p.payloadLength()), () -> "payload differs");
        }
    }

    private static List<String> elements(RtpPacket p) {
        List<String> out = new java.util.ArrayList<>();
        p.forEachExtension((id, b, o, l) -> out.add(id + "=" + Hex.hex(b, o, l)));
        return out;
    }

    @FuzzTest(maxDuration = "60s")
    void parseRtcp(byte[] input) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpPacket.decode(input, 0, input.length);
        } catch (RtpException e) {
            check(e.reason() != null && e.getMessage() != null, () -> "no reason");
            return;
        }
        byte[] encoded = RtcpPacket.encode(packets);
        List<RtcpPacket> again;
        try {
            again = RtcpPacket.decode(encoded, 0, encoded.length);
        } catch (RtpException e) {
            throw new AssertionError("re-encoded RTCP fails to decode: " + e.getMessage(), e);
        }
        check(again.equals(packets), () -> "decode(encode(p)) is " + again + " (expected: " + packets + ")");
        check(Arrays.equals(RtcpPacket.encode(again), encoded), () -> "a second encoding differs");
        for (RtcpPacket p : packets) {
            check(p.toString() != null, () -> "toString");
            if (p instanceof GenericNack n) {
                check(n.lostSequenceNumbers().length >= n.entries().length, () -> "NACK expansion");
            } else if (p instanceof TransportFeedback t) {
                t.forEachPacket((seq, received, at) -> { });
            }
        }
    }

    /**
     * The first byte picks the depacketizer (VP8, H.264, Opus, G.711, VP9, AV1); the rest is split into payloads.
     * VP8 and VP9 payloads also go through the accessors a forwarder uses (TID, TL0PICIDX, sync bit, picture id);
     * VP9 payloads through the picture group of their scalability structure (RFC 9628 §4.2.1) too.
     */
    @FuzzTest(maxDuration = "60s")
    void depacketizeAnything(byte[] input) {
        if (input.length < 2) {
            return;
        }
        Depacketizer d = switch ((input[0] & 0xFF) % 6) {
            case 0 -> new Vp8Depacketizer();
            case 1 -> new H264Depacketizer();
            case 2 -> AudioDepacketizer.opus();
            case 3 -> AudioDepacketizer.g711();
            case 4 -> new Vp9Depacketizer();
            default -> new Av1Depacketizer();
        };
        byte[] out = new byte[4096];
        int[] pictureGroup = new int[4];
        int pos = 1;
        int w = 0;
        d.beginFrame();
        while (pos < input.length) {
            int len = Math.min(input[pos] & 0xFF, input.length - pos - 1);
            int off = pos + 1;
            try {
                d.isFrameStart(input, off, len);
                d.isKeyframe(input, off, len);
                if (d instanceof Vp8Depacketizer) {
                    checkLayers(Vp8Depacketizer.temporalLayer(input, off, len), Vp8Depacketizer.tl0PicIdx(input, off, len),
                            Vp8Depacketizer.layerSync(input, off, len), Vp8Depacketizer.pictureId(input, off, len), 3);
                } else if (d instanceof Vp9Depacketizer) {
                    checkLayers(Vp9Depacketizer.temporalLayer(input, off, len), Vp9Depacketizer.tl0PicIdx(input, off, len),
                            Vp9Depacketizer.layerSync(input, off, len), Vp9Depacketizer.pictureId(input, off, len), 7);
                    checkPictureGroup(Vp9Depacketizer.pictureGroup(input, off, len, pictureGroup), pictureGroup,
                            (input[off] & 0x02) != 0);
                }
                int n = d.depacketize(input, off, len, out, w);
                int at = w;
                check(n >= 0 && at + n <= out.length, () -> "wrote " + n + " bytes at " + at);
                w += n;
            } catch (RtpException e) {
                check(e.reason() != null && e.getMessage() != null, () -> "no reason");
            }
            pos = off + len;
        }
    }

    /** What a forwarder reads from a VP8 or VP9 descriptor is in its field's range; a sync bit needs a TID. */
    private static void checkLayers(int tid, int tl0PicIdx, boolean sync, int pictureId, int maxTid) {
        check(tid >= -1 && tid <= maxTid, () -> "TID " + tid);
        check(tl0PicIdx >= -1 && tl0PicIdx <= 0xFF, () -> "TL0PICIDX " + tl0PicIdx);
        check(!sync || tid >= 0, () -> "a sync bit without a TID");
        check(pictureId >= -1 && pictureId <= 0x7FFF, () -> "picture id " + pictureId);
    }

    /** N_G is in range and only with V; each entry read has its reserved bits clear and no P_DIFF past R. */
    private static void checkPictureGroup(int n, int[] entries, boolean ss) {
        check(n >= -1 && n <= 0xFF, () -> "N_G " + n);
        check(ss || n == -1, () -> "a picture group without a scalability structure");
        for (int g = 0; g < Math.min(n, entries.length); g++) {
            int e = entries[g];
            int refs = e >>> 26 & 3;
            check((e & 0x03000000) == 0 && (refs == 3 || (e & 0xFFFFFF >>> 8 * refs) == 0), () -> "entry " + Integer.toHexString(e));
        }
    }

    private static void check(boolean condition, Supplier<String> what) {
        if (!condition) {
            throw new AssertionError(what.get());
        }
    }
}
