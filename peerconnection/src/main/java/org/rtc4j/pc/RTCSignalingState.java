package org.rtc4j.pc;

/** The signaling state of JSEP (RFC 8829 §3.2, W3C §4.3.1). {@link #toString()} gives the spec's string. */
public enum RTCSignalingState implements W3cEnum {
    STABLE, HAVE_LOCAL_OFFER, HAVE_REMOTE_OFFER, HAVE_LOCAL_PRANSWER, HAVE_REMOTE_PRANSWER, CLOSED;

    @Override
    public String toString() {
        return w3c();
    }

    /** The value for a spec string. */
    public static RTCSignalingState of(String text) {
        return W3cEnum.parse(RTCSignalingState.class, text);
    }
}
