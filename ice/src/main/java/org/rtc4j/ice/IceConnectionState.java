package org.rtc4j.ice;

/** The connection state of an ICE transport, with the W3C {@code RTCIceTransportState} strings. */
public enum IceConnectionState {
    NEW("new"),
    CHECKING("checking"),
    CONNECTED("connected"),
    COMPLETED("completed"),
    DISCONNECTED("disconnected"),
    FAILED("failed"),
    CLOSED("closed");

    private final String w3c;

    IceConnectionState(String w3c) {
        this.w3c = w3c;
    }

    /** The W3C string, such as {@code "checking"}. */
    public String w3cName() {
        return w3c;
    }

    @Override
    public String toString() {
        return w3c;
    }
}
