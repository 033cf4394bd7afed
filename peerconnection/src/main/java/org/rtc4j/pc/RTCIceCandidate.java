package org.rtc4j.pc;

/**
 * An ICE candidate as trickled between peers (W3C §4.8.2, RFC 8839 §5.1): the {@code candidate:...}
 * attribute value (without {@code a=}) and the media section it belongs to. An empty candidate string
 * means the end of candidates for that section (RFC 8838 §4).
 *
 * @param sdpMid the {@code a=mid} of the media section, or null
 * @param sdpMLineIndex the index of the media section, or -1
 */
public record RTCIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
    public RTCIceCandidate {
        if (candidate == null) {
            candidate = "";
        }
        if (sdpMid == null && sdpMLineIndex < 0 && !candidate.isEmpty()) {
            throw new IllegalArgumentException("a candidate needs sdpMid or sdpMLineIndex (TypeError in the W3C spec)");
        }
    }

    /** The end-of-candidates signal for the media section {@code sdpMid}. */
    public static RTCIceCandidate endOfCandidates(String sdpMid) {
        return new RTCIceCandidate("", sdpMid, -1);
    }

    /** Whether this is the end-of-candidates signal. */
    public boolean isEndOfCandidates() {
        return candidate.isEmpty();
    }
}
