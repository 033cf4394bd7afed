package org.rtc4j.pc;

/** The ICE transport's aggregate state (W3C §4.3.3, RFC 8445). {@link #toString()} gives the spec's string. */
public enum RTCIceConnectionState implements W3cEnum {
    NEW, CHECKING, CONNECTED, COMPLETED, DISCONNECTED, FAILED, CLOSED;

    @Override
    public String toString() {
        return w3c();
    }

    /** The value for a spec string. */
    public static RTCIceConnectionState of(String text) {
        return W3cEnum.parse(RTCIceConnectionState.class, text);
    }
}
