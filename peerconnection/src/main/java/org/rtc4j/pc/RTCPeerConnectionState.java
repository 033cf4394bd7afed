package org.rtc4j.pc;

/** The connection's aggregate state over ICE and DTLS (W3C §4.3.3). {@link #toString()} gives the spec's string. */
public enum RTCPeerConnectionState implements W3cEnum {
    NEW, CONNECTING, CONNECTED, DISCONNECTED, FAILED, CLOSED;

    @Override
    public String toString() {
        return w3c();
    }

    /** The value for a spec string. */
    public static RTCPeerConnectionState of(String text) {
        return W3cEnum.parse(RTCPeerConnectionState.class, text);
    }
}
