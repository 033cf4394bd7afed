package org.rtc4j.pc;

/** Which candidates ICE may use (W3C §4.2.5): all, or relayed only. {@link #toString()} gives the spec's string. */
public enum RTCIceTransportPolicy implements W3cEnum {
    ALL, RELAY;

    @Override
    public String toString() {
        return w3c();
    }

    /** The value for a spec string. */
    public static RTCIceTransportPolicy of(String text) {
        return W3cEnum.parse(RTCIceTransportPolicy.class, text);
    }
}
