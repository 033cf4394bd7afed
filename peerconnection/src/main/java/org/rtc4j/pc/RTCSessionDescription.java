package org.rtc4j.pc;

import java.util.Objects;

/**
 * A session description as JSEP hands it between peers (W3C §4.8.1): its type and the SDP text.
 *
 * @param sdp the SDP (RFC 8866), empty only for a rollback
 */
public record RTCSessionDescription(RTCSdpType type, String sdp) {
    public RTCSessionDescription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sdp, "sdp");
    }

    public static RTCSessionDescription offer(String sdp) {
        return new RTCSessionDescription(RTCSdpType.OFFER, sdp);
    }

    public static RTCSessionDescription answer(String sdp) {
        return new RTCSessionDescription(RTCSdpType.ANSWER, sdp);
    }

    public static RTCSessionDescription rollback() {
        return new RTCSessionDescription(RTCSdpType.ROLLBACK, "");
    }
}
