package org.rtc4j.media;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One codec as SDP offers it (RFC 8866 {@code a=rtpmap} and {@code a=fmtp}; RFC 3551 §4.1 for names):
 * encoding name, RTP clock rate, channels (audio), and format parameters such as H.264's
 * {@code profile-level-id} and {@code packetization-mode} (RFC 6184 §8.1) or Opus's
 * {@code useinbandfec} (RFC 7587 §6.1).
 *
 * @param name encoding name as SDP spells it ("VP8", "H264", "opus")
 * @param clockRate RTP clock rate, Hz
 * @param channels audio channels (2 for Opus, RFC 7587 §7), 0 for video
 * @param fmtp format parameters in offer order
 */
public record CodecCapability(String name, int clockRate, int channels, Map<String, String> fmtp) {
    public CodecCapability {
        fmtp = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fmtp));
    }

    /** Format parameters in the given order: {@code params("a", "1", "b", "2")}. */
    public static Map<String, String> params(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** The {@code a=rtpmap} value after the payload type: {@code VP8/90000}, {@code opus/48000/2}. */
    public String rtpmap() {
        return name + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }

    /** The {@code a=fmtp} value after the payload type, {@code key=value;...}, or empty. */
    public String fmtpLine() {
        return fmtp.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }
}
